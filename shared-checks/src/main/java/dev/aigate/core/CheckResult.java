package dev.aigate.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one check reported: its findings, the inputs it judged, check-specific metrics (plain JSON values: maps, lists,
 * strings, numbers, booleans) and, for a check that could not evaluate, the error. The status is decided by the
 * {@link Evaluator}, never by the check itself.
 */
public final class CheckResult {
    private final String checkId;
    private final String title;
    private final CheckStatus status;
    private final List<Finding> findings;
    private final List<InputDigest> inputs;
    private final Map<String, Object> metrics;
    private final List<dev.aigate.core.view.View> views;
    private final String error;
    private final String skipReason;
    private final long durationMillis;

    private CheckResult(String checkId, String title, CheckStatus status, List<Finding> findings,
            List<InputDigest> inputs, Map<String, Object> metrics, List<dev.aigate.core.view.View> views,
            String error, String skipReason, long durationMillis) {
        this.checkId = Objects.requireNonNull(checkId, "checkId");
        this.title = title == null ? checkId : title;
        this.status = status;
        this.findings = List.copyOf(findings);
        this.inputs = List.copyOf(inputs);
        this.metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        this.views = List.copyOf(views);
        this.error = error;
        this.skipReason = skipReason;
        this.durationMillis = durationMillis;
    }

    public static Builder builder(String checkId, String title) {
        return new Builder(checkId, title);
    }

    public static CheckResult error(String checkId, String title, String message, long durationMillis) {
        return new CheckResult(checkId, title, CheckStatus.ERROR, List.of(), List.of(), Map.of(), List.of(),
                Objects.requireNonNull(message, "message"), null, durationMillis);
    }

    public static CheckResult skipped(String checkId, String title, String reason) {
        return new CheckResult(checkId, title, CheckStatus.SKIPPED, List.of(), List.of(), Map.of(), List.of(), null,
                reason, 0);
    }

    /** A copy with the evaluator's decisions: severities and waivers applied, status set. */
    public CheckResult evaluated(CheckStatus newStatus, List<Finding> newFindings) {
        return new CheckResult(checkId, title, newStatus, newFindings, inputs, metrics, views, error, skipReason,
                durationMillis);
    }

    public CheckResult withDuration(long millis) {
        return new CheckResult(checkId, title, status, findings, inputs, metrics, views, error, skipReason, millis);
    }

    public String checkId() {
        return checkId;
    }

    public String title() {
        return title;
    }

    /** Null until evaluated. */
    public CheckStatus status() {
        return status;
    }

    public List<Finding> findings() {
        return findings;
    }

    public List<Finding> violations() {
        return findings.stream().filter(Finding::isViolation).toList();
    }

    public List<InputDigest> inputs() {
        return inputs;
    }

    public Map<String, Object> metrics() {
        return metrics;
    }

    /** What the check shows besides findings, for every report format (see {@link dev.aigate.core.view.View}). */
    public List<dev.aigate.core.view.View> views() {
        return views;
    }

    public String error() {
        return error;
    }

    public String skipReason() {
        return skipReason;
    }

    public long durationMillis() {
        return durationMillis;
    }

    /** Collects a check's findings, inputs and metrics while it runs. Not thread-safe. */
    public static final class Builder {
        private final String checkId;
        private final String title;
        private final List<Finding> findings = new ArrayList<>();
        private final List<InputDigest> inputs = new ArrayList<>();
        private final Map<String, Object> metrics = new LinkedHashMap<>();
        private final List<dev.aigate.core.view.View> views = new ArrayList<>();

        private Builder(String checkId, String title) {
            this.checkId = checkId;
            this.title = title;
        }

        public Builder finding(Finding finding) {
            findings.add(Objects.requireNonNull(finding, "finding"));
            return this;
        }

        public Builder input(InputDigest input) {
            inputs.add(Objects.requireNonNull(input, "input"));
            return this;
        }

        public Builder metric(String name, Object value) {
            metrics.put(name, value);
            return this;
        }

        public Builder view(dev.aigate.core.view.View view) {
            views.add(Objects.requireNonNull(view, "view"));
            return this;
        }

        public CheckResult build() {
            return new CheckResult(checkId, title, null, findings, inputs, metrics, views, null, null, 0);
        }
    }
}
