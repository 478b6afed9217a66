package dev.grove.patina.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code objects.recipients}: a JSON array of recipient fingerprints (16 lowercase hex characters each) or
 * {@code "passphrase"}. Only those words are accepted, so nothing else — least of all a key — can be written there.
 */
final class RecipientsJson {
    private static final Pattern ENTRY = Pattern.compile("[0-9a-f]{16}|passphrase");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    private RecipientsJson() {
    }

    static String write(List<String> fingerprints) {
        StringBuilder sb = new StringBuilder("[");
        for (String f : fingerprints) {
            if (!ENTRY.matcher(f).matches()) {
                throw new IllegalArgumentException("not a recipient fingerprint (16 hex characters or passphrase): "
                        + f.length() + " characters");
            }
            sb.append(sb.length() > 1 ? "," : "").append('"').append(f).append('"');
        }
        return sb.append(']').toString();
    }

    static List<String> read(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Matcher m = QUOTED.matcher(json);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
