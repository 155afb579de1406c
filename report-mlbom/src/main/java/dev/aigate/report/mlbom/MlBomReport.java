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

    private static List<Component> datasets(JsonNode report) {
        List<Component> components = new ArrayList<>();
        for (JsonNode check : report.path("checks")) {
            for (JsonNode dataset : check.path("metrics").path("datasets")) {
                String name = dataset.path("name").asText();
                Component component = new Component();
                component.setType(Component.Type.DATA);
                component.setBomRef("dataset:" + name);
                component.setName(name);
                component.setDescription("dataset at " + dataset.path("path").asText() + ": "
                        + dataset.path("files").asLong() + " files, " + dataset.path("bytes").asLong() + " bytes");
                String digest = dataset.path("actualDigest").asText("");
                if (digest.startsWith("sha256:")) {
                    component.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, digest.substring(7))));
                }
                JsonNode provenance = dataset.path("provenance");
                if (provenance.hasNonNull("license")) {
                    component.setLicenses(license(provenance.path("license").asText()));
                }
                ComponentData data = new ComponentData();
                data.setType(ComponentData.ComponentDataType.DATASET);
                data.setName(name);
                data.setDescription(provenance.path("source").asText(null));
                // The approver is kept as a property: cyclonedx-core-java 10.2.1 writes a data steward with only a
                // contact as "organization": null, which the 1.6 schema rejects.
                component.setData(List.of(data));
                List<Property> properties = new ArrayList<>();
                Iterator<Map.Entry<String, JsonNode>> fields = provenance.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    properties.add(property("aigate:provenance:" + field.getKey(), field.getValue().asText()));
                }
                properties.add(property("aigate:dataset:digest", digest));
                properties.add(property("aigate:dataset:lockedDigest", dataset.path("lockedDigest").asText()));
                properties.add(property("aigate:dataset:unchanged", dataset.path("unchanged").asText()));
                component.setProperties(properties);
                components.add(component);
            }
        }
        return components;
    }

    /** Every input whose kind names a model, once per path, with what the checks measured about it. */
    private static List<Component> models(JsonNode report) {
        Map<String, Component> byPath = new LinkedHashMap<>();
        for (JsonNode check : report.path("checks")) {
            for (JsonNode input : check.path("inputs")) {
                String kind = input.path("kind").asText();
                if (!MODEL_KINDS.contains(kind)) {
                    continue;
                }
                String path = input.path("path").asText();
                Component component = byPath.computeIfAbsent(path, p -> {
                    Component c = new Component();
                    c.setType(Component.Type.MACHINE_LEARNING_MODEL);
                    c.setBomRef("model:" + p);
                    Path file = Path.of(p).getFileName();
                    c.setName(file == null ? p : file.toString());
                    c.setDescription("model file " + p);
                    c.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, input.path("sha256").asText())));
                    c.setProperties(new ArrayList<>(List.of(property("aigate:path", p),
                            property("aigate:size", input.path("size").asText()))));
                    return c;
                });
                component.getProperties().add(property("aigate:checked-by", check.path("id").asText() + " "
                        + check.path("status").asText()));
                addPerformance(component, check);
            }
        }
        return new ArrayList<>(byPath.values());
    }

    /** Clean and robust accuracy measured by the robustness check become model card performance metrics. */
    private static void addPerformance(Component component, JsonNode check) {
        JsonNode metrics = check.path("metrics");
        List<PerformanceMetric> performance = new ArrayList<>();
        if (metrics.path("clean").path("accuracy").isNumber()) {
            performance.add(metric("accuracy", metrics.path("clean").path("accuracy").asText(),
                    "clean evaluation set"));
        }
        JsonNode curves = metrics.path("accuracyVsEpsilon");
        JsonNode epsilons = curves.path("epsilon");
        Iterator<Map.Entry<String, JsonNode>> fields = curves.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> curve = fields.next();
            if (curve.getKey().equals("epsilon") || curve.getKey().equals("worst")) {
                continue;
            }
            // Index 0 is epsilon 0, the clean accuracy already recorded.
            for (int i = 1; i < Math.min(epsilons.size(), curve.getValue().size()); i++) {
                performance.add(metric("robust accuracy", curve.getValue().get(i).asText(), curve.getKey()
                        + " at L-infinity epsilon " + epsilons.get(i).asText()));
            }
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
