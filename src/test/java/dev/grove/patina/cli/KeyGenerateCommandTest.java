package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.Services;
import dev.grove.patina.crypt.AgeIdentityFile;
import dev.grove.patina.crypt.X25519Identity;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code patina key generate}: an owner-only identity file age-keygen's way, the public key printed, no overwrite. */
class KeyGenerateCommandTest {
    @TempDir
    Path dir;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PatinaCli.run(args, new Services(Clock.systemUTC()), new ByteArrayOutputStream(),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void writesAnOwnerOnlyIdentityPrintsItsPublicKeyAndNeverOverwrites() throws Exception {
        Path file = dir.resolve("keys/age-identity.txt");
        String[] r = run("key", "generate", "--out", file.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        List<X25519Identity> ids = AgeIdentityFile.read(file);
        assertEquals(1, ids.size());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(r[1].contains("Public key: " + ids.get(0).recipient().encoded()), r[1]);
        assertTrue(r[1].contains(ids.get(0).fingerprint()), r[1]);
        assertTrue(Files.readString(file).contains("# public key: " + ids.get(0).recipient().encoded()));
        assertFalse((r[1] + r[2]).contains("AGE-SECRET-KEY"), "the secret key is never printed");

        byte[] before = Files.readAllBytes(file);
        String[] again = run("key", "generate", "--out", file.toString());
        assertEquals("1", again[0], again[1] + again[2]);
        assertTrue(again[2].contains("never overwritten"), again[2]);
        assertArrayEquals(before, Files.readAllBytes(file));
    }
}
