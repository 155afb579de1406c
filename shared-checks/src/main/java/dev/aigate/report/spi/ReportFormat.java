package dev.aigate.report.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * An extra report format, generated from the JSON report and found with {@link java.util.ServiceLoader} (register it
 * under {@code META-INF/services/dev.aigate.report.spi.ReportFormat}). Formats with heavy dependencies (such as the
 * CycloneDX ML-BOM) live in their own module so the core stays small; the adapters put them on the class path.
 */
public interface ReportFormat {
    /** The file name in the report directory, e.g. {@code aigate-mlbom.cdx.json}. */
    String fileName();

    /** Renders the format from the JSON report tree; a failure fails the report set (and so the gate). */
    byte[] render(JsonNode report) throws IOException;
}
