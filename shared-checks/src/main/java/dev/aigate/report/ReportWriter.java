package dev.aigate.report;

import dev.aigate.core.GateResult;
import dev.aigate.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes the report set into a directory, each file atomically. */
public final class ReportWriter {
    private ReportWriter() {
    }

    /** The files written, JSON first. */
    public record Written(Path json, Path junit, Path markdown) {
        public List<Path> all() {
            return List.of(json, junit, markdown);
        }
    }

    public static Written writeAll(GateResult result, Path directory) throws IOException {
        Path json = directory.resolve(JsonReport.FILE_NAME);
        Path junit = directory.resolve(JunitXmlReport.FILE_NAME);
        Path markdown = directory.resolve(MarkdownReport.FILE_NAME);
        AtomicFiles.write(junit, out -> JunitXmlReport.write(result, out));
        AtomicFiles.write(markdown, out -> MarkdownReport.write(result, out));
        // The JSON report is the contract other tools read: write it last so it never describes files not yet there.
        AtomicFiles.write(json, out -> JsonReport.write(result, out));
        return new Written(json, junit, markdown);
    }
}
