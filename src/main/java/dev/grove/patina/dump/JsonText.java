package dev.grove.patina.dump;

/**
 * Writes the few flat JSON objects of a dump's header and footer without a JSON library, so that a dump starts
 * writing without the ~0.15 s a JSON mapper takes to initialise. Parsing them uses Jackson ({@link DumpHeader}).
 */
final class JsonText {
    private final StringBuilder sb = new StringBuilder(256).append('{');
    private boolean first = true;

    JsonText field(String name, String value) {
        if (value != null) {
            key(name);
            string(value);
        }
        return this;
    }

    JsonText fieldIfPresent(String name, Integer value) {
        return value == null ? this : field(name, value.longValue());
    }

    JsonText field(String name, long value) {
        key(name);
        sb.append(value);
        return this;
    }

    JsonText field(String name, java.util.List<String> values) {
        if (values != null) {
            key(name);
            sb.append('[');
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                string(values.get(i));
            }
            sb.append(']');
        }
        return this;
    }

    JsonText field(String name, java.util.Map<String, Long> values) {
        key(name);
        sb.append('{');
        boolean firstEntry = true;
        for (java.util.Map.Entry<String, Long> e : values.entrySet()) {
            if (!firstEntry) {
                sb.append(',');
            }
            firstEntry = false;
            string(e.getKey());
            sb.append(':').append(e.getValue());
        }
        sb.append('}');
        return this;
    }

    private void key(String name) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        string(name);
        sb.append(':');
    }

    private void string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    @Override
    public String toString() {
        return sb + "}";
    }
}
