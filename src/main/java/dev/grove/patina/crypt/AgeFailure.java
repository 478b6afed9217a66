package dev.grove.patina.crypt;

/**
 * What part of an age file failed, in the terms of the age test vectors (C2SP CCTV): the header did not parse, its
 * MAC did not match, no identity unwrapped a stanza, the STREAM payload did not authenticate to its end, or the
 * ASCII armor around it is malformed, or the file uses a feature this implementation does not read (post-quantum
 * or plugin identities).
 */
public enum AgeFailure {
    /** The header is malformed or a stanza addressed to an identity is invalid. */
    HEADER("header failure"),
    /** A file key was unwrapped but the header MAC does not match: the header was altered. */
    HMAC("HMAC failure"),
    /** The header parsed, but none of the identities given unwraps any stanza. */
    NO_MATCH("no match"),
    /** The payload does not authenticate to its end: truncated, altered, or with trailing data. */
    PAYLOAD("payload failure"),
    /** The ASCII armor (PEM) around the file is malformed. */
    ARMOR("armor failure"),
    /** A recipient, secret key or identity file is malformed (not an age file failure). */
    KEY("malformed key"),
    /** The input uses a part of age this implementation does not read. */
    UNSUPPORTED("unsupported");

    private final String label;

    AgeFailure(String label) {
        this.label = label;
    }

    /** The phrase the test vectors use for this outcome. */
    public String label() {
        return label;
    }
}
