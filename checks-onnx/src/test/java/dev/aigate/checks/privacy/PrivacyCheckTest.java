package dev.aigate.checks.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import dev.aigate.core.GateResult;
import dev.aigate.core.Verdict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check's behaviour besides the reference numbers: determinism, sampling, overrides, metrics, NumPy input. */
class PrivacyCheckTest {
    @TempDir
    Path dir;

    @Test
    void sameSeedSameFiguresWhateverTheThreadCount() {
        Path policy = PrivacyFixtures.project(dir, "memorising", PrivacyFixtures.minimalSection("memorising"));
        CheckResult one = PrivacyFixtures.check(PrivacyFixtures.run(policy, 1));
        CheckResult two = PrivacyFixtures.check(PrivacyFixtures.run(policy, 2));
        assertEquals(one.metrics().get("attacks"), two.metrics().get("attacks"));
        assertEquals(one.metrics().get("roc"), two.metrics().get("roc"));
        assertEquals(one.findings(), two.findings());
    }

    @Test
    void maxSamplesDrawsTheSameClassCountsFromBothSets() {
        Path policy = PrivacyFixtures.project(dir, "regularised", PrivacyFixtures.minimalSection("regularised")
                + "  maxSamples: 100\n  seed: 7\n  attacks: {loss: {}}\n  bootstrap: {resamples: 200}\n");
        CheckResult check = PrivacyFixtures.check(PrivacyFixtures.run(policy, 2));
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) check.metrics().get("data");
        assertEquals(List.of(10, 10, 10, 10, 10, 10, 10, 10, 10, 10), data.get("perClass"));
        assertEquals(100, ((Map<?, ?>) data.get("members")).get("samples"));
        assertEquals(100, ((Map<?, ?>) data.get("nonMembers")).get("samples"));
        assertEquals(896, ((Map<?, ?>) data.get("members")).get("rows"));
        assertTrue(String.valueOf(data.get("sampling")).contains("seed 7"), String.valueOf(data.get("sampling")));
        assertEquals(List.of("loss"), ((List<?>) check.metrics().get("attacks")).stream()
                .map(row -> ((Map<?, ?>) row).get("attack")).toList());
    }

    @Test
    void unevenSetsAreBalancedAndAClassInOneSetOnlyIsLeftOut() throws IOException {
        Path policy = PrivacyFixtures.project(dir, "memorising", PrivacyFixtures.minimalSection("memorising")
                + "  attacks: {loss: {}}\n");
        // Drop every non-member of class 3 and half of class 5.
        Path nonMembers = dir.resolve("data/memorising-non-members.csv");
        List<String> lines = Files.readAllLines(nonMembers);
        List<String> kept = new java.util.ArrayList<>(List.of(lines.get(0)));
        int fives = 0;
        for (String line : lines.subList(1, lines.size())) {
            if (line.endsWith(",3") || line.endsWith(",5") && fives++ % 2 == 0) {
                continue;
            }
            kept.add(line);
        }
        Files.write(nonMembers, kept);
        CheckResult check = PrivacyFixtures.check(PrivacyFixtures.run(policy, 1));
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) check.metrics().get("data");
        assertEquals(List.of(15, 15, 15, 0, 15, 7, 15, 15, 15, 15), data.get("perClass"));
        assertEquals(List.of(3), data.get("classesInOneSetOnly"));
        assertEquals(127, ((Map<?, ?>) data.get("members")).get("samples"));
    }

    @Test
    void overridesReplaceThresholdsAndAreRecorded() {
        Path policy = PrivacyFixtures.project(dir, "memorising", PrivacyFixtures.minimalSection("memorising"));
        GateResult relaxed = PrivacyFixtures.run(policy, 2, Map.of("privacy.maxAuc", "0.9",
                "privacy.maxAdvantage", "0.9"));
        assertEquals(Verdict.PASS, relaxed.verdict(), () -> String.valueOf(relaxed.checks().get(0).findings()));
        CheckResult check = PrivacyFixtures.check(relaxed);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> thresholds = (Map<String, Map<String, Object>>) check.metrics()
                .get("thresholds");
        assertEquals(Map.of("value", 0.9, "source", "override"), thresholds.get("maxAuc"));
        assertEquals(0.05, thresholds.get("maxTprAtOnePercentFpr").get("value"));

        GateResult gap = PrivacyFixtures.run(policy, 2, Map.of("privacy.maxAuc", "0.9",
                "privacy.maxAdvantage", "0.9", "privacy.maxGeneralisationGap", "0.01"));
        assertEquals(Verdict.WARN, gap.verdict(), "a medium finding under failOn: high");
        String message = PrivacyFixtures.check(gap).findings().get(0).message();
        assertTrue(message.contains("generalisation gap 0.0600") && message.contains("100.00% on members, 94.00% on"
                + " non-members"), message);

        GateResult bad = PrivacyFixtures.run(policy, 2, Map.of("privacy.maxAuc", "high"));
        assertEquals(Verdict.ERROR, bad.verdict());
    }

    @Test
    void metricsCarryIntervalsAndPlottableRocCurves() {
        Path policy = PrivacyFixtures.project(dir, "memorising", PrivacyFixtures.minimalSection("memorising"));
        CheckResult check = PrivacyFixtures.check(PrivacyFixtures.run(policy, 2));
        Map<String, Object> loss = PrivacyFixtures.attack(check, "loss");
        @SuppressWarnings("unchecked")
        List<Double> interval = (List<Double>) loss.get("aucInterval");
        double auc = ((Number) loss.get("auc")).doubleValue();
        assertTrue(interval.get(0) < auc && auc < interval.get(1), interval + " around " + auc);
        assertTrue(interval.get(0) > 0.55, "the memorising model's AUC is well above chance: " + interval);
        @SuppressWarnings("unchecked")
        Map<String, List<List<Double>>> roc = (Map<String, List<List<Double>>>) check.metrics().get("roc");
        assertEquals(List.of("loss", "confidence", "calibrated", "labelOnly"), List.copyOf(roc.keySet()));
        roc.values().forEach(curve -> assertEquals(List.of(1.0, 1.0), curve.get(curve.size() - 1)));
        assertEquals(Map.of("attack", "loss", "auc", auc), check.metrics().get("strongest"));
        assertEquals(List.of("model", "members-data", "non-members-data"), check.inputs().stream()
                .map(i -> i.kind()).toList());
        // Views: the verdict line, the ROC chart (four attacks and chance), the table, the model for the inventory.
        List<dev.aigate.core.view.View> views = check.views();
        assertTrue(((dev.aigate.core.view.View.Note) views.get(0)).text().startsWith("model/digits-memorising.onnx:"
                + " strongest membership inference attack loss, AUC 0.6654 (allowed 0.6000)"), views.get(0)::toString);
        dev.aigate.core.view.View.Lines chart = (dev.aigate.core.view.View.Lines) views.get(1);
        assertEquals(5, chart.series().size());
        assertEquals(roc.get("loss").size(), chart.series().get(0).points().size());
        dev.aigate.core.view.View.Table table = (dev.aigate.core.view.View.Table) views.get(2);
        assertEquals(List.of("loss", "confidence", "calibrated", "labelOnly", "allowed"), table.rows().stream()
                .map(r -> r.get(0)).toList());
        assertEquals("<= 0.6000", table.rows().get(4).get(1));
        assertEquals("model/digits-memorising.onnx", ((dev.aigate.core.view.View.Component) views.get(3)).path());
        // Clean pass + 32 calibrated + 32 label-only queries per example.
        assertEquals(300L * 65, check.metrics().get("forwardPasses"));
    }

    @Test
    void numpyMembersAndNonMembersGiveTheSameFiguresAsCsv() throws IOException {
        Path csvPolicy = PrivacyFixtures.project(dir.resolve("csv"), "memorising",
                PrivacyFixtures.minimalSection("memorising"));
        Path npyDir = dir.resolve("npy");
        Path npyPolicy = PrivacyFixtures.projectWith(npyDir, """
                  model: model/digits-memorising.onnx
                  members: {features: data/m-x.npy, labels: data/m-y.npy}
                  nonMembers: {features: data/n-x.npy, labels: data/n-y.npy}
                """, "digits-memorising.onnx");
        writeNpy(PrivacyFixtures.PRIVACY.resolve("memorising-members.csv"), npyDir.resolve("data/m-x.npy"),
                npyDir.resolve("data/m-y.npy"));
        writeNpy(PrivacyFixtures.PRIVACY.resolve("memorising-non-members.csv"), npyDir.resolve("data/n-x.npy"),
                npyDir.resolve("data/n-y.npy"));
        CheckResult csv = PrivacyFixtures.check(PrivacyFixtures.run(csvPolicy, 2));
        CheckResult npy = PrivacyFixtures.check(PrivacyFixtures.run(npyPolicy, 2));
        assertEquals(csv.metrics().get("attacks"), npy.metrics().get("attacks"));
        assertEquals(List.of("model", "members-features", "members-labels", "non-members-features",
                "non-members-labels"), npy.inputs().stream().map(i -> i.kind()).toList());
    }

    /** Writes a CSV fixture's features as float32 [n, 64] and labels as int64 [n] NumPy files. */
    static void writeNpy(Path csv, Path x, Path y) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int n = lines.size() - 1;
        ByteBuffer features = ByteBuffer.allocate(n * 64 * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer labels = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            for (int f = 0; f < 64; f++) {
                features.putFloat(Float.parseFloat(cells[f]));
            }
            labels.putLong(Long.parseLong(cells[64]));
        }
        Files.createDirectories(x.getParent());
        Files.write(x, npy("<f4", "(" + n + ", 64)", features.array()));
        Files.write(y, npy("<i8", "(" + n + ",)", labels.array()));
    }

    static byte[] npy(String dtype, String shape, byte[] data) {
        String header = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + header.length() + 1;
        header = header + " ".repeat((64 - total % 64) % 64) + "\n";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(10 + head.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        out.putShort((short) head.length).put(head).put(data);
        return out.array();
    }
}
