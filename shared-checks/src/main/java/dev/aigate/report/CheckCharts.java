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
        if (curves.isObject() && curves.size() > 0) {
            List<SvgChart.Series> series = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> fields = curves.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> curve = fields.next();
                List<double[]> points = new ArrayList<>();
                for (JsonNode point : curve.getValue()) {
                    points.add(new double[] {point.path("epsilon").asDouble(), point.path("accuracy").asDouble()});
                }
                series.add(new SvgChart.Series(curve.getKey(), points));
            }
            List<SvgChart.Threshold> thresholds = new ArrayList<>();
            for (JsonNode threshold : metrics.path("accuracyThresholds")) {
                thresholds.add(new SvgChart.Threshold(threshold.path("label").asText("threshold"),
                        threshold.path("value").asDouble()));
            }
            charts.add(SvgChart.lines("Accuracy against perturbation budget (L-infinity epsilon)", "epsilon",
                    "accuracy", series, thresholds, 0, 1));
        }
        JsonNode detection = metrics.path("detection");
        if (detection.isObject() && detection.has("score") && detection.has("threshold")) {
            double score = detection.path("score").asDouble();
            double threshold = detection.path("threshold").asDouble();
            charts.add(SvgChart.gauge("Watermark detection score", "score", score, threshold,
                    Math.max(score, threshold) * 1.25));
        }
        return charts;
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
