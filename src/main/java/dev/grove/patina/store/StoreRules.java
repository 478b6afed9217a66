package dev.grove.patina.store;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The rules every {@link BackupStore} applies to keys and metadata before it writes, so that an object that fits
 * one store fits every other: a backup can move from a local folder to R2 and back.
 *
 * <p>A key is 1–1024 UTF-8 bytes of {@code /}-separated segments; no segment is empty, {@code .} or {@code ..};
 * no leading {@code /}, no backslash, no control character. Metadata keys are {@code [a-z0-9-]+}, values
 * printable ASCII without leading or trailing spaces, at most 2 KiB all together (S3's limit for user metadata).
 */
public final class StoreRules {
    /** S3 refuses more than 2 KiB of user metadata (names and values) on one object. */
    public static final int MAX_METADATA_BYTES = 2048;
    /** S3 refuses keys longer than 1024 UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;

    private static final Pattern METADATA_KEY = Pattern.compile("[a-z0-9-]+");
    private static final Pattern METADATA_VALUE = Pattern.compile("[\\x20-\\x7e]*");

    private StoreRules() {
    }

    /**
     * Checks a key.
     *
     * @param where the store, for the message (its {@link BackupStore#describe()})
     * @return the key
     * @throws StoreException naming the key and what is wrong with it
     */
    public static String checkKey(String key, String where) throws StoreException {
        String problem = keyProblem(key);
        if (problem != null) {
            throw new StoreException("refused key '" + printable(key) + "' in " + where + ": " + problem);
        }
        return key;
    }

    private static String keyProblem(String key) {
        if (key == null || key.isEmpty()) {
            return "the key is empty";
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            return "longer than " + MAX_KEY_BYTES + " bytes";
        }
        if (key.startsWith("/")) {
            return "absolute keys (leading '/') are not allowed";
        }
        if (key.indexOf('\\') >= 0) {
            return "backslashes are not allowed";
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "control characters are not allowed";
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                return "empty path segments ('//' or a trailing '/') are not allowed";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "'" + segment + "' segments are not allowed";
            }
        }
        return null;
    }

    /**
     * Checks the metadata a writer returned and copies it into a sorted map.
     *
     * @throws StoreException naming the key and the offending entry
     */
    public static Map<String, String> checkMetadata(String key, Map<String, String> metadata, String where)
            throws StoreException {
        Map<String, String> sorted = new TreeMap<>();
        if (metadata == null) {
            return sorted;
        }
        int bytes = 0;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            if (name == null || !METADATA_KEY.matcher(name).matches()) {
                throw new StoreException("refused metadata for '" + printable(key) + "' in " + where + ": name '"
                        + printable(name) + "' is not [a-z0-9-]+");
            }
            if (value == null || !METADATA_VALUE.matcher(value).matches()) {
                throw new StoreException("refused metadata for '" + printable(key) + "' in " + where + ": value of '"
                        + name + "' is not printable ASCII");
            }
            if (value.startsWith(" ") || value.endsWith(" ")) { // HTTP trims header values
                throw new StoreException("refused metadata for '" + printable(key) + "' in " + where + ": value of '"
                        + name + "' starts or ends with a space");
            }
            bytes += name.length() + value.length();
            sorted.put(name, value);
        }
        if (bytes > MAX_METADATA_BYTES) {
            throw new StoreException("refused metadata for '" + printable(key) + "' in " + where + ": " + bytes
                    + " bytes, more than " + MAX_METADATA_BYTES);
        }
        return sorted;
    }

    /** The text with control characters escaped, safe inside a one-line message. */
    public static String printable(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
