package dev.aigate.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pictures each check's metrics are drawn as; checks without a picture get a table of their numbers. */
final class CheckCharts {
    private CheckCharts() {
    }

    static List<SvgChart> of(String checkId, JsonNode metrics, JsonNode report) {
        List<SvgChart> charts = new ArrayList<>();
        if ("datasets".equals(checkId)) {
            for (JsonNode dataset : metrics.path("datasets")) {
                charts.add(SvgChart.bars("Dataset '" + dataset.path("name").asText() + "': changes since it was locked",
                        List.of("modified", "added", "removed"),
                        List.of((long) dataset.path("modified").size(), (long) dataset.path("added").size(),
                                (long) dataset.path("removed").size()),
                        List.of("#cf222e", "#bf8700", "#8250df")));
            }
        }
        JsonNode frameworks = metrics.path("frameworks");
        if (frameworks.isObject() && frameworks.size() > 0) {
            List<String> labels = new ArrayList<>();
            List<long[]> values = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> fields = frameworks.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> framework = fields.next();
                labels.add(framework.getKey());
                values.add(new long[] {framework.getValue().path("met").asLong(),
                    framework.getValue().path("total").asLong()});
            }
            charts.add(SvgChart.progress("Compliance items met per framework", labels, values));
        }
        JsonNode curves = metrics.path("accuracyVsEpsilon");
        if (curves.isObject() && curves.path("epsilon").isArray()) {
            charts.add(robustness(curves, metrics.path("thresholds")));
        }
        for (JsonNode model : metrics.path("models")) {
            if (model.has("score") && model.has("requiredScore")) {
                double score = model.path("score").asDouble();
                double required = model.path("requiredScore").asDouble();
                charts.add(SvgChart.gauge("Watermark detection score: " + model.path("path").asText(), "score",
                        score, required, Math.max(score, required) * 1.25));
            }
        }
        return charts;
    }

    /**
     * Robustness: accuracy against epsilon, one line per attack (columns {@code epsilon}, then one list per attack,
     * starting with the clean accuracy at epsilon 0), with the policy's minimum clean accuracy as a horizontal line and
     * its minimum robust accuracy per epsilon as a dashed series.
     */
    private static SvgChart robustness(JsonNode curves, JsonNode thresholds) {
        List<Double> epsilons = new ArrayList<>();
        curves.path("epsilon").forEach(e -> epsilons.add(e.asDouble()));
        List<SvgChart.Series> series = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = curves.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> curve = fields.next();
            if (curve.getKey().equals("epsilon") || !curve.getValue().isArray()) {
                continue;
            }
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < Math.min(epsilons.size(), curve.getValue().size()); i++) {
                points.add(new double[] {epsilons.get(i), curve.getValue().get(i).asDouble()});
            }
            series.add(new SvgChart.Series(curve.getKey(), points));
        }
        List<SvgChart.Threshold> lines = new ArrayList<>();
        JsonNode minClean = thresholds.path("minCleanAccuracy").path("value");
        if (minClean.isNumber()) {
            lines.add(new SvgChart.Threshold("min clean accuracy " + SvgChart.fmt(minClean.asDouble()),
                    minClean.asDouble()));
        }
        JsonNode minRobust = thresholds.path("minRobustAccuracy").path("value");
        if (minRobust.isObject() && minRobust.size() > 0) {
            List<double[]> points = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> required = minRobust.fields();
            while (required.hasNext()) {
                Map.Entry<String, JsonNode> point = required.next();
                points.add(new double[] {Double.parseDouble(point.getKey()), point.getValue().asDouble()});
            }
            points.sort((a, b) -> Double.compare(a[0], b[0]));
            series.add(new SvgChart.Series("required (policy)", points, true));
        }
        return SvgChart.lines("Accuracy against perturbation budget (L-infinity epsilon)", "epsilon", "accuracy",
                series, lines, 0, 1);
    }

    /** Top-level numbers, booleans and short strings of the metrics, for a plain table. */
    static List<Map<String, String>> scalarMetrics(JsonNode metrics) {
        List<Map<String, String>> rows = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = metrics.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isValueNode() && value.asText().length() <= 200) {
                Map<String, String> row = new LinkedHashMap<>();
                row.put("name", field.getKey());
                row.put("value", value.asText());
                rows.add(row);
            }
        }
        return rows;
    }
}
