package dev.aigate.core.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a check shows besides its findings, in terms every report format can render without knowing the check: a
 * sentence, a table, a chart, an inventory component. Checks return views; HTML draws the charts and tables, Markdown
 * and the console print notes and tables, the ML-BOM lists the components. Each view is in the JSON report under the
 * check's {@code views}, tagged by {@code type}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = View.Note.class, name = "note"),
    @JsonSubTypes.Type(value = View.Table.class, name = "table"),
    @JsonSubTypes.Type(value = View.Bars.class, name = "bars"),
    @JsonSubTypes.Type(value = View.Lines.class, name = "lines"),
    @JsonSubTypes.Type(value = View.Gauge.class, name = "gauge"),
    @JsonSubTypes.Type(value = View.Progress.class, name = "progress"),
    @JsonSubTypes.Type(value = View.Component.class, name = "component")
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface View {
    /** How a value should read: reports pick the colour. */
    enum Tone { DANGER, WARNING, NOTICE, NEUTRAL, GOOD }

    /** One sentence that states the check's decisive figure, e.g. "model.onnx: watermark detected (score 7.7)". */
    record Note(String text) implements View {
        public Note {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A table of plain cells (text, numbers, booleans or null).
     *
     * @param rows each as long as {@code columns}
     */
    record Table(String title, List<String> columns, List<List<Object>> rows) implements View {
        public Table {
            columns = List.copyOf(columns);
            rows = rows.stream().map(row -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(row)))
                    .toList();
            for (List<Object> row : rows) {
                if (row.size() != columns.size()) {
                    throw new IllegalArgumentException("table '" + title + "': a row has " + row.size()
                            + " cells for " + columns.size() + " columns");
                }
            }
        }
    }

    /** Counts side by side. */
    record Bars(String title, List<Bar> bars) implements View {
        public Bars {
            bars = List.copyOf(bars);
        }
    }

    record Bar(String label, double value, Tone tone) {
    }

    /**
     * Series of points against a numeric axis, with horizontal threshold lines.
     *
     * @param yMin the bottom of the y axis, or null to fit the data
     * @param yMax the top of the y axis, or null to fit the data
     */
    record Lines(String title, String xLabel, String yLabel, List<Series> series, List<Threshold> thresholds,
            Double yMin, Double yMax) implements View {
        public Lines {
            series = List.copyOf(series);
            thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
        }
    }

    /** @param dashed drawn dashed, e.g. a required level rather than a measurement */
    record Series(String name, List<Point> points, boolean dashed) {
        public Series {
            points = List.copyOf(points);
        }
    }

    record Point(double x, double y) {
    }

    record Threshold(String label, double value) {
    }

    /** One measured value against the level it must reach. */
    record Gauge(String title, String label, double value, double threshold, double max) implements View {
    }

    /** Parts done out of a total, e.g. checklist items met per framework. */
    record Progress(String title, List<Part> parts) implements View {
        public Progress {
            parts = List.copyOf(parts);
        }
    }

    record Part(String label, long done, long total) {
    }

    /**
     * An AI asset the check judged, for the inventory (the ML-BOM). Components with the same kind and path (or name,
     * for datasets) from several checks are one asset.
     *
     * @param kind {@code model} or {@code dataset}
     * @param sha256 the digest that identifies it (a dataset's digest over its files), or null
     * @param properties further facts, e.g. provenance
     * @param performance measured performance, e.g. accuracy on a slice
     */
    record Component(String kind, String name, String path, String sha256, String description, String license,
            Map<String, String> properties, List<Performance> performance) implements View {
        public static final String MODEL = "model";
        public static final String DATASET = "dataset";

        public Component {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            properties = properties == null ? Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
            performance = performance == null ? List.of() : List.copyOf(performance);
        }
    }

    /** A performance figure: what was measured, its value, on which slice of data. */
    record Performance(String type, String value, String slice) {
    }
}
