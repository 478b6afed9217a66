package dev.grove.patina.cli;

import dev.grove.patina.app.Services;
import dev.grove.patina.crypt.AgeIdentityFile;
import dev.grove.patina.crypt.X25519Identity;
import dev.grove.patina.util.AtomicFiles;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true, description = {
        "Makes an age X25519 key pair: writes the identity (secret key) to FILE in age-keygen's format, owner-only, "
                + "and prints the public key (age1…) to put in [encryption] recipients, and its fingerprint.",
        "FILE must not exist: an identity is never overwritten. Without that file, backups encrypted to its public "
                + "key cannot be restored: keep a copy somewhere safe (docs/encryption.md).",
        "Example: patina key generate --out ~/.config/patina/age-identity.txt"})
final class KeyGenerateCommand extends PatinaCommand {
    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Where to write the identity.")
    Path out;

    KeyGenerateCommand(Services services) {
        super(services);
    }

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out)) {
            throw new java.io.IOException(out + " exists: an identity is never overwritten; choose another"
                    + " FILE (or move the old one away knowingly)");
        }
        X25519Identity identity = X25519Identity.generate(new SecureRandom());
        byte[] text = AgeIdentityFile.format(identity, OffsetDateTime.ofInstant(services.clock().instant(),
                ZoneOffset.UTC)).getBytes(StandardCharsets.UTF_8);
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        AtomicFiles.write(out.toAbsolutePath(), AtomicFiles.Access.OWNER_ONLY, o -> o.write(text));
        PrintWriter w = out();
        w.println("Public key: " + identity.recipient().encoded());
        w.println("fingerprint " + identity.fingerprint() + "; identity written to " + out + " (owner-only)");
        w.println("Add the public key to [encryption] recipients; keep " + out + " safe and copied elsewhere:"
                + " without it, backups encrypted to this key cannot be restored.");
        w.flush();
        return 0;
    }
}
