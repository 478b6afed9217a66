package dev.grove.patina.alert;

import dev.grove.patina.util.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The webhook URL, checked once: either a usable http(s) URI, or the reason it is not one. The reason names where
 * the URL came from ({@link Secret#source()}), never the URL itself.
 */
record WebhookTarget(URI uri, String problem) {

    static WebhookTarget of(Secret url) {
        String where = "the webhook URL (" + url.source() + ")";
        String text = url.reveal().strip();
        if (text.isEmpty()) {
            return new WebhookTarget(null, where + " is empty");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            // The exception's message quotes the input: do not use it.
            return new WebhookTarget(null, where + " is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return new WebhookTarget(null, where + " must start with https://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return new WebhookTarget(null, where + " has no host name");
        }
        if (uri.getPort() > 65535) {
            return new WebhookTarget(null, where + " has an invalid port");
        }
        return new WebhookTarget(uri, null);
    }

    boolean usable() {
        return uri != null;
    }

    @Override
    public String toString() {
        return usable() ? "WebhookTarget(host " + uri.getHost() + ")" : "WebhookTarget(" + problem + ")";
    }
}
