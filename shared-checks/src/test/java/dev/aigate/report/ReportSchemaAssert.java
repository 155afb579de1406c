package dev.aigate.report;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.aigate.core.GateResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * Validates JSON reports against the published schema ({@link JsonReport#SCHEMA_RESOURCE}, loaded from the
 * classpath as readers would get it), with format assertions (date-time, date) switched on.
 */
public final class ReportSchemaAssert {
    private static final JsonSchema SCHEMA = load();

    private ReportSchemaAssert() {
    }

    private static JsonSchema load() {
        try (InputStream in = JsonReport.class.getResourceAsStream(JsonReport.SCHEMA_RESOURCE)) {
            assertNotNull(in, "schema not on the classpath: " + JsonReport.SCHEMA_RESOURCE);
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema violations of {@code report}, as "path: message" lines; empty when it is valid. */
    public static List<String> errors(JsonNode report) {
        Set<ValidationMessage> messages = SCHEMA.validate(report);
        return messages.stream().map(m -> m.getInstanceLocation() + ": " + m.getMessage()).sorted().toList();
    }

    public static void assertValid(JsonNode report) {
        List<String> errors = errors(report);
        if (!errors.isEmpty()) {
            fail("the report does not match " + JsonReport.SCHEMA_RESOURCE + ":\n  " + String.join("\n  ", errors)
                    + "\n" + report.toPrettyString());
        }
    }

    /** Asserts the report of {@code result} is valid as written to a file (bytes parsed back), not just as a tree. */
    public static JsonNode assertValid(GateResult result) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JsonReport.write(result, out);
            JsonNode parsed = JsonReport.mapper().readTree(out.toByteArray());
            assertValid(parsed);
            return parsed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
