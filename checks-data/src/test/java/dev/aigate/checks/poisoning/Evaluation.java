package dev.aigate.checks.poisoning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigate.core.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Runs the committed evaluation set (fixtures/poisoning, made by tools/poisoning/make_poisoning_eval.py) through the
 * signals: for each dataset a baseline of the approved split, then every candidate judged against it.
 */
final class Evaluation {
    static final Path ROOT = locate();

    record CaseResult(String dataset, String caseName, boolean poisoned, boolean failed, int positives, int flagged,
            int truePositives, double precision, double recall, double f1, Map<String, Double> peerF1,
            List<String> fired) {
        boolean rowLevel() {
            return positives > 0;
        }

        double bestPeer() {
            return peerF1.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }

    private Evaluation() {
    }

    private static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("fixtures/poisoning"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("fixtures/poisoning not found above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("fixtures/poisoning");
    }

    static JsonNode manifest() {
        try {
            return new ObjectMapper().readTree(ROOT.resolve("manifest.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path gunzip(Path gz, Path dir) {
        String name = gz.getFileName().toString().replace(".gz", "");
        Path out = dir.resolve(gz.getParent().getFileName() + "-" + name);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            Files.write(out, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static Table read(Path csv) {
        return CsvTableReader.read(csv, "label", List.of(), false, 1L << 30, 1L << 26);
    }

    static List<CaseResult> run(String dataset, Path work, PoisoningConfig config, int threads) {
        JsonNode entry = manifest().get("datasets").get(dataset);
        Table approved = read(gunzip(ROOT.resolve(dataset).resolve("approved.csv.gz"), work));
        Table evaluation = read(gunzip(ROOT.resolve(dataset).resolve("evaluation.csv.gz"), work));
        Baseline baseline = BaselineBuilder.compute(approved, config.neighbours(), threads, "test", List.of(),
                List.of());
        List<CaseResult> results = new ArrayList<>();
        for (JsonNode c : entry.get("cases")) {
            String name = c.get("case").asText();
            Table table = read(gunzip(ROOT.resolve(dataset).resolve(name + ".csv.gz"), work));
            List<Signals.Signal> signals = new Judge(table, baseline, config, threads).run(evaluation);
            Set<Integer> flagged = new HashSet<>();
            boolean failed = false;
            List<String> fired = new ArrayList<>();
            for (Signals.Signal signal : signals) {
                if (!signal.fired()) {
                    continue;
                }
                fired.add(signal.rule().id().substring("poisoning/".length()));
                if (signal.rule().defaultSeverity().compareTo(Severity.HIGH) >= 0) {
                    failed = true;
                }
                for (Signals.Suspect suspect : signal.rows()) {
                    flagged.add(table.rowNumbers()[suspect.row()]);
                }
            }
            Set<Integer> truth = new HashSet<>();
            c.get("poisonedLines").forEach(line -> truth.add(line.asInt()));
            int tp = 0;
            for (int line : flagged) {
                if (truth.contains(line)) {
                    tp++;
                }
            }
            double precision = flagged.isEmpty() ? (truth.isEmpty() ? 1 : 0) : tp / (double) flagged.size();
            double recall = truth.isEmpty() ? 1 : tp / (double) truth.size();
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            Map<String, Double> peers = new LinkedHashMap<>();
            c.get("peers").fields().forEachRemaining(p -> peers.put(p.getKey(), p.getValue().get("f1").asDouble()));
            results.add(new CaseResult(dataset, name, c.get("poisoned").asBoolean(), failed, truth.size(),
                    flagged.size(), tp, precision, recall, f1, peers, fired));
        }
        return results;
    }

    static String table(List<CaseResult> results) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("| %-13s | %-22s | %-7s | %5s | %5s | %9s | %6s | %5s | %8s | %9s | %7s | %s |%n",
                "dataset", "case", "verdict", "poisn", "flagd", "precision", "recall", "F1", "knn-vote", "cl-logreg",
                "iforest", "signals"));
        for (CaseResult r : results) {
            out.append(String.format("| %-13s | %-22s | %-7s | %5d | %5d | %9s | %6s | %5s | %8s | %9s | %7s | %s |%n",
                    r.dataset(), r.caseName(), r.failed() ? "FAIL" : "pass", r.positives(), r.flagged(),
                    r.rowLevel() ? f(r.precision()) : "-", r.rowLevel() ? f(r.recall()) : "-",
                    r.rowLevel() ? f(r.f1()) : "-", r.rowLevel() ? f(r.peerF1().get("knn-vote")) : "-",
                    r.rowLevel() ? f(r.peerF1().get("cl-logreg")) : "-",
                    r.rowLevel() ? f(r.peerF1().get("iforest")) : "-", String.join(", ", r.fired())));
        }
        return out.toString();
    }

    private static String f(double v) {
        return String.format("%.3f", v);
    }
}
