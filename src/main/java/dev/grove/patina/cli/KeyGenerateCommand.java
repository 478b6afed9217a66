package dev.grove.patina.cli;

import dev.grove.patina.app.Services;
import dev.grove.patina.crypt.IdentityFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
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
        IdentityFiles.WrittenIdentity written = new IdentityFiles().generate(out, services.clock().instant());
        PrintWriter w = out();
        w.println("Public key: " + written.publicKey());
        w.println("fingerprint " + written.fingerprint() + "; identity written to " + out + " (owner-only)");
        w.println("Add the public key to [encryption] recipients; keep " + out + " safe and copied elsewhere:"
                + " without it, backups encrypted to this key cannot be restored.");
        w.flush();
        return 0;
    }
}
