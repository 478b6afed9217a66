package dev.grove.patina.dump;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The 128-bit hash of one row's exact encoded bytes (the literal the dump writes for it: SHA-256, truncated to its
 * first 128 bits) and a table's content digest: the sum of its rows' hashes modulo 2¹²⁸, which does not depend on
 * the order the rows are read in and counts duplicate rows (ADR 0016). One instance per thread.
 */
final class RowHasher {
    private final MessageDigest sha256;
    private final byte[] out = new byte[32];
    /** The last row's hash, high and low 64 bits. */
    private long hi;
    private long lo;
    /** The table's running digest, high and low 64 bits, and its rows. */
    private long sumHi;
    private long sumLo;
    private long rows;

    RowHasher() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Hashes {@code row}'s bytes and adds the hash to the table's digest. */
    void row(SqlBuffer row) {
        row.updateDigest(sha256);
        try {
            sha256.digest(out, 0, 32);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
        hi = toLong(out, 0);
        lo = toLong(out, 8);
        long sum = sumLo + lo;
        sumHi += hi + (Long.compareUnsigned(sum, sumLo) < 0 ? 1 : 0);
        sumLo = sum;
        rows++;
    }

    long hi() {
        return hi;
    }

    long lo() {
        return lo;
    }

    long rows() {
        return rows;
    }

    long sumHi() {
        return sumHi;
    }

    long sumLo() {
        return sumLo;
    }

    /** The table's digest so far, 32 hex digits. */
    String digest() {
        return hex(sumHi, sumLo);
    }

    /** Starts a new table. */
    void reset() {
        sumHi = 0;
        sumLo = 0;
        rows = 0;
    }

    static String hex(long hi, long lo) {
        return String.format("%016x%016x", hi, lo);
    }

    static long toLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }
}
