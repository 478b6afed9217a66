package dev.grove.patina.store;

import dev.grove.patina.model.ObjectKind;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one owner of object key names, so that every store, the catalog and every command agree:
 * {@code [prefix]daily/YYYY-MM-DD/<db>.sql[.gz|.zst][.age]}, a differential's
 * {@code [prefix]daily/YYYY-MM-DD/<db>.diff.sql[.gz|.zst][.age]} (ADR 0016), a full's row manifest
 * {@code [prefix]daily/YYYY-MM-DD/<db>.manifest[.gz|.zst][.age]} (ADR 0030; not a daily: {@link #parse} does not know
 * it, {@link #fullOfManifest} does) and {@code [prefix]weekly/YYYY-Www.tar.gz[.age]} (ISO week-year). A key ending in {@link #AGE} names an object encrypted in the age format (compressed, then encrypted).
 */
public final class ObjectKeys {
    private static final Pattern DB_NAME = Pattern.compile("[a-z0-9._-]+");
    /** The suffix of an object encrypted in the age format, after any compression suffix. */
    public static final String AGE = ".age";
    private static final Pattern DAILY = Pattern.compile(
            "daily/(\\d{4}-\\d{2}-\\d{2})/([a-z0-9._-]+)\\.sql((?:\\.gz|\\.zst)?(?:\\.age)?)");
    private static final Pattern MANIFEST_KEY = Pattern.compile(
            "daily/(\\d{4}-\\d{2}-\\d{2})/([a-z0-9._-]+)\\.manifest((?:\\.gz|\\.zst)?(?:\\.age)?)");
    /** What a row manifest's key adds after the database's name, before the full's suffix (ADR 0030). */
    public static final String MANIFEST = ".manifest";
    private static final Pattern WEEKLY = Pattern.compile("weekly/(\\d{4})-W(\\d{2})(\\.tar\\.gz(?:\\.age)?)");

    private final String prefix;

    /** @param prefix empty, or a key prefix; a trailing {@code /} is added when missing */
    public ObjectKeys(String prefix) {
        String p = prefix == null ? "" : prefix.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (!p.isEmpty() && !p.endsWith("/")) {
            p = p + "/";
        }
        this.prefix = p;
    }

    public String prefix() {
        return prefix;
    }

    /** A database name is safe in a key when it matches {@code [a-z0-9._-]+} and is not {@code .} or {@code ..}. */
    public static boolean isValidDatabaseName(String name) {
        return name != null && DB_NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..")
                && !name.endsWith(DIFF);
    }

    /**
     * What a differential's key adds after the database's name ({@code daily/DATE/<db>.diff.sql…}, ADR 0016); a
     * database name may therefore not end in it.
     */
    public static final String DIFF = ".diff";

    /** The key of one database's differential daily: {@code daily/DATE/<db>.diff.sql[suffix]} (ADR 0016). */
    public String differential(LocalDate date, String database, String suffix) {
        String full = daily(date, database, suffix);
        return prefix + "daily/" + date + "/" + database + DIFF + full.substring(full.lastIndexOf(".sql"));
    }

    /**
     * The key of one database's daily dump.
     *
     * @param suffix the compression suffix: empty, {@code .gz} or {@code .zst}, followed by {@link #AGE} for an
     *               encrypted object
     */
    public String daily(LocalDate date, String database, String suffix) {
        if (!isValidDatabaseName(database)) {
            throw new IllegalArgumentException("database name '" + database + "' is not [a-z0-9._-]+");
        }
        String compression = suffix.endsWith(AGE) ? suffix.substring(0, suffix.length() - AGE.length()) : suffix;
        if (!compression.isEmpty() && !compression.equals(".gz") && !compression.equals(".zst")) {
            throw new IllegalArgumentException("unknown suffix '" + suffix + "'");
        }
        return prefix + "daily/" + date + "/" + database + ".sql" + suffix;
    }

    /**
     * The key of the row manifest stored beside the full daily {@code fullKey} (ADR 0030): the same folder, the same
     * compression and encryption suffix, {@code .manifest} for {@code .sql} — {@code daily/DATE/<db>.manifest[suffix]}.
     *
     * @throws IllegalArgumentException when {@code fullKey} is not a full daily's key
     */
    public String manifestOf(String fullKey) {
        Parsed p = parse(fullKey).filter(x -> x.kind() == ObjectKind.DAILY && !x.differential())
                .orElseThrow(() -> new IllegalArgumentException("'" + fullKey + "' is not the key of a full daily"));
        return prefix + "daily/" + p.date() + "/" + p.database() + MANIFEST + p.suffix();
    }

    /** The key of the full whose row manifest {@code key} is; empty when {@code key} is no manifest's key. */
    public Optional<String> fullOfManifest(String key) {
        if (key == null || !key.startsWith(prefix)) {
            return Optional.empty();
        }
        Matcher m = MANIFEST_KEY.matcher(key.substring(prefix.length()));
        if (!m.matches() || !isValidDatabaseName(m.group(2))) {
            return Optional.empty();
        }
        try {
            LocalDate.parse(m.group(1));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
        return Optional.of(prefix + "daily/" + m.group(1) + "/" + m.group(2) + ".sql" + m.group(3));
    }

    /** The prefix of every daily of one date. */
    public String dailyPrefix(LocalDate date) {
        return prefix + "daily/" + date + "/";
    }

    /** The prefix of every daily. */
    public String dailyRoot() {
        return prefix + "daily/";
    }

    /** The prefix of every weekly. */
    public String weeklyRoot() {
        return prefix + "weekly/";
    }

    /** The key of the weekly archive of the ISO week that contains {@code day}. */
    public String weekly(LocalDate day) {
        int weekYear = day.get(IsoFields.WEEK_BASED_YEAR);
        int week = day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        return prefix + String.format("weekly/%04d-W%02d.tar.gz", weekYear, week);
    }

    /** The key of the weekly archive of the week of {@code day}, with {@link #AGE} when it is {@code encrypted}. */
    public String weekly(LocalDate day, boolean encrypted) {
        return weekly(day) + (encrypted ? AGE : "");
    }

    /** Tells whether {@code key} names an object encrypted in the age format. */
    public static boolean isEncrypted(String key) {
        return key != null && key.endsWith(AGE);
    }

    /**
     * What a key names, when it is one of Patina's.
     *
     * @param suffix everything after {@code .sql} (a daily) or the week (a weekly): {@code .zst.age}, {@code .tar.gz}
     */
    public record Parsed(ObjectKind kind, LocalDate date, String database, int weekYear, int week, String suffix,
                         boolean differential) {
        /** A full daily or a weekly. */
        public Parsed(ObjectKind kind, LocalDate date, String database, int weekYear, int week, String suffix) {
            this(kind, date, database, weekYear, week, suffix, false);
        }

        /** Tells whether the key names an object encrypted in the age format. */
        public boolean encrypted() {
            return suffix.endsWith(AGE);
        }
    }

    /** Parses a full key (with the prefix); empty for keys that are not Patina's. */
    public Optional<Parsed> parse(String key) {
        if (key == null || !key.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = key.substring(prefix.length());
        try {
            Matcher d = DAILY.matcher(rest);
            if (d.matches()) {
                String database = d.group(2);
                boolean differential = database.endsWith(DIFF) && database.length() > DIFF.length();
                if (differential) {
                    database = database.substring(0, database.length() - DIFF.length());
                }
                return Optional.of(new Parsed(ObjectKind.DAILY, LocalDate.parse(d.group(1)), database, 0, 0,
                        d.group(3), differential));
            }
            Matcher w = WEEKLY.matcher(rest);
            if (w.matches()) {
                int year = Integer.parseInt(w.group(1));
                int week = Integer.parseInt(w.group(2));
                LocalDate monday = LocalDate.of(year, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                        .with(java.time.DayOfWeek.MONDAY);
                if (monday.get(IsoFields.WEEK_BASED_YEAR) != year) {
                    return Optional.empty();
                }
                return Optional.of(new Parsed(ObjectKind.WEEKLY, monday, null, year, week, w.group(3)));
            }
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
