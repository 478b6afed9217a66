package dev.grove.patina.crypt;

import java.util.List;

/**
 * One recipient stanza of an age header: its type (first argument), further arguments, and body. Bodies hold a
 * wrapped file key, never the key itself, so they are not secret.
 */
record AgeStanza(String type, List<String> args, byte[] body) {
    AgeStanza {
        args = List.copyOf(args);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    int bodyLength() {
        return body.length;
    }

    @Override
    public String toString() {
        return "-> " + type + (args.isEmpty() ? "" : " " + String.join(" ", args)) + " (" + body.length
                + "-byte body)";
    }
}
