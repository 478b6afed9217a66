package dev.grove.patina.cli;

public final class PatinaCli {
    private PatinaCli() {
    }

    public static int run(String[] args) {
        return 0;
    }
}
