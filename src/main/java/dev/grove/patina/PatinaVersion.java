package dev.grove.patina;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version Maven stamped into the build, read once from the class path. */
public final class PatinaVersion {
    private PatinaVersion() {
    }

    /** Returns the Patina version, for example {@code 0.1.0-SNAPSHOT}. */
    public static String get() {
        try (InputStream in = PatinaVersion.class.getResourceAsStream("patina-version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "dev");
            return v.startsWith("${") ? "dev" : v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
