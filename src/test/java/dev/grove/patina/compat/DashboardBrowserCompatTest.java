package dev.grove.patina.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.api.ApiServer;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.config.ApiConfig;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.model.RunStatus;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web dashboard in a real headless Chromium (Debian's chromium + chromedriver, driven by Selenium) against a
 * real daemon-side API: log in with the token, filter the history table, open a schema comparison of two picked
 * backups, download a backup and check its SHA-256 against the catalog. Leaves a screenshot in target/screenshots
 * (docs/screenshots with {@code -Dpatina.screenshots.update=true}).
 */
@Tag("compat")
class DashboardBrowserCompatTest {
    private static final String TOKEN = "tok-browser-5e7a-secret";

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void logInFilterCompareAndDownloadInChromium() throws Exception {
        CompatTools tools = CompatTools.load();
        MovingClock clock = new MovingClock(Instant.parse("2026-03-02T03:00:00Z"));
        try (PatinaRuntime rt = PatinaRuntime.open(config(), new Services(clock))) {
            backUp(rt, clock);
            alter("shop", "ALTER TABLE items ADD COLUMN price REAL", "CREATE INDEX items_name ON items(name)",
                    "INSERT INTO items (name) VALUES ('d')");
            clock.advance(Duration.ofDays(1));
            backUp(rt, clock);
            // a test restore proves blog's latest backup restorable; shop is never proven
            assertTrue(rt.verifier().verify(List.of(rt.catalog().latestDaily("blog").orElseThrow()), r -> { })
                    .get(0).ok());
            try (ApiServer api = new ApiServer(rt, rt.runs(), null, new ApiConfig(true, "127.0.0.1", 0,
                    rt.config().api().token()), clock).start()) {
                browse(tools, rt, "http://127.0.0.1:" + api.port());
            }
        }
    }

    private void browse(CompatTools tools, PatinaRuntime rt, String base) throws Exception {
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(tools.chromium().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1400", "--user-data-dir=" + dir.resolve("chrome-profile"));
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false, "safebrowsing.enabled", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(tools.chromedriver().toFile()).usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            browser.get(base + "/dashboard");

            // log in: the token goes in the form, never in a URL; then the app shows
            WebElement token = wait.until(d -> visible(d.findElement(By.id("token"))));
            assertEquals("token", browser.findElement(By.cssSelector("label[for=token]")).getAttribute("for"));
            token.sendKeys(TOKEN);
            browser.findElement(By.cssSelector("#login-form button[type=submit]")).click();
            wait.until(d -> visible(d.findElement(By.id("app-view"))));
            wait.until(d -> "4".equals(d.findElement(By.id("history")).getAttribute("data-total")));
            assertFalse(browser.getCurrentUrl().contains(TOKEN), browser.getCurrentUrl());
            assertTrue(browser.manage().getCookies().stream().allMatch(c -> c.isHttpOnly()
                    && !c.getValue().contains(TOKEN)), "only an HttpOnly session cookie");

            // status: when each database was last proven restorable, in words
            WebElement blogProven = browser.findElement(By.cssSelector(".db[data-db=blog] .proven"));
            assertTrue(blogProven.getText().matches("proven last proven restorable 2026-03-03 03:00:00Z "
                    + "\\([0-9]+ checks passed\\)"), blogProven.getText());
            WebElement shopProven = browser.findElement(By.cssSelector(".db[data-db=shop] .proven"));
            assertTrue(shopProven.getText().contains("never proven restorable"), shopProven.getText());

            // filter: database blog
            new Select(browser.findElement(By.id("f-db"))).selectByValue("blog");
            browser.findElement(By.id("apply")).click();
            wait.until(d -> "2".equals(d.findElement(By.id("history")).getAttribute("data-total")));
            List<WebElement> rows = browser.findElements(By.cssSelector("#history tbody tr"));
            assertEquals(2, rows.size());
            rows.forEach(r -> assertEquals("blog", r.findElements(By.tagName("td")).get(2).getText()));

            // two backups of shop → the side-by-side comparison
            new Select(browser.findElement(By.id("f-db"))).selectByValue("shop");
            browser.findElement(By.id("apply")).click();
            wait.until(d -> "2".equals(d.findElement(By.id("history")).getAttribute("data-total")));
            for (WebElement box : browser.findElements(By.cssSelector("#history tbody input[type=checkbox]"))) {
                box.click();
            }
            wait.until(d -> d.findElement(By.id("compare")).isEnabled());
            browser.findElement(By.id("compare")).click();
            WebElement summary = wait.until(d -> visible(d.findElement(By.id("diff-summary"))));
            assertTrue(summary.getText().startsWith("shop: "), summary.getText());
            List<WebElement> added = browser.findElements(By.cssSelector("#diff-table tr.added td.to"));
            assertTrue(added.stream().anyMatch(td -> td.getText().contains("column items.price added")),
                    browser.findElement(By.id("diff-table")).getText());
            assertTrue(added.stream().anyMatch(td -> td.getText().contains("index items_name added")),
                    browser.findElement(By.id("diff-table")).getText());
            String green = added.get(0).getCssValue("background-color");
            assertFalse(green.equals("rgba(0, 0, 0, 0)") || green.equals(browser.findElement(
                    By.cssSelector("#diff-table tr.added td.from")).getCssValue("background-color")),
                    "the added side is coloured: " + green);
            screenshot(browser);

            // the newest shop backup changed schema: a marker in words, and Enter on it opens that comparison
            List<WebElement> shopRows = browser.findElements(By.cssSelector("#history tbody tr"));
            assertTrue(shopRows.get(1).findElements(By.cssSelector(".schema-mark")).isEmpty(),
                    "the first backup has nothing to differ from: " + shopRows.get(1).getText());
            WebElement marker = shopRows.get(0).findElement(By.cssSelector("button.schema-mark"));
            assertEquals("Δ schema changed", marker.getText());
            assertTrue(marker.getAttribute("aria-label").startsWith("Schema changed since 2026-03-02: column "
                    + "items.price added"), marker.getAttribute("aria-label"));
            assertEquals("column items.price added (REAL), index items_name added", shopRows.get(0)
                    .findElement(By.cssSelector(".schema-summary")).getText());
            WebElement shown = browser.findElement(By.id("diff-summary"));
            marker.sendKeys(Keys.ENTER);
            wait.until(ExpectedConditions.stalenessOf(shown));
            WebElement opened = wait.until(d -> visible(d.findElement(By.id("diff-summary"))));
            assertTrue(opened.getText().startsWith("shop: "), opened.getText());
            assertTrue(browser.findElement(By.id("diff-table")).getText().contains("column items.price added"));
            assertEquals("2026-03-02", browser.findElement(By.cssSelector("#diff-table th")).getText(),
                    "against the previous backup");

            // download the newest shop backup through the page's link
            StoredObject newest = rt.catalog().latestGood("shop").orElseThrow();
            browser.findElement(By.cssSelector("a[href='/download/" + newest.date() + "/shop']")).click();
            Path file = downloads.resolve("shop-" + newest.date() + ".sql");
            wait.until(d -> Files.isRegularFile(file) && !Files.exists(downloads.resolve(file.getFileName()
                    + ".crdownload")));
            Path stored = dir.resolve("store").resolve(newest.key());
            assertEquals(newest.sha256(), sha256(Files.readAllBytes(stored)), "the store holds what the catalog says");
            byte[] dump;
            try (InputStream in = Compression.decompressing(Files.newInputStream(stored))) {
                dump = in.readAllBytes();
            }
            assertEquals(sha256(dump), sha256(Files.readAllBytes(file)), "the browser got the dump of that object");

            // "Run nightly now": a POST /trigger with the session's CSRF token, through the run service
            // the Node column (ADR 0034): hidden on this stand-alone catalog; once outcomes name cluster nodes, the
            // browser shows it with each backup's node in its own cell
            WebElement nodeHeader = browser.findElement(By.cssSelector("#history th[data-col=node]"));
            assertFalse(nodeHeader.isDisplayed(), "no Node column on a catalog that names no node");
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + rt.catalog().file());
                 java.sql.Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE database_results SET node = CASE WHEN \"database\" = 'blog' THEN 'node-a' "
                        + "ELSE 'node-b' END WHERE object_key IS NOT NULL");
            }
            new Select(browser.findElement(By.id("f-db"))).selectByValue("");
            browser.findElement(By.id("apply")).click();
            wait.until(d -> d.findElement(By.cssSelector("#history th[data-col=node]")).isDisplayed());
            wait.until(d -> "4".equals(d.findElement(By.id("history")).getAttribute("data-total")));
            List<WebElement> nodeCells = browser.findElements(By.cssSelector("#history tbody td.node"));
            assertEquals(4, nodeCells.size(), "one Node cell per backup");
            for (WebElement row : browser.findElements(By.cssSelector("#history tbody tr"))) {
                List<WebElement> cells = row.findElements(By.tagName("td"));
                String node = row.findElement(By.cssSelector("td.node")).getText();
                assertEquals(row.getText().contains("blog") ? "node-a" : "node-b", node, row.getText());
                assertEquals(11, cells.size(), "the row's cells line up with the 11 headers: " + row.getText());
            }
            int runs = rt.catalog().recentRuns(50).size();
            browser.findElement(By.id("run-nightly")).click();
            WebElement said = wait.until(d -> d.findElement(By.id("message")).getText().startsWith("Nightly")
                    ? d.findElement(By.id("message")) : null);
            assertTrue(said.getText().startsWith("Nightly started"), said.getText());
            wait.until(d -> rt.catalog().recentRuns(50).size() > runs && rt.catalog().recentRuns(50).stream()
                    .anyMatch(r -> "api".equals(r.trigger()) && r.endedAt() != null));

            // log out: the page asks for the token again and the data is refused
            browser.findElement(By.id("logout")).click();
            wait.until(d -> visible(d.findElement(By.id("login-view"))));
            browser.get(base + "/dashboard/history");
            assertTrue(browser.getPageSource().contains("missing bearer token"), browser.getPageSource());
        } finally {
            browser.quit();
        }
    }

    private static WebElement visible(WebElement e) {
        return e.isDisplayed() ? e : null;
    }

    private static void screenshot(ChromeDriver browser) throws Exception {
        Path folder = Boolean.getBoolean("patina.screenshots.update") ? Path.of("docs", "screenshots")
                : Path.of("target", "screenshots");
        Files.createDirectories(folder);
        Files.write(folder.resolve("web-dashboard.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private void backUp(PatinaRuntime rt, Clock clock) {
        assertEquals(RunStatus.OK, rt.backups().runNightly(clock.instant(), "cli", Set.of(), BackupProgress.NONE)
                .status());
    }

    private void alter(String db, String... sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(db + ".sqlite"));
             Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    private PatinaConfig config() throws Exception {
        alter("shop", "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)",
                "INSERT INTO items (name) VALUES ('a'), ('b'), ('c')");
        alter("blog", "CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL)",
                "INSERT INTO posts (title) VALUES ('hello')");
        Path file = dir.resolve("patina.toml");
        Files.writeString(file, """
                [store]
                type = "local"
                path = "%s"

                [[databases]]
                name = "shop"
                type = "sqlite"
                path = "%s"

                [[databases]]
                name = "blog"
                type = "sqlite"
                path = "%s"

                [catalog]
                path = "%s"

                [api]
                enabled = true
                token = "env:PATINA_TEST_API_TOKEN"
                """.formatted(dir.resolve("store"), dir.resolve("shop.sqlite"), dir.resolve("blog.sqlite"),
                dir.resolve("data/catalog.sqlite")));
        return new ConfigLoader(Map.of("PATINA_TEST_API_TOKEN", TOKEN)::get, dir.resolve("data"),
                name -> Optional.empty()).load(file);
    }

    /** A clock the test moves by whole days between two nightlies. */
    private static final class MovingClock extends Clock {
        private volatile Instant now;

        MovingClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
