package dev.aigate.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.GateResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    @TempDir
    Path dir;

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static final List<String> ALL = List.of("aigate-junit.xml", "aigate-report.css", "aigate-report.html",
            "aigate-report.json", "aigate-report.sarif", "aigate-summary.md");

    @Test
    void writesEveryReportAndNothingElse() throws IOException {
        GateResult result = ReportFixtures.withWaivers(Files.createDirectories(dir.resolve("project")));
        Path out = dir.resolve("target/aigate");
        ReportWriter.Written written = ReportWriter.writeAll(result, out);

        assertEquals(ALL, written.all().stream().map(p -> p.getFileName().toString()).sorted().toList());
        assertEquals(ALL, names(out));
        assertEquals(List.of("aigate"), names(dir.resolve("target")), "no staging or old directories remain");

        ByteArrayOutputStream json = new ByteArrayOutputStream();
        JsonReport.write(result, json);
        assertArrayEquals(json.toByteArray(), Files.readAllBytes(written.json()));
        ByteArrayOutputStream junit = new ByteArrayOutputStream();
        JunitXmlReport.write(result, junit);
        assertArrayEquals(junit.toByteArray(), Files.readAllBytes(written.directory().resolve(JunitXmlReport.FILE_NAME)));
        assertEquals(MarkdownReport.render(result), Files.readString(written.directory().resolve(MarkdownReport.FILE_NAME)));
        ReportSchemaAssert.assertValid(JsonReport.mapper().readTree(written.json().toFile()));
    }

    @Test
    void overwritesEarlierReportsWithoutLeftovers() throws IOException {
        Path out = dir.resolve("reports");
        ReportWriter.writeAll(ReportFixtures.errorBeforeChecks(Files.createDirectories(dir.resolve("a"))), out);
        GateResult second = ReportFixtures.pass(Files.createDirectories(dir.resolve("b")));
        ReportWriter.Written written = ReportWriter.writeAll(second, out);
        assertEquals(ALL, names(out));
        assertEquals(List.of("a", "b", "reports"), names(dir), "no staging or old directories remain");
        assertEquals("PASS", JsonReport.mapper().readTree(written.json().toFile()).get("verdict").asText());
    }

    @Test
    void aDirectoryWithOtherFilesIsNotReplacedButStaleReportsGo() throws IOException {
        Path out = Files.createDirectories(dir.resolve("shared"));
        Files.writeString(out.resolve("notes.txt"), "the user's own file");
        Files.writeString(out.resolve("aigate-report.json.sig"), "signature of an older report");
        ReportWriter.writeAll(ReportFixtures.pass(Files.createDirectories(dir.resolve("p"))), out);
        List<String> expected = new java.util.ArrayList<>(ALL);
        expected.add("notes.txt");
        java.util.Collections.sort(expected);
        assertEquals(expected, names(out));
        assertEquals("the user's own file", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void htmlRecordsTheDigestOfTheJsonItWasGeneratedFrom() throws IOException {
        Path out = dir.resolve("r");
        ReportWriter.Written written = ReportWriter.writeAll(
                ReportFixtures.pass(Files.createDirectories(dir.resolve("p"))), out);
        String sha = dev.aigate.core.io.Digests.sha256Hex(Files.readAllBytes(written.json()));
        assertTrue(Files.readString(written.html()).contains(
                "<meta name=\"" + HtmlReport.DIGEST_META + "\" content=\"" + sha + "\">"));
    }

    @Test
    void reportsAreReadableByOthersLikeAnyBuildOutput() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews()
                .contains("posix"), "POSIX permissions");
        Path out = dir.resolve("r");
        ReportWriter.writeAll(ReportFixtures.pass(Files.createDirectories(dir.resolve("p"))), out);
        assertEquals("rwxr-xr-x", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(out)));
        for (String name : names(out)) {
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(out.resolve(name))), name);
        }
    }

    @Test
    void directoryThatIsAFileIsAnIoError() throws IOException {
        Path file = Files.writeString(dir.resolve("occupied"), "x");
        GateResult result = ReportFixtures.errorBeforeChecks(Files.createDirectories(dir.resolve("p")));
        assertThrows(IOException.class, () -> ReportWriter.writeAll(result, file));
        assertEquals(List.of("occupied", "p"), names(dir));
    }
}
