package dev.grove.patina.catalog;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** {@link CatalogRecordsTest} on a real PostgreSQL:
 * the cluster's catalog keeps the same contract (run with -Pcluster). */
@Tag("cluster")
class PostgresCatalogRecordsTest extends CatalogRecordsTest {
    private static PostgresCatalogBackend.Server server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresCatalogBackend.Server.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    CatalogBackend newBackend(Path dir) {
        return server.fresh();
    }
}
