package dev.grove.patina.model;

import java.util.Locale;

/** The kinds of backup objects Patina stores. */
public enum ObjectKind {
    /** {@code daily/YYYY-MM-DD/<db>.sql[.gz|.zst]}: one database's dump of one day. */
    DAILY,
    /** {@code weekly/YYYY-Www.tar.gz}: the week's dailies of every database in one archive. */
    WEEKLY;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ObjectKind parse(String text) {
        for (ObjectKind k : values()) {
            if (k.id().equalsIgnoreCase(text)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kind '" + text + "' (expected daily or weekly)");
    }
}
