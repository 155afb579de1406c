package dev.aigate.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a check's views (as the JSON report holds them) into what the HTML template shows: sentences, SVG charts and
 * tables. Knows view types, never check ids or metric names.
 */
final class ViewRenderer {
    private ViewRenderer() {
    }

    /** The notes, charts and tables of one check's {@code views}. */
    record Rendered(List<String> notes, List<SvgChart> charts, List<Map<String, Object>> tables) {
    }

    static Rendered render(JsonNode views) {
        List<String> notes = new ArrayList<>();
        List<SvgChart> charts = new ArrayList<>();
        List<Map<String, Object>> tables = new ArrayList<>();
        for (JsonNode view : views) {
            switch (view.path("type").asText()) {
                case "note" -> notes.add(view.path("text").asText());
                case "table" -> tables.add(table(view));
                case "bars" -> charts.add(bars(view));
                case "lines" -> charts.add(lines(view));
                case "gauge" -> charts.add(SvgChart.gauge(view.path("title").asText(), view.path("label").asText(),
                        view.path("value").asDouble(), view.path("threshold").asDouble(),
                        view.path("max").asDouble()));
                case "progress" -> charts.add(progress(view));
                default -> {
                    // components are for the inventory; unknown (newer) types are presentation only
                }
            }
        }
        return new Rendered(notes, charts, tables);
    }

    private static Map<String, Object> table(JsonNode view) {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("title", view.path("title").asText(""));
        List<String> columns = new ArrayList<>();
        view.path("columns").forEach(c -> columns.add(c.asText()));
        table.put("columns", columns);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode row : view.path("rows")) {
            List<String> cells = new ArrayList<>();
            row.forEach(cell -> cells.add(cell.isNull() ? "" : cell.asText()));
            rows.add(Map.of("cells", cells));
        }
        table.put("rows", rows);
        return table;
    }

    private static SvgChart bars(JsonNode view) {
        List<String> labels = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        List<String> colors = new ArrayList<>();
        for (JsonNode bar : view.path("bars")) {
            labels.add(bar.path("label").asText());
            values.add(Math.round(bar.path("value").asDouble()));
            colors.add(color(bar.path("tone").asText("NEUTRAL")));
        }
        return SvgChart.bars(view.path("title").asText(), labels, values, colors);
    }

    private static SvgChart lines(JsonNode view) {
        List<SvgChart.Series> series = new ArrayList<>();
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (JsonNode s : view.path("series")) {
            List<double[]> points = new ArrayList<>();
            for (JsonNode p : s.path("points")) {
                points.add(new double[] {p.path("x").asDouble(), p.path("y").asDouble()});
                low = Math.min(low, p.path("y").asDouble());
                high = Math.max(high, p.path("y").asDouble());
            }
            series.add(new SvgChart.Series(s.path("name").asText(), points, s.path("dashed").asBoolean()));
        }
        List<SvgChart.Threshold> thresholds = new ArrayList<>();
        for (JsonNode t : view.path("thresholds")) {
            thresholds.add(new SvgChart.Threshold(t.path("label").asText(), t.path("value").asDouble()));
        }
        double yMin = view.path("yMin").isNumber() ? view.path("yMin").asDouble() : Double.isFinite(low) ? low : 0;
        double yMax = view.path("yMax").isNumber() ? view.path("yMax").asDouble() : Double.isFinite(high) ? high : 1;
        return SvgChart.lines(view.path("title").asText(), view.path("xLabel").asText(), view.path("yLabel").asText(),
                series, thresholds, yMin, yMax > yMin ? yMax : yMin + 1);
    }

    private static SvgChart progress(JsonNode view) {
        List<String> labels = new ArrayList<>();
        List<long[]> values = new ArrayList<>();
        for (JsonNode part : view.path("parts")) {
            labels.add(part.path("label").asText());
            values.add(new long[] {part.path("done").asLong(), part.path("total").asLong()});
        }
        return SvgChart.progress(view.path("title").asText(), labels, values);
    }

    private static String color(String tone) {
        return switch (tone) {
            case "DANGER" -> "#cf222e";
            case "WARNING" -> "#bf8700";
            case "NOTICE" -> "#8250df";
            case "GOOD" -> "#1a7f37";
            default -> "#57606a";
        };
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
