package dev.aigate.report.mlbom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.report.spi.ReportFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.component.ModelCard;
import org.cyclonedx.model.component.data.ComponentData;
import org.cyclonedx.model.component.modelCard.PerformanceMetric;
import org.cyclonedx.model.component.modelCard.QuantitativeAnalysis;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * The AI asset inventory of a gate run as a CycloneDX 1.6 ML-BOM, generated from the JSON report: every model the
 * gate judged (type {@code machine-learning-model}, SHA-256, model card data where a check measured it) and every
 * dataset (type {@code data}, dataset digest, provenance as licence and properties).
 */
public final class MlBomReport implements ReportFormat {
    public static final String FILE_NAME = "aigate-mlbom.cdx.json";
    static final Version VERSION = Version.VERSION_16;
    /** Input kinds that are model files (a model card, say, is not). */
    static final java.util.Set<String> MODEL_KINDS = java.util.Set.of("model", "model-file");

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    @Override
    public byte[] render(JsonNode report) throws IOException {
        try {
            return BomGeneratorFactory.createJson(VERSION, toBom(report)).toJsonString()
                    .getBytes(StandardCharsets.UTF_8);
        } catch (org.cyclonedx.exception.GeneratorException | RuntimeException e) {
            throw new IOException("cannot generate the CycloneDX ML-BOM: " + e.getMessage(), e);
        }
    }

    static Bom toBom(JsonNode report) {
        Bom bom = new Bom();
        // Derived from the policy and inputs' digests, so the same gate inputs give the same serial number.
        bom.setSerialNumber("urn:uuid:" + UUID.nameUUIDFromBytes((report.path("policy").path("sha256").asText()
                + report.path("run").path("startedAt").asText()).getBytes(StandardCharsets.UTF_8)));
        bom.setVersion(1);
        Metadata metadata = new Metadata();
        metadata.setTimestamp(Date.from(Instant.parse(report.path("run").path("startedAt").asText())));
        Component tool = new Component();
        tool.setType(Component.Type.APPLICATION);
        tool.setName("aigate");
        tool.setVersion(report.path("tool").path("version").asText());
        ToolInformation tools = new ToolInformation();
        tools.setComponents(List.of(tool));
        metadata.setToolChoice(tools);
        if (report.path("run").hasNonNull("project")) {
            Component project = new Component();
            project.setType(Component.Type.APPLICATION);
            project.setName(report.path("run").path("project").asText());
            project.setBomRef("project");
            metadata.setComponent(project);
        }
        List<Property> properties = new ArrayList<>();
        properties.add(property("aigate:verdict", report.path("verdict").asText()));
        properties.add(property("aigate:policy:sha256", report.path("policy").path("sha256").asText()));
        if (report.path("run").hasNonNull("commit")) {
            properties.add(property("aigate:commit", report.path("run").path("commit").asText()));
        }
        metadata.setProperties(properties);
        bom.setMetadata(metadata);

        List<Component> components = new ArrayList<>();
        components.addAll(datasets(report));
        components.addAll(models(report));
        bom.setComponents(components);
        return bom;
    }

    /** Every dataset component a check's views name, once per name. */
    private static List<Component> datasets(JsonNode report) {
        Map<String, Component> byName = new LinkedHashMap<>();
        for (JsonNode check : report.path("checks")) {
            for (JsonNode view : components(check, "dataset")) {
                String name = view.path("name").asText();
                Component component = byName.computeIfAbsent(name, n -> {
                    Component c = new Component();
                    c.setType(Component.Type.DATA);
                    c.setBomRef("dataset:" + n);
                    c.setName(n);
                    c.setDescription(view.path("description").asText(null));
                    if (view.hasNonNull("sha256")) {
                        c.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, view.path("sha256").asText())));
                    }
                    if (view.hasNonNull("license")) {
                        c.setLicenses(license(view.path("license").asText()));
                    }
                    ComponentData data = new ComponentData();
                    data.setType(ComponentData.ComponentDataType.DATASET);
                    data.setName(n);
                    data.setDescription(view.path("properties").path("provenance:source").asText(null));
                    // The approver stays a property: cyclonedx-core-java 10.2.1 writes a data steward with only a
                    // contact as "organization": null, which the 1.6 schema rejects.
                    c.setData(List.of(data));
                    c.setProperties(new ArrayList<>());
                    return c;
                });
                addProperties(component, view);
            }
        }
        return new ArrayList<>(byName.values());
    }

    /**
     * Every input whose kind names a model, and every model component a check's views name, once per path, with the
     * performance the checks measured.
     */
    private static List<Component> models(JsonNode report) {
        Map<String, Component> byPath = new LinkedHashMap<>();
        for (JsonNode check : report.path("checks")) {
            for (JsonNode input : check.path("inputs")) {
                if (MODEL_KINDS.contains(input.path("kind").asText())) {
                    model(byPath, input.path("path").asText(), input.path("sha256").asText(),
                            input.path("size").asText()).getProperties().add(property("aigate:checked-by",
                            check.path("id").asText() + " " + check.path("status").asText()));
                }
            }
            for (JsonNode view : components(check, "model")) {
                Component component = model(byPath, view.path("path").asText(view.path("name").asText()),
                        view.path("sha256").asText(null), null);
                addProperties(component, view);
                addPerformance(component, view.path("performance"));
            }
        }
        return new ArrayList<>(byPath.values());
    }

    private static List<JsonNode> components(JsonNode check, String kind) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode view : check.path("views")) {
            if ("component".equals(view.path("type").asText()) && kind.equals(view.path("kind").asText())) {
                found.add(view);
            }
        }
        return found;
    }

    private static Component model(Map<String, Component> byPath, String path, String sha256, String size) {
        return byPath.computeIfAbsent(path, p -> {
            Component c = new Component();
            c.setType(Component.Type.MACHINE_LEARNING_MODEL);
            c.setBomRef("model:" + p);
            Path file = Path.of(p).getFileName();
            c.setName(file == null ? p : file.toString());
            c.setDescription("model file " + p);
            if (sha256 != null) {
                c.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, sha256)));
            }
            List<Property> properties = new ArrayList<>();
            properties.add(property("aigate:path", p));
            if (size != null) {
                properties.add(property("aigate:size", size));
            }
            c.setProperties(properties);
            return c;
        });
    }

    private static void addProperties(Component component, JsonNode view) {
        Iterator<Map.Entry<String, JsonNode>> fields = view.path("properties").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            component.getProperties().add(property("aigate:" + field.getKey(), field.getValue().asText()));
        }
    }

    /** Performance figures a check measured become model card performance metrics. */
    private static void addPerformance(Component component, JsonNode figures) {
        List<PerformanceMetric> performance = new ArrayList<>();
        for (JsonNode figure : figures) {
            performance.add(metric(figure.path("type").asText(), figure.path("value").asText(),
                    figure.path("slice").asText(null)));
        }
        if (performance.isEmpty()) {
            return;
        }
        ModelCard card = component.getModelCard() == null ? new ModelCard() : component.getModelCard();
        QuantitativeAnalysis analysis = card.getQuantitativeAnalysis() == null ? new QuantitativeAnalysis()
                : card.getQuantitativeAnalysis();
        List<PerformanceMetric> all = analysis.getPerformanceMetrics() == null ? new ArrayList<>()
                : new ArrayList<>(analysis.getPerformanceMetrics());
        all.addAll(performance);
        analysis.setPerformanceMetrics(all);
        card.setQuantitativeAnalysis(analysis);
        component.setModelCard(card);
    }

    private static PerformanceMetric metric(String type, String value, String slice) {
        PerformanceMetric metric = new PerformanceMetric();
        metric.setType(type);
        metric.setValue(value);
        metric.setSlice(slice);
        return metric;
    }

    private static LicenseChoice license(String text) {
        License license = new License();
        // SPDX ids look like "CC-BY-4.0"; anything else is kept as a name.
        if (text.matches("[A-Za-z0-9.+-]+")) {
            license.setId(text);
        } else {
            license.setName(text);
        }
        LicenseChoice choice = new LicenseChoice();
        choice.addLicense(license);
        return choice;
    }

    private static Property property(String name, String value) {
        Property property = new Property();
        property.setName(name);
        property.setValue(value);
        return property;
    }
}
