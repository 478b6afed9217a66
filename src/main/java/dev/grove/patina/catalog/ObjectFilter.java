package dev.grove.patina.catalog;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The WHERE clause of an {@link ObjectQuery}, with its parameters bound in order (never spliced into the SQL). */
record ObjectFilter(String where, List<String> parameters) {
    /** The escape character of the text filter's LIKE pattern. */
    private static final char ESCAPE = '\\';

    static ObjectFilter of(ObjectQuery q, CatalogDialect dialect) {
        List<String> conditions = new ArrayList<>();
        List<String> params = new ArrayList<>();
        if (q.database() != null) {
            conditions.add("database = ?");
            params.add(q.database());
        }
        if (q.kind() != null) {
            conditions.add("kind = ?");
            params.add(q.kind().id());
        }
        if (q.status() != null) {
            conditions.add(switch (q.status()) {
                case PRESENT -> "deleted_at IS NULL";
                case DELETED -> "deleted_at IS NOT NULL";
                case VERIFIED -> "deleted_at IS NULL AND verified_at IS NOT NULL";
                case UNVERIFIED -> "deleted_at IS NULL AND verified_at IS NULL";
            });
        }
        if (q.from() != null) {
            conditions.add("date >= ?");
            params.add(q.from().toString());
        }
        if (q.to() != null) {
            conditions.add("date <= ?");
            params.add(q.to().toString());
        }
        if (q.text() != null) {
            conditions.add("\"key\" " + dialect.like() + " ? ESCAPE '" + ESCAPE + "'");
            params.add("%" + escapeLike(q.text()) + "%");
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        return new ObjectFilter(where, List.copyOf(params));
    }

    /** Makes {@code %}, {@code _} and the escape character itself match literally in a LIKE pattern. */
    static String escapeLike(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' || c == '_' || c == ESCAPE) {
                sb.append(ESCAPE);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** Binds the parameters from {@code index} on; returns the next free index. */
    int bind(PreparedStatement ps, int index) throws SQLException {
        for (String p : parameters) {
            ps.setString(index++, p);
        }
        return index;
    }
}
