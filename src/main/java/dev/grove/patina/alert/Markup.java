package dev.grove.patina.alert;

/** The text conventions of a chat service: how to make bold, code, and plain text that is never markup. */
enum Markup {
    /** Slack mrkdwn: {@code *bold*}; {@code &}, {@code <} and {@code >} must be entities (they start links and mentions). */
    SLACK {
        @Override
        String bold(String s) {
            return "*" + s + "*";
        }

        @Override
        String text(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }

        @Override
        String code(String s) {
            return "`" + text(s.replace('`', '\'')) + "`";
        }
    },
    /** Discord markdown: {@code **bold**}; markdown characters are backslash-escaped. */
    DISCORD {
        @Override
        String bold(String s) {
            return "**" + s + "**";
        }

        @Override
        String text(String s) {
            StringBuilder b = new StringBuilder(s.length() + 8);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if ("\\*_~`|[]<>#".indexOf(c) >= 0) {
                    b.append('\\');
                }
                b.append(c);
            }
            return b.toString();
        }

        @Override
        String code(String s) {
            return "`" + s.replace('`', '\'') + "`";
        }
    };

    /** Our own words in bold; not escaped. */
    abstract String bold(String s);

    /** Foreign text (an error message) shown as plain text. */
    abstract String text(String s);

    /** Foreign text (a database name) in a code span. */
    abstract String code(String s);
}
