package dev.grove.patina.ui.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A short English reading of the common Quartz cron shapes ("Every day at 02:00"); "Custom schedule" otherwise. */
final class CronText {
    private static final Map<String, String> DAYS = Map.of("SUN", "Sunday", "MON", "Monday", "TUE", "Tuesday",
            "WED", "Wednesday", "THU", "Thursday", "FRI", "Friday", "SAT", "Saturday");
    private static final List<String> BY_NUMBER = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private CronText() {
    }

    static String describe(String cron) {
        String[] f = cron.strip().toUpperCase(Locale.ROOT).split("\\s+");
        if (f.length < 6 || f.length > 7 || (f.length == 7 && !f[6].equals("*")) || !f[4].equals("*")) {
            return "Custom schedule";
        }
        if (!isNumber(f[0]) || !isNumber(f[1])) {
            return "Custom schedule";
        }
        String seconds = Integer.parseInt(f[0]) == 0 ? "" : String.format(Locale.ROOT, ":%02d",
                Integer.parseInt(f[0]));
        if (f[2].equals("*")) {
            return f[3].matches("[*?]") && f[5].matches("[*?]")
                    ? String.format(Locale.ROOT, "Every hour at minute %d", Integer.parseInt(f[1])) : "Custom schedule";
        }
        if (!isNumber(f[2])) {
            return "Custom schedule";
        }
        String time = String.format(Locale.ROOT, "%02d:%02d", Integer.parseInt(f[2]), Integer.parseInt(f[1]))
                + seconds;
        if (f[3].matches("[*?]") && f[5].matches("[*?]")) {
            return "Every day at " + time;
        }
        if (f[3].equals("?")) {
            List<String> days = new ArrayList<>();
            for (String d : f[5].split(",")) {
                String name = dayName(d);
                if (name == null) {
                    return "Custom schedule";
                }
                days.add(name);
            }
            return "Every " + String.join(", ", days) + " at " + time;
        }
        if (f[5].equals("?") && isNumber(f[3])) {
            return "On day " + Integer.parseInt(f[3]) + " of every month at " + time;
        }
        if (f[5].equals("?") && f[3].equals("L")) {
            return "On the last day of every month at " + time;
        }
        return "Custom schedule";
    }

    private static String dayName(String d) {
        if (d.equals("MON-FRI") || d.equals("2-6")) {
            return "weekday";
        }
        if (isNumber(d)) {
            int n = Integer.parseInt(d);
            return n >= 1 && n <= 7 ? DAYS.get(BY_NUMBER.get(n - 1)) : null;
        }
        return DAYS.get(d);
    }

    private static boolean isNumber(String s) {
        return s.matches("\\d{1,2}");
    }
}
