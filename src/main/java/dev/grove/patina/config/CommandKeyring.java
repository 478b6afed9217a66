package dev.grove.patina.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The OS keyring through its command-line tool: {@code secret-tool lookup service patina account NAME} (libsecret,
 * Linux) or {@code security find-generic-password -s patina -a NAME -w} (macOS Keychain). Other systems have no
 * keyring here: {@code keyring:} references fail with a message pointing to {@code env:} and {@code file:}.
 *
 * <p>Store a secret with {@code secret-tool store --label patina service patina account NAME} or
 * {@code security add-generic-password -s patina -a NAME -w}.
 */
public final class CommandKeyring implements SecretStore {
    /** The keyring service every Patina entry is stored under. */
    public static final String SERVICE = "patina";

    private static final int MAX_SECRET_BYTES = 64 * 1024;

    private enum Tool { SECRET_TOOL, SECURITY, NONE }

    private final Tool tool;
    private final Duration timeout;

    /**
     * @param osName  the value of the {@code os.name} system property
     * @param timeout how long the tool may take (it may show an unlock prompt)
     */
    public CommandKeyring(String osName, Duration timeout) {
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        this.tool = os.contains("mac") ? Tool.SECURITY
                : os.contains("linux") || os.contains("bsd") ? Tool.SECRET_TOOL : Tool.NONE;
        this.timeout = timeout;
    }

    /** The keyring of this machine, with a 60 second timeout. */
    public static CommandKeyring forThisSystem() {
        return new CommandKeyring(System.getProperty("os.name", ""), Duration.ofSeconds(60));
    }

    /** The command that looks {@code name} up, or empty on a system without a supported keyring tool. */
    List<String> command(String name) {
        return switch (tool) {
            case SECRET_TOOL -> List.of("secret-tool", "lookup", "service", SERVICE, "account", name);
            case SECURITY -> List.of("security", "find-generic-password", "-s", SERVICE, "-a", name, "-w");
            case NONE -> List.of();
        };
    }

    @Override
    public Optional<String> lookup(String name) throws KeyringUnavailableException {
        List<String> command = command(name);
        if (command.isEmpty()) {
            throw new KeyringUnavailableException("keyring: references need secret-tool (Linux) or security (macOS);"
                    + " on this system use env:NAME or file:/path instead");
        }
        String program = command.get(0);
        Process process;
        try {
            process = new ProcessBuilder(new ArrayList<>(command))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            throw new KeyringUnavailableException("cannot run " + program + " to read the keyring ("
                    + installHint() + "), or use env:NAME or file:/path instead", e);
        }
        try {
            process.getOutputStream().close();
            byte[] out;
            try (InputStream in = process.getInputStream()) {
                out = in.readNBytes(MAX_SECRET_BYTES + 1);
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new KeyringUnavailableException(program + " did not answer within " + timeout.toSeconds()
                        + " s (is the keyring locked?)");
            }
            int exit = process.exitValue();
            if (exit != 0) {
                if (isNotFound(exit)) {
                    return Optional.empty();
                }
                throw new KeyringUnavailableException(program + " failed with exit status " + exit
                        + " (is the keyring unlocked?)");
            }
            if (out.length > MAX_SECRET_BYTES) {
                throw new KeyringUnavailableException("the keyring entry " + SERVICE + "/" + name + " is over "
                        + MAX_SECRET_BYTES + " bytes");
            }
            String value = new String(out, StandardCharsets.UTF_8);
            if (value.endsWith("\n")) {
                value = value.substring(0, value.length() - 1);
            }
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        } catch (IOException e) {
            process.destroyForcibly();
            throw new KeyringUnavailableException("cannot read the answer of " + program, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new KeyringUnavailableException("interrupted while " + program + " read the keyring", e);
        }
    }

    /** secret-tool exits 1 for a missing entry; security exits 44 (errSecItemNotFound). */
    private boolean isNotFound(int exit) {
        return tool == Tool.SECRET_TOOL ? exit == 1 : exit == 44;
    }

    private String installHint() {
        return tool == Tool.SECRET_TOOL
                ? "install libsecret-tools, for example apt install libsecret-tools"
                : "security ships with macOS; check PATH";
    }
}
