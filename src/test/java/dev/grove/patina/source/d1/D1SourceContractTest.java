package dev.grove.patina.source.d1;

import static dev.grove.patina.source.d1.D1Fixtures.ACCOUNT;
import static dev.grove.patina.source.d1.D1Fixtures.DATABASE;
import static dev.grove.patina.source.d1.D1Fixtures.TOKEN;

import dev.grove.patina.dump.Restorer;
import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.source.DatabaseSource;
import dev.grove.patina.source.DatabaseSourceContract;
import dev.grove.patina.source.d1.D1Fixtures.FakeTime;
import dev.grove.patina.util.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The D1 source (query mode) passes the source contract over the fake D1 REST API, which serves a real SQLite file. */
class D1SourceContractTest extends DatabaseSourceContract {
    private final FakeTime time = new FakeTime();
    private final List<FakeD1Server> servers = new ArrayList<>();

    @Override
    protected DatabaseSource sourceOver(String name, Path sqliteFile) throws Exception {
        return source(name, serve(sqliteFile), DATABASE, TOKEN);
    }

    @Override
    protected boolean readsHeaderPragmas() {
        return false; // D1 refuses PRAGMA user_version and application_id, reading and setting alike
    }

    @Override
    protected DatabaseSource missingSource(String name) throws Exception {
        return source(name, serve(file), "no-such-database-id", TOKEN);
    }

    @Override
    protected DatabaseSource unreadableSource(String name) throws Exception {
        return source(name, serve(file), DATABASE, "a-token-without-d1-read");
    }

    @Override
    protected void closeSources() throws Exception {
        for (FakeD1Server server : servers) {
            server.close();
        }
    }

    private FakeD1Server serve(Path sqliteFile) throws Exception {
        FakeD1Server server = new FakeD1Server(sqliteFile, ACCOUNT, DATABASE, TOKEN);
        servers.add(server);
        return server;
    }

    private D1Source source(String name, FakeD1Server server, String database, String token) {
        D1DatabaseConfig config = new D1DatabaseConfig(name, ACCOUNT, database, new Secret(token, "env:CF_TOKEN"),
                server.apiBase(), D1DatabaseConfig.MODE_QUERY);
        return new D1Source(config, D1Fixtures.client(config, time, D1Settings.defaults()), new Restorer(time),
                Duration.ofSeconds(1));
    }
}
