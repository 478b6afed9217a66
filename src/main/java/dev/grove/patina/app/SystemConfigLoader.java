package dev.grove.patina.app;

import dev.grove.patina.config.CommandKeyring;
import dev.grove.patina.config.ConfigLoader;

/** The {@link ConfigLoader} of this system: its environment, its keyring, the per-user data folder of {@code dirs}. */
public final class SystemConfigLoader {
    private SystemConfigLoader() {
    }

    /** Resolves secret references from the process environment and this system's keyring. */
    public static ConfigLoader of(AppDirs dirs) {
        return new ConfigLoader(System::getenv, dirs.dataDir(), CommandKeyring.forThisSystem());
    }
}
