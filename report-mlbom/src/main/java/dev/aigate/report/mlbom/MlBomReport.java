package dev.aigate.report.mlbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.report.spi.ReportFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The AI asset inventory of a gate run as a CycloneDX 1.6 ML-BOM, generated from the JSON report: every model the
 * gate judged (type {@code machine-learning-model}, SHA-256, model card performance where a check measured it) and
 * every dataset (type {@code data}, dataset digest, provenance as licence and properties). Models come from inputs of
 * kind {@code model}/{@code model-file} and from checks' {@code component} views; datasets from {@code component}
 * views. No check is known by name.
 *
 * <p>Written with Jackson, which the core already has: the CycloneDX library's object model and generator brought
 * eight more jars and a third of a second of class loading to every run for one JSON file. The tests validate the
 * output against the CycloneDX 1.6 schema with that library.
 */
public final class MlBomReport implements ReportFormat {
    public static final String FILE_NAME = "aigate-mlbom.cdx.json";
    public static final String SPEC_VERSION = "1.6";
    /** Input kinds that are model files (a model card, say, is not). */
    static final java.util.Set<String> MODEL_KINDS = java.util.Set.of("model", "model-file");
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    @Override
    public byte[] render(JsonNode report) throws IOException {
        try {
            return MAPPER.writeValueAsBytes(toBom(report));
        } catch (RuntimeException e) {
            throw new IOException("cannot generate the CycloneDX ML-BOM: " + e.getMessage(), e);
        }
    }

    static ObjectNode toBom(JsonNode report) {
        ObjectNode bom = MAPPER.createObjectNode();
        bom.put("bomFormat", "CycloneDX");
        bom.put("specVersion", SPEC_VERSION);
        // Derived from the policy digest and start time, so one gate run always has the same serial number.
        bom.put("serialNumber", "urn:uuid:" + UUID.nameUUIDFromBytes((report.path("policy").path("sha256").asText()
                + report.path("run").path("startedAt").asText()).getBytes(StandardCharsets.UTF_8)));
        bom.put("version", 1);
        ObjectNode metadata = bom.putObject("metadata");
        metadata.put("timestamp", report.path("run").path("startedAt").asText());
        ObjectNode tool = metadata.putObject("tools").putArray("components").addObject();
        tool.put("type", "application");
        tool.put("name", "aigate");
        tool.put("version", report.path("tool").path("version").asText());
        if (report.path("run").hasNonNull("project")) {
            ObjectNode project = metadata.putObject("component");
            project.put("type", "application");
            project.put("bom-ref", "project");
            project.put("name", report.path("run").path("project").asText());
        }
        ArrayNode properties = metadata.putArray("properties");
        property(properties, "aigate:verdict", report.path("verdict").asText());
        property(properties, "aigate:policy:sha256", report.path("policy").path("sha256").asText());
        if (report.path("run").hasNonNull("commit")) {
            property(properties, "aigate:commit", report.path("run").path("commit").asText());
        }
        ArrayNode components = bom.putArray("components");
        datasets(report).values().forEach(components::add);
        models(report).values().forEach(components::add);
        return bom;
    }

    /** Every dataset component a check's views name, once per name. */
    private static Map<String, ObjectNode> datasets(JsonNode report) {
        Map<String, ObjectNode> byName = new LinkedHashMap<>();
        for (JsonNode check : report.path("checks")) {
            for (JsonNode view : components(check, "dataset")) {
                String name = view.path("name").asText();
                ObjectNode component = byName.computeIfAbsent(name, n -> {
                    ObjectNode c = MAPPER.createObjectNode();
                    c.put("type", "data");
                    c.put("bom-ref", "dataset:" + n);
                    c.put("name", n);
                    if (view.hasNonNull("description")) {
                        c.put("description", view.path("description").asText());
                    }
                    hash(c, view.path("sha256").asText(null));
                    if (view.hasNonNull("license")) {
                        license(c, view.path("license").asText());
                    }
                    ObjectNode data = c.putArray("data").addObject();
                    data.put("type", "dataset");
                    data.put("name", n);
                    String source = view.path("properties").path("provenance:source").asText(null);
                    if (source != null) {
                        data.put("description", source);
                    }
                    // The approver stays a property: a data steward without an organisation is not valid 1.6.
                    c.putArray("properties");
                    return c;
                });
                addProperties(component, view);
            }
        }
        return byName;
    }

    /** Every model input and model component, once per path, with the performance the checks measured. */
    private static Map<String, ObjectNode> models(JsonNode report) {
        Map<String, ObjectNode> byPath = new LinkedHashMap<>();
        for (JsonNode check : report.path("checks")) {
            for (JsonNode input : check.path("inputs")) {
                if (MODEL_KINDS.contains(input.path("kind").asText())) {
                    ObjectNode model = model(byPath, input.path("path").asText(), input.path("sha256").asText(),
                            input.path("size").asText());
                    property((ArrayNode) model.get("properties"), "aigate:checked-by", check.path("id").asText() + " "
                            + check.path("status").asText());
                }
            }
            for (JsonNode view : components(check, "model")) {
                ObjectNode component = model(byPath, view.path("path").asText(view.path("name").asText()),
                        view.path("sha256").asText(null), null);
                addProperties(component, view);
                addPerformance(component, view.path("performance"));
            }
        }
        return byPath;
    }

    private static Iterable<JsonNode> components(JsonNode check, String kind) {
        java.util.List<JsonNode> found = new java.util.ArrayList<>();
        for (JsonNode view : check.path("views")) {
            if ("component".equals(view.path("type").asText()) && kind.equals(view.path("kind").asText())) {
                found.add(view);
            }
        }
        return found;
    }

    private static ObjectNode model(Map<String, ObjectNode> byPath, String path, String sha256, String size) {
        return byPath.computeIfAbsent(path, p -> {
            ObjectNode c = MAPPER.createObjectNode();
            c.put("type", "machine-learning-model");
            c.put("bom-ref", "model:" + p);
            Path file = Path.of(p).getFileName();
            c.put("name", file == null ? p : file.toString());
            c.put("description", "model file " + p);
            hash(c, sha256);
            ArrayNode properties = c.putArray("properties");
            property(properties, "aigate:path", p);
            if (size != null) {
                property(properties, "aigate:size", size);
            }
            return c;
        });
    }

    private static void hash(ObjectNode component, String sha256) {
        if (sha256 != null && sha256.matches("[0-9a-f]{64}")) {
            ObjectNode hash = component.putArray("hashes").addObject();
            hash.put("alg", "SHA-256");
            hash.put("content", sha256);
        }
    }

    private static void addProperties(ObjectNode component, JsonNode view) {
        ArrayNode properties = (ArrayNode) component.get("properties");
        Iterator<Map.Entry<String, JsonNode>> fields = view.path("properties").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            property(properties, "aigate:" + field.getKey(), field.getValue().asText());
        }
    }

    /** Performance figures a check measured become model card performance metrics. */
    private static void addPerformance(ObjectNode component, JsonNode figures) {
        if (figures.isEmpty()) {
            return;
        }
        ObjectNode analysis = component.has("modelCard")
                ? (ObjectNode) component.get("modelCard").get("quantitativeAnalysis")
                : component.putObject("modelCard").putObject("quantitativeAnalysis");
        ArrayNode metrics = analysis.has("performanceMetrics") ? (ArrayNode) analysis.get("performanceMetrics")
                : analysis.putArray("performanceMetrics");
        for (JsonNode figure : figures) {
            ObjectNode metric = metrics.addObject();
            metric.put("type", figure.path("type").asText());
            metric.put("value", figure.path("value").asText());
            if (figure.hasNonNull("slice")) {
                metric.put("slice", figure.path("slice").asText());
            }
        }
    }

    private static void license(ObjectNode component, String text) {
        ObjectNode license = component.putArray("licenses").addObject().putObject("license");
        // SPDX ids look like "CC-BY-4.0"; anything else is kept as a name.
        if (text.matches("[A-Za-z0-9.+-]+")) {
            license.put("id", text);
        } else {
            license.put("name", text);
        }
    }

    private static void property(ArrayNode properties, String name, String value) {
        ObjectNode property = properties.addObject();
        property.put("name", name);
        property.put("value", value);
    }
}
