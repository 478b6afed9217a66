package dev.grove.patina.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.backup.weekly.ArchivedMember;
import dev.grove.patina.backup.weekly.WeeklyArchiver;
import dev.grove.patina.backup.weekly.WeeklyResult;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.s3.S3ProxyServer;
import dev.grove.patina.testing.EdgeValuesDatabase;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Patina stores reads back with the real outside programs: every object Patina puts on S3 (S3Proxy on
 * 127.0.0.1) comes back through the {@code aws} CLI with the SHA-256 the catalog and the object's metadata record,
 * and a weekly archive extracts with GNU {@code tar}: its members are the dailies, decompressed, byte for byte, and
 * {@code manifest.json} is the last member.
 */
@Tag("compat")
class StoredObjectsCompatTest {
    private static final String BUCKET_PREFIX = "grove/";
    /** 2026-W48: Monday 23 to Sunday 29 November. */
    private static final LocalDate MONDAY = LocalDate.parse("2026-11-23");

    @TempDir
    Path dir;

    @Test
    void objectsReadBackWithTheAwsCliAndWeekliesExtractWithTar() throws Exception {
        CompatTools tools = CompatTools.load();
        Path chinook = dir.resolve("chinook.sqlite");
        try (InputStream in = getClass().getResourceAsStream("/chinook/Chinook_Sqlite.sqlite")) {
            Files.copy(in, chinook);
        }
        Path edge = EdgeValuesDatabase.create(dir.resolve("edge.sqlite"), true);
        try (S3ProxyServer s3 = new S3ProxyServer(Files.createDirectories(dir.resolve("s3")))) {
            String bucket = s3.newBucket();
            PatinaConfig config = config(s3, bucket, chinook, edge);
            Instant sunday = MONDAY.plusDays(6).atTime(3, 0).toInstant(ZoneOffset.UTC);
            try (PatinaRuntime rt = PatinaRuntime.open(config, new Services(Clock.fixed(sunday, ZoneOffset.UTC)))) {
                // Monday and Sunday both databases; Tuesday chinook only (edge's Tuesday is missing)
                for (int day : new int[] {0, 1, 6}) {
                    Set<String> only = day == 1 ? Set.of("chinook") : Set.of();
                    RunReport r = rt.backups().runNightly(MONDAY.plusDays(day).atTime(2, 0).toInstant(ZoneOffset.UTC),
                            "compat", only, BackupProgress.NONE);
                    assertEquals(RunStatus.OK, r.status(), r.toString());
                }
                WeeklyArchiver archiver = rt.weeklyArchiver();
                WeeklyResult weekly = archiver.apply(archiver.plan(MONDAY), "compat");
                assertTrue(weekly.stored(), weekly.error());
                assertEquals(5, weekly.members().size(), weekly.members().toString());
                assertFalse(weekly.missing().isEmpty(), "edge's Tuesday (and the days without backups) are listed");

                Aws aws = new Aws(tools, s3);
                // the aws CLI lists what Patina's store lists
                List<ObjectInfo> stored = rt.store().list(BUCKET_PREFIX);
                assertEquals(6, stored.size(), stored.toString());
                String listing = aws.run("s3", "ls", "--recursive", "s3://" + bucket + "/" + BUCKET_PREFIX);
                for (ObjectInfo o : stored) {
                    assertTrue(listing.contains(o.key()), o.key() + " not in aws s3 ls:\n" + listing);
                }
                Map<String, byte[]> decompressedDailies = new java.util.HashMap<>();
                for (ObjectInfo o : stored) {
                    Path copy = aws.copy(bucket, o.key(), dir.resolve("aws/" + o.key()));
                    String sha = sha256(Files.readAllBytes(copy));
                    StoredObject recorded = rt.catalog().object(o.key()).orElseThrow();
                    assertEquals(recorded.sha256(), sha, o.key() + ": the catalog's SHA-256");
                    assertEquals(recorded.size(), Files.size(copy), o.key());
                    assertEquals(o.metadata().get("patina-sha256"), sha, o.key() + ": the object's metadata");
                    if (o.key().contains("/daily/")) {
                        try (InputStream in = Compression.decompressing(Files.newInputStream(copy))) {
                            decompressedDailies.put(o.key(), in.readAllBytes());
                        }
                    }
                }
                // the weekly's metadata as the aws CLI reads it
                JsonNode head = new ObjectMapper().readTree(aws.run("s3api", "head-object", "--bucket", bucket,
                        "--key", weekly.key()));
                assertEquals(weekly.sha256(), head.path("Metadata").path("patina-sha256").asText(), head.toString());

                Path archive = dir.resolve("aws/" + weekly.key());
                List<String> members = tar(tools, "-tzf", archive.toString()).lines().toList();
                assertEquals("manifest.json", members.get(members.size() - 1), "manifest last: " + members);
                assertEquals(weekly.members().stream().map(ArchivedMember::path).toList(),
                        members.subList(0, members.size() - 1));
                Path extracted = Files.createDirectories(dir.resolve("extracted"));
                tar(tools, "-xzf", archive.toString(), "-C", extracted.toString());
                for (ArchivedMember m : weekly.members()) {
                    byte[] member = Files.readAllBytes(extracted.resolve(m.path()));
                    byte[] daily = decompressedDailies.entrySet().stream()
                            .filter(e -> e.getKey().endsWith(m.sourceKey())).map(Map.Entry::getValue).findFirst()
                            .orElseThrow(() -> new AssertionError("no daily " + m.sourceKey() + " was read back"));
                    assertArrayEquals(daily, member,
                            m.path() + " is " + m.sourceKey() + ", decompressed");
                    assertEquals(m.sha256(), sha256(member), m.path());
                }
                JsonNode manifest = new ObjectMapper().readTree(extracted.resolve("manifest.json").toFile());
                assertEquals("2026-W48", manifest.path("week").asText());
                assertEquals(weekly.members().size(), manifest.path("members").size());
                assertTrue(manifest.path("missing").toString().contains("2026-11-24"), manifest.toString());
            }
        }
    }

    private PatinaConfig config(S3ProxyServer s3, String bucket, Path chinook, Path edge) throws Exception {
        String toml = """
                [store]
                type = "s3"
                endpoint = "%s"
                bucket = "%s"
                access_key_id = "%s"
                secret_access_key = "env:PATINA_COMPAT_S3_SECRET"
                prefix = "%s"

                [compression]
                daily = "gzip"

                [catalog]
                path = "%s"

                [[databases]]
                name = "chinook"
                type = "sqlite"
                path = "%s"

                [[databases]]
                name = "edge"
                type = "sqlite"
                path = "%s"
                """.formatted(s3.endpoint(), bucket, S3ProxyServer.ACCESS_KEY, BUCKET_PREFIX,
                dir.resolve("catalog.sqlite"), chinook, edge);
        Path file = Files.writeString(dir.resolve("patina.toml"), toml);
        Map<String, String> env = Map.of("PATINA_COMPAT_S3_SECRET", S3ProxyServer.SECRET_KEY);
        return new ConfigLoader(env::get, dir, name -> Optional.empty()).load(file);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private String tar(CompatTools tools, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tools.tar().toString()));
        cmd.addAll(List.of(args));
        return Child.run(cmd, Map.of(), null);
    }

    /** The {@code aws} CLI against S3Proxy, the credentials in the child's environment only. */
    private static final class Aws {
        private final CompatTools tools;
        private final S3ProxyServer s3;

        Aws(CompatTools tools, S3ProxyServer s3) {
            this.tools = tools;
            this.s3 = s3;
        }

        String run(String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(tools.aws().toString()));
            cmd.addAll(List.of(args));
            cmd.addAll(List.of("--endpoint-url", s3.endpoint().toString()));
            return Child.run(cmd, env(), null);
        }

        /** {@code aws s3 cp s3://BUCKET/KEY -}, its output into {@code target}. */
        Path copy(String bucket, String key, Path target) throws Exception {
            Files.createDirectories(target.getParent());
            Child.run(List.of(tools.aws().toString(), "s3", "cp", "s3://" + bucket + "/" + key, "-",
                    "--endpoint-url", s3.endpoint().toString()), env(), target);
            return target;
        }

        private static Map<String, String> env() {
            return Map.of("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
                    "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY, "AWS_DEFAULT_REGION", "us-east-1",
                    "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null",
                    "AWS_EC2_METADATA_DISABLED", "true", "AWS_PAGER", "");
        }
    }

    /** One child process: its stdout (or stdout into a file), failing with its stderr unless it exits 0. */
    static final class Child {
        static String run(List<String> cmd, Map<String, String> env, Path stdoutFile) throws Exception {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(env);
            Path out = stdoutFile != null ? stdoutFile : Files.createTempFile("child", ".out");
            Path err = Files.createTempFile("child", ".err");
            try {
                pb.redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
                Process p = pb.start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(cmd.get(0) + " did not finish in 120 s");
                }
                String stderr = Files.readString(err, StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + stderr);
                }
                return stdoutFile != null ? "" : Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(err);
                if (stdoutFile == null) {
                    Files.deleteIfExists(out);
                }
            }
        }
    }
}
