package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.grove.patina.app.AppDirs;
import dev.grove.patina.app.LogSetup;
import dev.grove.patina.app.Services;
import dev.grove.patina.crypt.AgeIdentityFile;
import dev.grove.patina.crypt.X25519Identity;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret test of issue 14: with DEBUG logging into a log file, the real CLI backs up, downloads and restores
 * with a passphrase and with an X25519 identity, then tries a wrong passphrase and a wrong identity; then every file
 * Patina wrote (log file, catalog and its WAL, config, store objects and their metadata, downloads) and everything
 * it printed is searched for the passphrase and for {@code AGE-SECRET-KEY} (and the key's body in either case):
 * neither is anywhere. Only the files the operator wrote — the passphrase file and the identity files — hold them.
 */
class EncryptionSecretsNeverWrittenTest {
    private static final String PASSPHRASE = "patina-secret-test-passphrase-7f3a91c2";
    private static final String WRONG_PASSPHRASE = "patina-wrong-passphrase-0b8e4d55";

    @TempDir
    Path dir;

    private final X25519Identity identity = X25519Identity.generate(new SecureRandom());
    private final X25519Identity wrong = X25519Identity.generate(new SecureRandom());
    private final List<String> printed = new ArrayList<>();
    private Path config;
    private Path db;

    @AfterEach
    void restoreLogging() {
        LogSetup.removeDailyFile();
        System.clearProperty("patina.log.level");
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    }

    private CliResult patina(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Services services = new Services(Clock.systemUTC(), new AppDirs(Map.of("PATINA_HOME",
                dir.resolve("home").toString()), "Linux", dir.resolve("home")));
        int code = PatinaCli.run(all, services, new ByteArrayOutputStream(), new PrintWriter(out, true),
                new PrintWriter(err, true));
        printed.add(out.toString());
        printed.add(err.toString());
        return new CliResult(code, out + err.toString());
    }

    record CliResult(int code, String text) {
    }

    private void writeConfig(String encryption) throws Exception {
        config = dir.resolve("patina.toml");
        Files.writeString(config, """
                [store]
                type = "local"
                path = "%s"

                [[databases]]
                name = "shop"
                type = "sqlite"
                path = "%s"

                [compression]
                daily = "gzip"

                [catalog]
                path = "%s"

                [encryption]
                %s
                """.formatted(dir.resolve("store"), db, dir.resolve("data/catalog.sqlite"), encryption));
    }

    private Path ownerOnly(String name, String text) throws Exception {
        Path file = dir.resolve("operator").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void neitherThePassphraseNorAnIdentityAppearsInAnythingPatinaWrites() throws Exception {
        System.setProperty("patina.log.level", "DEBUG");
        Path log = LogSetup.addDailyFile(dir.resolve("logs"), 2);
        LoggerFactory.getLogger(getClass()).debug("DEBUG logging is on");
        db = dir.resolve("shop.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
            s.execute("INSERT INTO notes (body) VALUES ('one'), ('two'), ('three')");
        }
        Path passFile = ownerOnly("passphrase", PASSPHRASE);
        Path wrongPassFile = ownerOnly("wrong-passphrase", WRONG_PASSPHRASE);
        Path idFile = ownerOnly("identity.txt", AgeIdentityFile.format(identity, OffsetDateTime.now()));
        Path wrongIdFile = ownerOnly("wrong.txt", AgeIdentityFile.format(wrong, OffsetDateTime.now()));

        // a passphrase: backup, download, restore of the downloaded object, then the wrong passphrase
        writeConfig("passphrase = \"file:" + passFile + "\"");
        assertEquals(0, patina("backup", "--now", "2026-11-02T02:00:00Z").code());
        Path kept = dir.resolve("downloads/kept.sql.gz.age");
        Files.createDirectories(kept.getParent());
        assertEquals(0, patina("download", "2026-11-02", "shop", "--keep-encrypted", "-o", kept.toString()).code());
        assertEquals(0, patina("download", "2026-11-02", "shop", "--decompress", "-o",
                dir.resolve("downloads/one.sql").toString()).code());
        assertEquals(0, patina("restore", kept.toString(), dir.resolve("downloads/one.sqlite").toString()).code());
        assertEquals(0, patina("verify", "--date", "2026-11-02", "--decrypt").code());
        writeConfig("passphrase = \"file:" + wrongPassFile + "\"");
        CliResult wrongPass = patina("download", "2026-11-02", "shop", "-o", dir.resolve("downloads/x.sql")
                .toString());
        assertNotEquals(0, wrongPass.code(), wrongPass.text());
        assertTrue(wrongPass.text().contains("passphrase"), wrongPass.text());

        // X25519: backup, download, then the wrong identity
        writeConfig("recipients = [\"%s\"]\nidentity = \"%s\"".formatted(identity.recipient().encoded(), idFile));
        assertEquals(0, patina("backup", "--now", "2026-11-03T02:00:00Z").code());
        assertEquals(0, patina("download", "2026-11-03", "shop", "-o", dir.resolve("downloads/two.sql.gz")
                .toString()).code());
        assertEquals(0, patina("verify", "--date", "2026-11-03", "--decrypt").code());
        writeConfig("recipients = [\"%s\"]\nidentity = \"%s\"".formatted(identity.recipient().encoded(),
                wrongIdFile));
        CliResult wrongKey = patina("download", "2026-11-03", "shop", "-o", dir.resolve("downloads/y.sql.gz")
                .toString());
        assertNotEquals(0, wrongKey.code(), wrongKey.text());
        assertTrue(wrongKey.text().contains(identity.fingerprint()), wrongKey.text());
        LogSetup.removeDailyFile();

        assertTrue(Files.size(log) > 0, "the log file was written");
        assertTrue(Files.readString(log).contains("DEBUG"), "DEBUG lines are in the log");
        String secretBody = identity.encodedSecret().substring("AGE-SECRET-KEY-".length());
        String wrongBody = wrong.encodedSecret().substring("AGE-SECRET-KEY-".length());
        List<String> needles = List.of(PASSPHRASE, WRONG_PASSPHRASE, "AGE-SECRET-KEY", secretBody, wrongBody);
        Set<Path> operatorFiles = Set.of(passFile, wrongPassFile, idFile, wrongIdFile);
        List<String> searched = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !operatorFiles.contains(f)).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                searched.add(dir.relativize(f).toString());
                for (String needle : needles) {
                    assertFalse(text.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT)),
                            f + " holds a secret (" + needle.substring(0, 6) + "…)");
                }
            }
        }
        for (String p : printed) {
            for (String needle : needles) {
                assertFalse(p.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT)), p);
            }
        }
        assertTrue(searched.stream().anyMatch(s -> s.startsWith("logs/")), searched.toString());
        assertTrue(searched.stream().anyMatch(s -> s.contains("catalog.sqlite")), searched.toString());
        assertTrue(searched.stream().anyMatch(s -> s.endsWith("shop.sql.gz.age")), searched.toString());
        assertTrue(searched.contains("patina.toml"), searched.toString());
        assertFalse(printed.isEmpty());
    }
}
