package dev.aigate.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Small SVG charts for the HTML report, described as a list of shapes that the template writes out. Everything is
 * drawn with presentation attributes (fill, stroke), never inline styles, so the charts survive a Content Security
 * Policy that blocks styles. Text values are escaped by the template.
 */
final class SvgChart {
    static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
        "#17becf"};
    static final String GRID = "#d0d7de";
    static final String INK = "#24292f";
    static final String THRESHOLD = "#cf222e";

    private final String title;
    private final int width;
    private final int height;
    private final List<Map<String, Object>> shapes = new ArrayList<>();
    private final List<Map<String, Object>> legend = new ArrayList<>();

    private SvgChart(String title, int width, int height) {
        this.title = title;
        this.width = width;
        this.height = height;
    }

    /** The view the template renders: {@code title}, {@code width}, {@code height}, {@code shapes}, {@code legend}. */
    Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("title", title);
        view.put("width", width);
        view.put("height", height);
        view.put("viewBox", "0 0 " + width + " " + height);
        view.put("shapes", shapes);
        view.put("legend", legend);
        view.put("hasLegend", !legend.isEmpty());
        return view;
    }

    /** Horizontal bars, one per label, scaled to the largest value (at least 1). */
    static SvgChart bars(String title, List<String> labels, List<Long> values, List<String> colors) {
        int rowHeight = 26;
        SvgChart chart = new SvgChart(title, 520, 20 + rowHeight * labels.size());
        long max = Math.max(1, values.stream().mapToLong(Long::longValue).max().orElse(1));
        int left = 150;
        int barWidth = 300;
        for (int i = 0; i < labels.size(); i++) {
            int y = 10 + i * rowHeight;
            chart.text(left - 8, y + 15, labels.get(i), "end", INK);
            double w = barWidth * (double) values.get(i) / max;
            chart.rect(left, y + 2, Math.max(w, values.get(i) > 0 ? 2 : 0), 18, colors.get(i % colors.size()));
            chart.text(left + w + 6, y + 15, String.valueOf(values.get(i)), "start", INK);
        }
        return chart;
    }

    /** A line per series over x, with y in [yMin, yMax], and dashed horizontal threshold lines. */
    static SvgChart lines(String title, String xLabel, String yLabel, List<Series> series, List<Threshold> thresholds,
            double yMin, double yMax) {
        SvgChart chart = new SvgChart(title, 560, 300);
        int left = 56;
        int right = 540;
        int top = 28;
        int bottom = 250;
        double xMin = Double.MAX_VALUE;
        double xMax = -Double.MAX_VALUE;
        for (Series s : series) {
            for (double[] p : s.points()) {
                xMin = Math.min(xMin, p[0]);
                xMax = Math.max(xMax, p[0]);
            }
        }
        if (xMin == Double.MAX_VALUE) {
            xMin = 0;
            xMax = 1;
        }
        if (xMax == xMin) {
            xMax = xMin + 1;
        }
        double x0 = xMin;
        double xr = xMax - xMin;
        double yr = yMax - yMin;
        java.util.function.DoubleUnaryOperator sx = x -> left + (x - x0) / xr * (right - left);
        java.util.function.DoubleUnaryOperator sy = y -> bottom - (Math.max(yMin, Math.min(yMax, y)) - yMin) / yr
                * (bottom - top);
        for (int i = 0; i <= 4; i++) {
            double y = yMin + yr * i / 4;
            chart.line(left, sy.applyAsDouble(y), right, sy.applyAsDouble(y), GRID, null);
            chart.text(left - 6, sy.applyAsDouble(y) + 4, fmt(y), "end", INK);
        }
        chart.line(left, bottom, right, bottom, INK, null);
        chart.line(left, top, left, bottom, INK, null);
        java.util.TreeSet<Double> ticks = new java.util.TreeSet<>();
        series.forEach(s -> s.points().forEach(p -> ticks.add(p[0])));
        for (double x : ticks) {
            chart.text(sx.applyAsDouble(x), bottom + 16, fmt(x), "middle", INK);
        }
        chart.text((left + right) / 2.0, bottom + 34, xLabel, "middle", INK);
        chart.text(left - 40, 14, yLabel, "start", INK);
        for (Threshold t : thresholds) {
            double y = sy.applyAsDouble(t.value());
            chart.line(left, y, right, y, THRESHOLD, "6 4");
            chart.text(right, y - 4, t.label(), "end", THRESHOLD);
        }
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String color = PALETTE[i % PALETTE.length];
            StringBuilder points = new StringBuilder();
            for (double[] p : s.points()) {
                double px = sx.applyAsDouble(p[0]);
                double py = sy.applyAsDouble(p[1]);
                points.append(fmt(px)).append(',').append(fmt(py)).append(' ');
                chart.circle(px, py, 3.5, color, s.name() + " at " + fmt(p[0]) + ": " + fmt(p[1]));
            }
            chart.polyline(points.toString().trim(), color, s.dashed() ? "6 4" : null);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", s.name());
            entry.put("color", color);
            chart.legend.add(entry);
        }
        return chart;
    }

    /** One progress bar per row: met out of total. */
    static SvgChart progress(String title, List<String> labels, List<long[]> metTotal) {
        int rowHeight = 28;
        SvgChart chart = new SvgChart(title, 560, 20 + rowHeight * labels.size());
        int left = 170;
        int barWidth = 280;
        for (int i = 0; i < labels.size(); i++) {
            int y = 10 + i * rowHeight;
            long met = metTotal.get(i)[0];
            long total = Math.max(1, metTotal.get(i)[1]);
            chart.text(left - 8, y + 15, labels.get(i), "end", INK);
            chart.rect(left, y + 2, barWidth, 18, "#eaeef2");
            chart.rect(left, y + 2, barWidth * (double) met / total, 18, met == total ? "#2da44e" : "#bf8700");
            chart.text(left + barWidth + 8, y + 15, met + " / " + metTotal.get(i)[1], "start", INK);
        }
        return chart;
    }

    /** A single measured value against a threshold on a 0..max scale. */
    static SvgChart gauge(String title, String label, double value, double threshold, double max) {
        SvgChart chart = new SvgChart(title, 560, 70);
        int left = 170;
        int barWidth = 300;
        double scale = barWidth / Math.max(max, 1e-12);
        chart.text(left - 8, 31, label, "end", INK);
        chart.rect(left, 18, barWidth, 18, "#eaeef2");
        chart.rect(left, 18, Math.min(barWidth, value * scale), 18, value >= threshold ? "#2da44e" : "#cf222e");
        double tx = left + Math.min(barWidth, threshold * scale);
        chart.line(tx, 10, tx, 44, THRESHOLD, "4 3");
        chart.text(tx, 58, "threshold " + fmt(threshold), "middle", THRESHOLD);
        chart.text(left + barWidth + 8, 31, fmt(value), "start", INK);
        return chart;
    }

    /** A line of points; a dashed one marks a requirement rather than a measurement. */
    record Series(String name, List<double[]> points, boolean dashed) {
        Series(String name, List<double[]> points) {
            this(name, points, false);
        }
    }

    record Threshold(String label, double value) {
    }

    private void rect(double x, double y, double w, double h, String fill) {
        shapes.add(Map.of("rect", Map.of("x", fmt(x), "y", fmt(y), "width", fmt(w), "height", fmt(h), "fill",
                fill)));
    }

    private void line(double x1, double y1, double x2, double y2, String stroke, String dash) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("x1", fmt(x1));
        attrs.put("y1", fmt(y1));
        attrs.put("x2", fmt(x2));
        attrs.put("y2", fmt(y2));
        attrs.put("stroke", stroke);
        attrs.put("dash", dash);
        shapes.add(Map.of("line", attrs));
    }

    private void text(double x, double y, String value, String anchor, String fill) {
        shapes.add(Map.of("text", Map.of("x", fmt(x), "y", fmt(y), "value", value, "anchor", anchor, "fill",
                fill)));
    }

    private void circle(double cx, double cy, double r, String fill, String tip) {
        shapes.add(Map.of("circle", Map.of("cx", fmt(cx), "cy", fmt(cy), "r", fmt(r), "fill", fill, "tip", tip)));
    }

    private void polyline(String points, String stroke, String dash) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("points", points);
        attrs.put("stroke", stroke);
        attrs.put("dash", dash);
        shapes.add(Map.of("polyline", attrs));
    }

    static String fmt(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e9) {
            return String.valueOf((long) value);
        }
        return String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
