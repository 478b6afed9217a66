package dev.grove.patina.api;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.config.DatabaseConfig;
import dev.grove.patina.config.SqliteDatabaseConfig;
import java.util.Optional;

/** {@code GET /restore-guide/{db}}: Markdown telling an operator how to restore one database, with real names. */
final class RestoreGuide {
    private RestoreGuide() {
    }

    static String render(PatinaRuntime runtime, DatabaseConfig db) {
        String name = db.name();
        Optional<StoredObject> latest = runtime.catalog().latestGood(name);
        String date = latest.map(o -> o.date().toString()).orElse("YYYY-MM-DD");
        String file = name + "-" + date + ".sql";
        StringBuilder md = new StringBuilder(2048);
        md.append("# Restoring `").append(name).append("`\n\n");
        if (latest.isPresent()) {
            StoredObject o = latest.get();
            md.append("Latest good backup: `").append(o.key()).append("` (").append(o.date()).append(", stored ")
                    .append(o.createdAt()).append(", ").append(o.size()).append(" bytes, SHA-256 `")
                    .append(o.sha256()).append("`).\n\n");
        } else {
            md.append("**No good backup of this database is in the catalog yet.** Run `patina backup --db ")
                    .append(name).append("` first; the commands below use a placeholder date.\n\n");
        }
        md.append("List every backup of it: `patina list --db ").append(name).append("`\n\n");
        md.append("## 1. Download the dump (checksum-verified)\n\n```sh\npatina download ").append(date).append(' ')
                .append(name).append(" -o ").append(file).append(" --decompress\n```\n\n");
        md.append("(or over this API: `curl -fH \"Authorization: Bearer $PATINA_API_TOKEN\" -o ").append(file)
                .append(" http://<api>/download/").append(date).append('/').append(name).append("`)\n\n");
        latest.filter(StoredObject::encrypted).ifPresent(o -> encrypted(md, o));
        if (db instanceof D1DatabaseConfig d1) {
            md.append("## 2. Restore into Cloudflare D1\n\n");
            md.append("With Patina (checks the dump first, asks for a typed confirmation, uploads through D1's import "
                    + "API):\n\n```sh\npatina import-d1 ").append(file).append(" --db ").append(name)
                    .append(" --confirm ").append(name).append("\n```\n\n");
            md.append("Or with wrangler (`<d1-name>` is the database's name in Cloudflare; its id is `")
                    .append(d1.databaseId()).append("`):\n\n```sh\nwrangler d1 execute <d1-name> --remote --file ")
                    .append(file).append("\n```\n\n");
            md.append("To check the dump locally first, restore it into a SQLite file:\n\n```sh\npatina restore ")
                    .append(file).append(' ').append(name).append("-restored.sqlite\n```\n\n");
            md.append("## Short-term alternative: D1 Time Travel\n\n");
            md.append("D1 keeps a point-in-time history of the last 30 days. To undo a recent mistake without a "
                    + "dump:\n\n```sh\nwrangler d1 time-travel info <d1-name>\n"
                    + "wrangler d1 time-travel restore <d1-name> --timestamp <UNIX-TIMESTAMP-OR-RFC3339>\n```\n\n");
            md.append("Use Patina's dumps for anything older than 30 days, or to restore somewhere else.\n");
        } else {
            md.append("## 2. Restore into a new SQLite file\n\n```sh\npatina restore ").append(file).append(' ')
                    .append(name).append("-restored.sqlite\n```\n\n");
            md.append("`patina restore` checks the dump, restores it in one transaction into a temp file, runs the "
                    + "integrity, foreign-key and row-count checks, then renames it into place.");
            if (db instanceof SqliteDatabaseConfig sqlite) {
                md.append(" Stop the application, keep a copy of `").append(sqlite.path())
                        .append("`, then move the restored file over it (`--force` replaces a non-empty target and "
                                + "keeps the old one as `.bak`).");
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** The encrypted object's {@code age -d} step: what opens it, and how to restore it without Patina. */
    private static void encrypted(StringBuilder md, StoredObject o) {
        String stored = o.key().substring(o.key().lastIndexOf('/') + 1);
        String compressed = stored.substring(0, stored.length() - ".age".length());
        md.append("This backup is **encrypted** (age format) to the key(s) with fingerprint ")
                .append(String.join(", ", o.recipients().stream().map(f -> "`" + f + "`").toList()))
                .append(". `patina download` decrypts it with `[encryption] identity` (or `passphrase`) of the "
                        + "config, and says which key it needs when that is missing.\n\n");
        md.append("Without Patina, with only `age` and `sqlite3` (keep the stored bytes with `--keep-encrypted`, or "
                + "copy the object from the store):\n\n```sh\nage -d -i identity.txt -o ").append(compressed)
                .append(' ').append(stored).append('\n');
        if (compressed.endsWith(".zst")) {
            md.append("zstd -d ").append(compressed).append('\n');
        } else if (compressed.endsWith(".gz")) {
            md.append("gunzip ").append(compressed).append('\n');
        }
        md.append("sqlite3 restored.sqlite < ").append(compressed.replaceAll("\\.(gz|zst)$", ""))
                .append("\n```\n\n(`age -d` without `-i` asks for the passphrase of a passphrase-encrypted "
                        + "object.)\n\n");
    }
}
