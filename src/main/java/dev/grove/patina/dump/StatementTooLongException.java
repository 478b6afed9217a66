package dev.grove.patina.dump;

import java.io.IOException;

/**
 * One statement of a dump is longer than the reader's limit (RELIABILITY 31): a small compressed file can expand to
 * a statement of gigabytes, which must fail by name instead of exhausting the memory.
 */
public final class StatementTooLongException extends IOException {
    private final long number;
    private final long line;
    private final long limitBytes;

    StatementTooLongException(long number, long line, long limitBytes) {
        super("statement " + number + " (line " + line + ") is longer than " + describe(limitBytes)
                + ", the limit of one statement; if the dump is right (the sqlite3 shell writes a big blob as one "
                + "statement), restore it with `patina restore FILE DB --max-statement-mib N` (it needs about four times as much Java "
                + "heap: run java with -Xmx, or set JAVA_TOOL_OPTIONS=-Xmx…); otherwise the file is not a dump "
                + "Patina can restore — use another backup");
        this.number = number;
        this.line = line;
        this.limitBytes = limitBytes;
    }

    /** The statement's number in the dump, from 1. */
    public long number() {
        return number;
    }

    /** The line the statement starts on, from 1. */
    public long line() {
        return line;
    }

    public long limitBytes() {
        return limitBytes;
    }

    private static String describe(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}
