package dev.aigate.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    @Test
    void writesAllThreeReportsAndNothingElse() throws IOException {
        GateResult result = ReportFixtures.withWaivers(Files.createDirectories(dir.resolve("project")));
        Path out = dir.resolve("target/aigate");
        ReportWriter.Written written = ReportWriter.writeAll(result, out);

        assertEquals(List.of(out.resolve(JsonReport.FILE_NAME), out.resolve(JunitXmlReport.FILE_NAME),
                out.resolve(MarkdownReport.FILE_NAME)), written.all());
        assertEquals(List.of("aigate-junit.xml", "aigate-report.json", "aigate-summary.md"), names(out));

        ByteArrayOutputStream json = new ByteArrayOutputStream();
        JsonReport.write(result, json);
        assertArrayEquals(json.toByteArray(), Files.readAllBytes(written.json()));
        ByteArrayOutputStream junit = new ByteArrayOutputStream();
        JunitXmlReport.write(result, junit);
        assertArrayEquals(junit.toByteArray(), Files.readAllBytes(written.junit()));
        assertEquals(MarkdownReport.render(result), Files.readString(written.markdown()));
        ReportSchemaAssert.assertValid(JsonReport.mapper().readTree(written.json().toFile()));
    }

    @Test
    void overwritesEarlierReportsWithoutLeftovers() throws IOException {
        Path out = dir.resolve("reports");
        ReportWriter.writeAll(ReportFixtures.errorBeforeChecks(Files.createDirectories(dir.resolve("a"))), out);
        GateResult second = ReportFixtures.pass(Files.createDirectories(dir.resolve("b")));
        ReportWriter.Written written = ReportWriter.writeAll(second, out);
        assertEquals(List.of("aigate-junit.xml", "aigate-report.json", "aigate-summary.md"), names(out));
        assertEquals("PASS", JsonReport.mapper().readTree(written.json().toFile()).get("verdict").asText());
    }

    @Test
    void directoryThatIsAFileIsAnIoError() throws IOException {
        Path file = Files.writeString(dir.resolve("occupied"), "x");
        GateResult result = ReportFixtures.errorBeforeChecks(Files.createDirectories(dir.resolve("p")));
        assertThrows(IOException.class, () -> ReportWriter.writeAll(result, file));
        assertEquals(List.of("occupied", "p"), names(dir));
    }
}
