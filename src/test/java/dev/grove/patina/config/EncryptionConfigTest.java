package dev.grove.patina.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.crypt.X25519Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [encryption]}: read, checked (age's rules, bad keys by index), written back without a secret. */
class EncryptionConfigTest {
    private static final String PASSPHRASE = "correct horse battery staple 4711";

    @TempDir
    Path dir;

    private final X25519Identity a = X25519Identity.generate(new SecureRandom());
    private final X25519Identity b = X25519Identity.generate(new SecureRandom());

    private final ConfigLoader loader = new ConfigLoader(Map.of("PATINA_AGE_PASS", PASSPHRASE)::get,
            Path.of("/nonexistent-data"), name -> name.equals("age-id") ? Optional.of("# k\n" + a.encodedSecret())
            : Optional.empty());

    private Path config(String encryption) throws Exception {
        Path file = dir.resolve("patina.toml");
        Files.writeString(file, """
                [store]
                type = "local"
                path = "%s"

                [encryption]
                %s
                """.formatted(dir.resolve("store"), encryption));
        return file;
    }

    @Test
    void recipientsAndAnIdentityFileAreReadAndWrittenBackAsTheyWere() throws Exception {
        Path file = config("recipients = [\"%s\", \"%s\"]\nidentity = \"keys/me.txt\"".formatted(
                a.recipient().encoded(), b.recipient().encoded()));
        PatinaConfig c = loader.load(file);
        EncryptionConfig e = c.encryption();
        assertEquals(2, e.recipients().size());
        assertEquals(b.recipient().encoded(), e.recipients().get(1).encoded());
        assertEquals(Optional.of(dir.resolve("keys/me.txt")), e.identityFile());
        assertTrue(e.encrypts() && e.canDecrypt());

        String written = new ConfigWriter(ConfigWriter.PlainSecrets.OMIT).write(c);
        assertTrue(written.contains("[encryption]"), written);
        Path again = dir.resolve("again.toml");
        Files.writeString(again, written);
        EncryptionConfig reread = loader.load(again).encryption();
        assertEquals(e.recipients().stream().map(r -> r.encoded()).toList(),
                reread.recipients().stream().map(r -> r.encoded()).toList());
        assertEquals(e.identityFile(), reread.identityFile());
    }

    @Test
    void aPassphraseComesFromAReferenceAndIsNeverWrittenBack() throws Exception {
        PatinaConfig c = loader.load(config("passphrase = \"env:PATINA_AGE_PASS\"\nidentity = \"keyring:age-id\""));
        assertEquals(PASSPHRASE, c.encryption().passphrase().orElseThrow().reveal());
        assertTrue(c.encryption().identityKey().orElseThrow().reveal().contains("AGE-SECRET-KEY-"));
        String written = new ConfigWriter(ConfigWriter.PlainSecrets.WRITE).write(c);
        assertTrue(written.contains("passphrase = \"env:PATINA_AGE_PASS\""), written);
        assertTrue(written.contains("identity = \"keyring:age-id\""), written);
        assertFalse(written.contains(PASSPHRASE), written);
        assertFalse(written.contains("AGE-SECRET-KEY"), written);
        assertFalse(c.toString().contains(PASSPHRASE));
    }

    @Test
    void aPassphraseBesideRecipientsIsRefusedAsAgeForbidsIt() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(config(
                "recipients = [\"%s\"]\npassphrase = \"env:PATINA_AGE_PASS\"".formatted(a.recipient().encoded()))));
        assertTrue(e.getMessage().contains("age forbids"), e.getMessage());
        assertTrue(e.getMessage().contains("encryption.passphrase"), e.getMessage());
        assertFalse(e.getMessage().contains(PASSPHRASE), e.getMessage());
    }

    @Test
    void aMalformedRecipientIsNamedByItsIndex() throws Exception {
        String broken = a.recipient().encoded().substring(0, 20) + "qqqq" + a.recipient().encoded().substring(24);
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(config(
                "recipients = [\"%s\", \"%s\"]".formatted(b.recipient().encoded(), broken))));
        assertTrue(e.getMessage().contains("encryption.recipients[1]"), e.getMessage());
        assertTrue(e.getMessage().contains("line"), e.getMessage());
    }

    @Test
    void aSecretKeyWhereAPublicKeyBelongsIsRefusedWithoutEchoingIt() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(config(
                "recipients = [\"%s\"]".formatted(a.encodedSecret()))));
        assertTrue(e.getMessage().contains("encryption.recipients[0] is a secret key"), e.getMessage());
        assertFalse(e.getMessage().contains(a.encodedSecret()), e.getMessage());
        assertFalse(e.getMessage().toUpperCase().contains(a.encodedSecret().substring(15, 40).toUpperCase()));

        ConfigException id = assertThrows(ConfigException.class, () -> loader.load(config(
                "identity = \"%s\"".formatted(a.encodedSecret()))));
        assertTrue(id.getMessage().contains("encryption.identity holds a secret key"), id.getMessage());
        assertFalse(id.getMessage().contains(a.encodedSecret().substring(15)), id.getMessage());
    }

    @Test
    void aPassphraseWrittenInTheFileIsRefusedWithoutEchoingIt() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(config(
                "passphrase = \"" + PASSPHRASE + "\"")));
        assertTrue(e.getMessage().contains("must be a reference"), e.getMessage());
        assertFalse(e.getMessage().contains(PASSPHRASE), e.getMessage());
    }

    @Test
    void withoutTheTableNothingIsEncrypted() throws Exception {
        Path file = dir.resolve("plain.toml");
        Files.writeString(file, "[store]\ntype = \"local\"\npath = \"%s\"\n".formatted(dir.resolve("s")));
        PatinaConfig c = loader.load(file);
        assertFalse(c.encryption().configured());
        assertFalse(new ConfigWriter(ConfigWriter.PlainSecrets.OMIT).write(c).contains("[encryption]"));
    }
}
