package dev.grove.patina.backup.weekly;

import dev.grove.patina.compress.Compression;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.NoSuchObjectException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/**
 * Reads one daily from the store into a decompressed temporary file, checking the stored bytes' SHA-256 on the way.
 *
 * <p>Why a temporary file: a tar member's size must be written before its content, and a dump does not record its
 * decompressed size. Holding the dump in memory is unbounded; reading it twice (once to count, once to copy) doubles
 * the downloads. One decompressed dump on local disk at a time is bounded, and it lets a damaged daily be refused
 * before a single byte of it enters the archive.
 */
final class DailyFetcher {
    private static final int BUFFER = 1 << 16;

    private final BackupStore store;
    private final Path workDir;
    private final String runId;
    private final WeeklyEncryption encryption;

    /**
     * @param runId      the weekly run: its temporary files carry it, so that the next process can remove them
     * @param encryption opens an encrypted daily
     */
    DailyFetcher(BackupStore store, Path workDir, String runId, WeeklyEncryption encryption) {
        this.store = store;
        this.workDir = workDir;
        this.runId = runId;
        this.encryption = encryption;
    }

    /** A daily, decompressed into {@code file} (the caller deletes it). */
    record Fetched(PlannedMember member, Path file, String sha256, long size) {
    }

    /** Why a daily cannot go into the archive; the message is the reason the manifest gives. */
    static final class UnusableDaily extends Exception {
        private static final long serialVersionUID = 1L;
        /** What is wrong with the stored object itself (checksum mismatch, missing), or null when it is not. */
        private final String damage;

        UnusableDaily(String reason, Throwable cause) {
            this(reason, null, cause);
        }

        UnusableDaily(String reason, String damage, Throwable cause) {
            super(reason, cause);
            this.damage = damage;
        }

        String damage() {
            return damage;
        }
    }

    Fetched fetch(PlannedMember m) throws UnusableDaily {
        Path file = null;
        try {
            Files.createDirectories(workDir);
            file = Files.createTempFile(workDir, "patina-weekly-" + runId + "-", ".sql");
            MessageDigest stored = Sha256.digest();
            MessageDigest plain = Sha256.digest();
            long size = 0;
            IOException readFailure = null;
            try (InputStream raw = store.get(m.sourceKey());
                 DigestInputStream hashed = new DigestInputStream(raw, stored)) {
                InputStream in = null;
                try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), plain)) {
                    in = Compression.decompressing(encryption.open(m.sourceKey(), hashed));
                    byte[] buffer = new byte[BUFFER];
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        out.write(buffer, 0, n);
                        size += n;
                    }
                } catch (NoSuchObjectException e) {
                    throw e;
                } catch (IOException e) {
                    readFailure = e; // a damaged object often fails to decompress: the checksum says why
                }
                hashed.transferTo(OutputStream.nullOutputStream()); // the checksum covers every stored byte
                if (in != null) {
                    in.close(); // releases the decompressor; closes hashed, which the try closes again (harmless)
                }
            }
            String actual = Sha256.hex(stored);
            if (!actual.equalsIgnoreCase(m.storedSha256())) {
                String what = "checksum mismatch, its SHA-256 is " + actual + ", the " + m.checkedBy() + " recorded "
                        + m.storedSha256()
                        + (readFailure == null ? "" : "; decompressing it failed: " + readFailure.getMessage());
                throw new UnusableDaily(m.sourceKey() + " is damaged: " + what + "; not archived", what, readFailure);
            }
            if (readFailure != null) {
                throw new UnusableDaily(m.sourceKey() + " matches its checksum but cannot be read or decompressed: "
                        + readFailure.getMessage() + "; not archived", readFailure);
            }
            Fetched fetched = new Fetched(m, file, Sha256.hex(plain), size);
            file = null;
            return fetched;
        } catch (NoSuchObjectException e) {
            throw new UnusableDaily(m.sourceKey() + " is damaged: missing from the store (it disappeared before it was"
                    + " archived); not archived", "missing from the store", e);
        } catch (IOException e) {
            throw new UnusableDaily(m.sourceKey() + " could not be read: " + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a leftover patina-weekly-*.sql in the work folder is harmless
                }
            }
        }
    }
}
