package dev.aigate.checks.watermark;

import dev.aigate.core.InputException;
import dev.aigate.core.PolicyException;
import dev.aigate.core.spi.ActionContext;
import dev.aigate.formats.ModelFile;
import dev.aigate.formats.TensorRef;
import dev.aigate.formats.WriteHook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The fidelity guard of {@code embed}: measures clean accuracy before and after embedding and refuses a drop above
 * the policy's {@code maxDrop}, trying the key's carrier sets in order (0, 1, ...) so that the same key, model and
 * policy always choose the same set. The chosen set is recorded in the model's metadata, which verification reads.
 */
final class FidelityGuard implements AutoCloseable {
    private final AccuracyProbe.Evaluation evaluation;
    private final WatermarkConfig.Fidelity fidelity;

    private FidelityGuard(AccuracyProbe.Evaluation evaluation, WatermarkConfig.Fidelity fidelity) {
        this.evaluation = evaluation;
        this.fidelity = fidelity;
    }

    /**
     * What the guard found for one model.
     *
     * @param params the parameters to embed with (their carrier set chosen)
     * @param before clean accuracy of the unwatermarked model, as a fraction
     * @param after clean accuracy with the chosen carrier set
     * @param drops the drop of each carrier set tried, in percentage points
     */
    record Outcome(WatermarkParams params, double before, double after, List<Double> drops) {
        double drop() {
            return 100 * (before - after);
        }
    }

    /** The guard when the policy names evaluation data and does not turn it off; an ERROR when it cannot run. */
    static Optional<FidelityGuard> open(WatermarkConfig config, ActionContext context) {
        WatermarkConfig.Fidelity fidelity = config.fidelity();
        boolean named = fidelity.data() != null || (context.policy() != null
                && context.policy().hasSection("robustness"));
        if (!fidelity.enabled() || !named) {
            return Optional.empty();
        }
        AccuracyProbe probe = AccuracyProbe.find().orElseThrow(() -> new PolicyException(context.policyFile()
                + ": the watermark's fidelity guard measures accuracy in ONNX Runtime, which is in "
                + AccuracyProbe.MODULE + ", not on the class path; in Maven, add it to the aigate plugin's"
                + " <dependencies> (the README shows how), or set 'watermark.fidelity.enabled: false'"));
        return Optional.of(new FidelityGuard(probe.open(new AccuracyProbe.Request(context.baseDir(),
                fidelity.data(), fidelity.input(), fidelity.output(), fidelity.maxSamples(), context.policy())),
                fidelity));
    }

    String description() {
        return evaluation.description();
    }

    double maxDrop() {
        return fidelity.maxDrop();
    }

    /**
     * Chooses the first carrier set whose embedding into {@code evaluated} (the ONNX model itself, or the ONNX export
     * of a SafeTensors {@code source}) costs at most {@code maxDrop} points. Trial copies go to a temporary directory
     * and are deleted.
     */
    Outcome choose(Path source, Path evaluated, WatermarkKey key, WatermarkParams params, Payload payload,
            Watermarking.Requirement requirement) {
        double before = evaluation.accuracy(evaluated);
        List<Double> drops = new ArrayList<>();
        Path temp;
        try {
            temp = Files.createTempDirectory("aigate-fidelity-");
        } catch (IOException e) {
            throw new InputException(evaluated, "cannot create a temporary directory for the fidelity trials: "
                    + e.getMessage(), e);
        }
        try {
            for (int set = 0; set < fidelity.attempts(); set++) {
                WatermarkParams candidate = params.withCarrierSet(set);
                Path trial = temp.resolve("set-" + set).resolve(evaluated.getFileName().toString());
                Watermarking.embed(evaluated, trial, key, candidate, payload, requirement, WriteHook.NONE);
                double after = evaluation.accuracy(trial);
                drops.add(100 * (before - after));
                if (100 * (before - after) <= fidelity.maxDrop() + 1e-9) {
                    return new Outcome(candidate, before, after, List.copyOf(drops));
                }
            }
        } finally {
            deleteTree(temp);
        }
        StringBuilder tried = new StringBuilder();
        for (int set = 0; set < drops.size(); set++) {
            tried.append(set == 0 ? "" : ", ").append(String.format(Locale.ROOT, "set %d: %.2f", set,
                    drops.get(set)));
        }
        throw new InputException(source, String.format(Locale.ROOT, "the watermark costs too much accuracy: %.2f%%"
                + " before, drops of %s points with the key's %d carrier set(s) on %s, allowed %.2f"
                + " ('fidelity.maxDrop'); nothing was written. Lower 'strength' (now %s; the cost grows with"
                + " strength^2 x carriers) and raise 'carriers' to keep the score, exclude the tensors that matter most"
                + " ('exclude'), or allow a larger drop", 100 * before, tried, drops.size(),
                evaluation.description(), fidelity.maxDrop(), params.strength()));
    }

    /**
     * Refuses an ONNX export whose eligible tensors or carrier weights differ from the SafeTensors source's: the
     * guard would measure another model.
     */
    static void requireSameWeights(Path source, Path export, WatermarkKey key, WatermarkParams params,
            Payload payload) {
        ModelFile a = ModelFile.open(source);
        ModelFile b = ModelFile.open(export);
        List<TensorRef> left = params.eligible(a.floatTensors());
        List<TensorRef> right = params.eligible(b.floatTensors());
        List<String> names = left.stream().map(t -> t.name() + " (" + t.elements() + ")").toList();
        List<String> exported = right.stream().map(t -> t.name() + " (" + t.elements() + ")").toList();
        if (!names.equals(exported)) {
            throw new InputException(export, "is not an ONNX export of the same weights as " + source + ": its"
                    + " eligible tensors are " + exported + ", the model's " + names);
        }
        CarrierPlan plan = Watermarking.plan(a, key, params, payload);
        CarrierPlan planB = Watermarking.plan(b, key, params, payload);
        float[] x = Watermarking.read(a, plan);
        float[] y = Watermarking.read(b, planB);
        for (int c = 0; c < x.length; c++) {
            if (Float.floatToIntBits(x[c]) != Float.floatToIntBits(y[c])) {
                throw new InputException(export, "is not an ONNX export of the same weights as " + source + ": "
                        + plan.tensorOf(c).name() + "[" + plan.elementOf(c) + "] is " + y[c] + " there and " + x[c]
                        + " in the model; export the model again");
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | UncheckedIOException e) {
            // temporary trial copies only
        }
    }

    @Override
    public void close() {
        evaluation.close();
    }
}
