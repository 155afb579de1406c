package dev.aigate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.aigate.core.GateResult;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML report in headless Chromium, as a release manager would, and checks what is actually rendered: the
 * verdict banner and the charts, both straight from disk and served under Jenkins' default Content Security Policy
 * (which blocks inline styles and scripts). Skipped with a message where no Chromium is installed, unless
 * AIGATE_REQUIRE_BROWSER is set (CI sets it after installing Debian's chromium).
 */
class HtmlReportBrowserTest {
    /** Jenkins' default Content-Security-Policy for archived and published files. */
    static final String JENKINS_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'self';";
    private static final int FAIL_RED = 0xcf222e;
    private static Path chromium;

    @TempDir
    Path dir;

    @BeforeAll
    static void findBrowser() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(candidate))) {
                chromium = Path.of(candidate);
                return;
            }
        }
        boolean required = System.getenv("AIGATE_REQUIRE_BROWSER") != null;
        if (required) {
            throw new AssertionError("AIGATE_REQUIRE_BROWSER is set but no Chromium is installed");
        }
        Assumptions.abort("no Chromium installed (apt-get install chromium); browser test skipped");
    }

    private Path reports() throws IOException {
        GateResult result = ReportFixtures.fail(Files.createDirectories(dir.resolve("project")));
        return ReportWriter.writeAll(result, dir.resolve("report")).html();
    }

    private List<String> command(String... extra) {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--user-data-dir=" + dir.resolve("profile")));
        command.addAll(List.of(extra));
        return command;
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(dir.resolve("chromium.err").toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        return new String(out, StandardCharsets.UTF_8);
    }

    private BufferedImage screenshot(String url) throws IOException, InterruptedException {
        Path png = dir.resolve("shot-" + System.nanoTime() + ".png");
        run(command("--window-size=1200,1600", "--screenshot=" + png, url));
        assertTrue(Files.exists(png), "no screenshot: " + Files.readString(dir.resolve("chromium.err")));
        return ImageIO.read(png.toFile());
    }

    private static int count(BufferedImage image, int rgb, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = y0; y < Math.min(y1, image.getHeight()); y++) {
            for (int x = x0; x < Math.min(x1, image.getWidth()); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void rendersTheVerdictAndTheCharts() throws Exception {
        Path html = reports();
        String dom = run(command("--dump-dom", html.toUri().toString()));
        assertTrue(dom.contains("id=\"verdict\">FAIL<"), "verdict in the rendered page");
        assertTrue(dom.contains("<svg"), "charts in the rendered page");
        BufferedImage page = screenshot(html.toUri().toString());
        assertEquals(1200, page.getWidth());
        assertTrue(count(page, FAIL_RED, 0, 0, page.getWidth(), 120) > 20_000,
                "the red FAIL banner is painted across the top");
        assertTrue(count(page, FAIL_RED, 0, 120, page.getWidth(), page.getHeight()) > 200,
                "the red 'modified' bar of the dataset chart is painted");
    }

    @Test
    void staysReadableUnderJenkinsContentSecurityPolicy() throws Exception {
        Path html = reports();
        Path root = html.getParent();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            byte[] body = file.startsWith(root) && Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0];
            exchange.getResponseHeaders().add("Content-Security-Policy", JENKINS_CSP);
            exchange.getResponseHeaders().add("Content-Type", file.toString().endsWith(".css") ? "text/css"
                    : "text/html; charset=utf-8");
            exchange.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/" + HtmlReport.FILE_NAME;
            BufferedImage page = screenshot(url);
            assertTrue(count(page, FAIL_RED, 0, 0, page.getWidth(), 120) > 20_000,
                    "the banner is styled by the linked stylesheet although inline styles are blocked");
            assertTrue(count(page, FAIL_RED, 0, 120, page.getWidth(), page.getHeight()) > 200,
                    "SVG presentation attributes still colour the charts");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void fitsAPhoneScreenWithoutScrollingSideways() throws Exception {
        Path html = reports();
        try (DevTools browser = DevTools.open(chromium, dir.resolve("devtools-profile"), 390, 844)) {
            browser.navigate(html.toUri().toString());
            int viewport = browser.evaluate("window.innerWidth").asInt();
            int page = browser.evaluate("document.documentElement.scrollWidth").asInt();
            assertTrue(viewport > 0 && viewport <= 400, "a phone-width window: " + viewport);
            assertTrue(page <= viewport, "the report is " + page + " px wide on a " + viewport + " px screen: it"
                    + " must wrap or scroll inside its sections, never sideways as a whole");
            assertTrue(browser.evaluate("document.getElementById('verdict').getBoundingClientRect().right").asDouble()
                    <= viewport, "the verdict is on screen");
        }
        // And a screenshot at that width, for a person to look at when this fails.
        run(command("--window-size=390,2400", "--screenshot=" + dir.resolve("phone.png"), html.toUri().toString()));
        assertTrue(Files.size(dir.resolve("phone.png")) > 0);
    }
}
