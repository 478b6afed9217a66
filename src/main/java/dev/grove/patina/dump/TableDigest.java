package dev.grove.patina.dump;

/**
 * One table as a backup saw it (ADR 0016): its rows and content digest — the sum modulo 2¹²⁸ of the 128-bit hashes
 * of its rows' literals, 32 hex digits. A restore of a differential must reproduce both.
 */
public record TableDigest(long rows, String digest) {
}
