package dev.aigate.report.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.core.GateResult;
import java.io.IOException;
import java.util.Map;

/**
 * A report format, found with {@link java.util.ServiceLoader} (register it under
 * {@code META-INF/services/dev.aigate.report.spi.ReportFormat}). Every format aigate writes is one: the JSON report
 * (the contract the others are generated from), HTML, JUnit XML, SARIF, Markdown, and formats with heavy dependencies
 * in their own modules (the CycloneDX ML-BOM). Formats render neutral data: findings, inputs and the checks' views,
 * never a check by name.
 */
public interface ReportFormat {
    /** The file name in the report directory, e.g. {@code aigate-mlbom.cdx.json}. */
    String fileName();

    /** Files written next to the report (e.g. a stylesheet), by name. */
    default Map<String, byte[]> companions() {
        return Map.of();
    }

    /** Renders the format; a failure fails the report set (and so the gate). */
    default byte[] render(Input input) throws IOException {
        return render(input.report());
    }

    /** Renders the format from the JSON report tree alone (the simplest formats need nothing else). */
    default byte[] render(JsonNode report) throws IOException {
        throw new UnsupportedOperationException(fileName() + " renders from its Input");
    }

    /** The bytes a stream-writing renderer produces, for formats written with an OutputStream. */
    static byte[] bytes(dev.aigate.core.io.AtomicFiles.Content content) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        content.writeTo(out);
        return out.toByteArray();
    }

    /**
     * What every format is rendered from.
     *
     * @param result the gate result
     * @param report its JSON report tree
     * @param json the JSON report's bytes, as written
     * @param jsonSha256 their SHA-256, for formats that record which report they show
     */
    record Input(GateResult result, JsonNode report, byte[] json, String jsonSha256) {
    }
}
