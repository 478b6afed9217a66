package dev.grove.patina.backup.weekly;

import java.nio.file.Path;

/** The rule for member names: relative, forward slashes, no empty, {@code .} or {@code ..} segment, no control bytes. */
final class MemberPaths {
    private MemberPaths() {
    }

    /** Empty when {@code name} is safe, else why it is not. */
    static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "has an empty name";
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            return "is an absolute path";
        }
        if (name.indexOf('\\') >= 0) {
            return "contains a backslash";
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            return "contains a control character";
        }
        String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String segment : trimmed.split("/", -1)) {
            if (segment.equals("..")) {
                return "climbs out of the folder with '..'";
            }
            if (segment.isEmpty() || segment.equals(".")) {
                return "has an empty or '.' path segment";
            }
        }
        return "";
    }

    /** {@code root.resolve(name)}, refused unless it stays strictly inside {@code root} (already a real path). */
    static Path resolveInside(Path root, String name, String archive) throws UnsafeArchiveException {
        String problem = problem(name);
        if (!problem.isEmpty()) {
            throw new UnsafeArchiveException(refusal(archive, name, problem));
        }
        Path resolved = root.resolve(name).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            throw new UnsafeArchiveException(refusal(archive, name, "resolves outside " + root));
        }
        return resolved;
    }

    static String refusal(String archive, String name, String problem) {
        return archive + ": member '" + printable(name) + "' " + problem
                + "; refused, nothing extracted (a Patina weekly archive holds only plain files)";
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : (s == null ? "" : s).toCharArray()) {
            b.append(c < 0x20 || c == 0x7F ? String.format("\\x%02x", (int) c) : c);
        }
        return b.toString();
    }
}
