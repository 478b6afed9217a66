package dev.grove.patina.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [cluster]}: read, checked (file, line and key in every error), written back without its password. */
class ClusterConfigTest {
    private static final String PASSWORD = "pg-Secret-4711";

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(Map.of("PATINA_PG_PASSWORD", PASSWORD)::get,
            Path.of("/nonexistent-data"), name -> Optional.empty());

    private Path config(String cluster) throws Exception {
        Path file = dir.resolve("patina.toml");
        Files.writeString(file, """
                [store]
                type = "local"
                path = "%s"

                [cluster]
                %s
                """.formatted(dir.resolve("store"), cluster));
        return file;
    }

    @Test
    void aClusterIsReadWithItsPasswordFromTheEnvironmentAndWrittenBackAsTheReference() throws Exception {
        PatinaConfig c = loader.load(config("""
                jdbc_url = "jdbc:postgresql://db.example:5433/patina?sslmode=require"
                user = "patina"
                password = "env:PATINA_PG_PASSWORD"
                node = "backup-2"
                """));
        ClusterConfig cluster = c.cluster().orElseThrow();
        assertEquals("db.example:5433", cluster.hostPort());
        assertEquals(PASSWORD, cluster.password().reveal());
        assertEquals("backup-2", cluster.nodeOr("host"));
        assertFalse(c.toString().contains(PASSWORD), c.toString());

        String written = new ConfigWriter(ConfigWriter.PlainSecrets.WRITE).write(c);
        assertTrue(written.contains("password = \"env:PATINA_PG_PASSWORD\""), written);
        assertFalse(written.contains(PASSWORD), written);
        Path again = dir.resolve("again.toml");
        Files.writeString(again, written);
        assertEquals(cluster, loader.load(again).cluster().orElseThrow());
    }

    @Test
    void withoutANodeTheHostNameIsTheNodeAndWithoutTheTableThereIsNoCluster() throws Exception {
        PatinaConfig c = loader.load(config("""
                jdbc_url = "jdbc:postgresql://localhost/patina"
                user = "patina"
                password = "env:PATINA_PG_PASSWORD"
                """));
        assertEquals("the-host", c.cluster().orElseThrow().nodeOr("the-host"));
        assertEquals("localhost:5432", c.cluster().orElseThrow().hostPort());
        Path plain = dir.resolve("plain.toml");
        Files.writeString(plain, "[store]\ntype = \"local\"\npath = \"" + dir.resolve("s") + "\"\n");
        assertEquals(Optional.empty(), loader.load(plain).cluster());
    }

    @Test
    void badValuesAreNamedByFileLineAndKey() throws Exception {
        assertError("jdbc_url = \"jdbc:mysql://db/patina\"\nuser = \"u\"\npassword = \"env:PATINA_PG_PASSWORD\"",
                "cluster.jdbc_url must start with jdbc:postgresql://", 6);
        assertError("jdbc_url = \"jdbc:postgresql://db:5432/\"\nuser = \"u\"\npassword = \"env:PATINA_PG_PASSWORD\"",
                "names no database", 6);
        assertError("jdbc_url = \"jdbc:postgresql://db/p\"\npassword = \"env:PATINA_PG_PASSWORD\"",
                "cluster.user is required", 5);
        assertError("jdbc_url = \"jdbc:postgresql://db/p\"\nuser = \"u\"", "cluster.password is required", 5);
        assertError("jdbc_url = \"jdbc:postgresql://db/p\"\nuser = \"u\"\npassword = \"env:PATINA_PG_PASSWORD\"\n"
                + "node = \"a b\"", "cluster.node must be letters", 9);
        assertError("jdbc_url = \"jdbc:postgresql://db/p\"\nuser = \"u\"\npassword = \"env:PATINA_PG_PASSWORD\"\n"
                + "nodes = \"a\"", "unknown key", 9);
        assertError("jdbc_url = \"jdbc:postgresql://db/p\"\nuser = \"u\"\npassword = \"env:NOT_SET_PG\"",
                "NOT_SET_PG", 8);
    }

    @Test
    void aPasswordInsideTheUrlIsRefusedWithoutEchoingIt() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(config(
                "jdbc_url = \"jdbc:postgresql://db/p?user=u&password=" + PASSWORD + "\"\nuser = \"u\"\n"
                        + "password = \"env:PATINA_PG_PASSWORD\"")));
        assertTrue(e.getMessage().contains("must not hold a password"), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
    }

    private void assertError(String cluster, String expected, int line) throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(config(cluster)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("patina.toml"), e.getMessage());
        assertTrue(e.getMessage().contains("line " + line), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
    }
}
