package dev.grove.patina.alert;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes a webhook URL, and every secret-looking piece of it, from text that came from elsewhere: exception
 * messages of the HTTP stack and response bodies, which may echo the request line. Slack and Discord webhook URLs
 * carry their token in the path, so the path, the query, the user info and each of their longer segments (raw and
 * percent-decoded) are replaced. The scheme and the host are not secrets and stay.
 */
final class UrlScrubber {
    static final String REDACTED = "[redacted]";
    private static final int MIN_FRAGMENT = 5;
    private static final Pattern SPLIT = Pattern.compile("[^A-Za-z0-9._~%+-]+");

    private final List<Pattern> patterns;

    UrlScrubber(String url) {
        Set<String> fragments = new LinkedHashSet<>();
        String trimmed = url.strip();
        add(fragments, url);
        add(fragments, trimmed);
        URI uri = parse(trimmed);
        if (uri != null && uri.getHost() != null) {
            add(fragments, uri.toString());
            for (String part : new String[] {uri.getRawPath(), uri.getPath(), uri.getRawQuery(), uri.getQuery(),
                    uri.getRawUserInfo(), uri.getUserInfo(), uri.getRawFragment(), uri.getFragment()}) {
                add(fragments, part);
                addPieces(fragments, part);
            }
        } else {
            // Not a URL we can take apart: every longer piece of it may be the secret.
            addPieces(fragments, trimmed);
        }
        fragments.removeIf(f -> f.length() < MIN_FRAGMENT || f.equalsIgnoreCase("https"));
        List<String> longestFirst = new ArrayList<>(fragments);
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        List<Pattern> compiled = new ArrayList<>();
        for (String f : longestFirst) {
            compiled.add(Pattern.compile(Pattern.quote(f), Pattern.CASE_INSENSITIVE));
        }
        this.patterns = List.copyOf(compiled);
    }

    /** {@code text} without any piece of the URL; null stays null. */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Pattern p : patterns) {
            out = p.matcher(out).replaceAll(Matcher.quoteReplacement(REDACTED));
        }
        return out;
    }

    /**
     * A one-line description of a failure: the exception's simple class name and, scrubbed, the first message found
     * along its cause chain. Never a stack trace.
     */
    String describe(Throwable t) {
        String message = null;
        for (Throwable c = t; c != null && message == null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                message = c.getMessage();
            }
        }
        String name = t.getClass().getSimpleName();
        if (message == null) {
            return name;
        }
        return name + ": " + oneLine(scrub(message), 300);
    }

    /** {@code text} on one line, whitespace runs collapsed, cut to {@code max} characters with an ellipsis. */
    static String oneLine(String text, int max) {
        String flat = text.replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
        if (flat.length() <= max) {
            return flat;
        }
        int end = max - 1;
        if (end > 0 && Character.isHighSurrogate(flat.charAt(end - 1))) {
            end--;
        }
        return flat.substring(0, end) + "…";
    }

    private static URI parse(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static void add(Set<String> fragments, String part) {
        if (part == null) {
            return;
        }
        fragments.add(part);
        String decoded = decode(part);
        if (decoded != null) {
            fragments.add(decoded);
        }
    }

    private static void addPieces(Set<String> fragments, String part) {
        if (part == null) {
            return;
        }
        for (String piece : SPLIT.split(part)) {
            add(fragments, piece);
            String decoded = decode(piece);
            if (decoded != null) {
                for (String inner : SPLIT.split(decoded)) {
                    fragments.add(inner);
                }
            }
        }
    }

    private static String decode(String part) {
        if (part.indexOf('%') < 0 && part.indexOf('+') < 0) {
            return null;
        }
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "UrlScrubber(" + patterns.size() + " fragments)";
    }
}
