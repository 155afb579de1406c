package dev.aigate.checks.privacy;

import dev.aigate.checks.robustness.OnnxModel;
import dev.aigate.checks.robustness.Rng;
import dev.aigate.checks.robustness.ScoreMath;
import dev.aigate.core.GateException;
import dev.aigate.core.InputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Computes each attack's membership score for every example of the sample (members first, then non-members): higher
 * means "more likely a member". Black-box: only the model's outputs on the examples and on noisy copies of them.
 *
 * <p>Noise for example {@code i} comes from a random stream keyed by the seed, the attack and {@code i} alone, so the
 * scores do not depend on batching or on the number of threads.
 */
final class MembershipAttacks {
    static final int RNG_CALIBRATED = 101;
    static final int RNG_LABEL_ONLY = 102;
    /** At most this many examples, and this many input values, per unit of work (one ONNX Runtime call). */
    private static final int CHUNK = 128;
    private static final int CHUNK_VALUES = 1 << 22;

    private final OnnxModel model;
    private final Path modelFile;
    private final float[] x;
    private final int[] y;
    private final int n;
    private final int features;
    private final int classes;
    private final boolean probabilities;
    private final float low;
    private final float high;
    private final long seed;
    private final ExecutorService pool;
    private final AtomicLong forwardPasses = new AtomicLong();

    MembershipAttacks(OnnxModel model, Path modelFile, float[] x, int[] y, boolean probabilities, double low,
            double high, long seed, ExecutorService pool) {
        this.model = model;
        this.modelFile = modelFile;
        this.x = x;
        this.y = y;
        this.n = y.length;
        this.features = model.features();
        this.classes = model.classes();
        this.probabilities = probabilities;
        this.low = (float) low;
        this.high = (float) high;
        this.seed = seed;
        this.pool = pool;
    }

    /** The model's outputs on the clean examples, and what the threshold attacks read from them. */
    record Clean(double[] loss, double[] confidence, double[] logitConfidence, boolean[] correct) {
    }

    Clean clean() {
        float[] scores = forward(x, n, 0);
        double[] loss = new double[n];
        double[] confidence = new double[n];
        double[] logit = new double[n];
        boolean[] correct = new boolean[n];
        double[] logProbabilities = new double[classes];
        for (int i = 0; i < n; i++) {
            logSoftmax(scores, i, logProbabilities);
            loss[i] = logProbabilities[y[i]];
            double best = Double.NEGATIVE_INFINITY;
            for (double value : logProbabilities) {
                best = Math.max(best, value);
            }
            confidence[i] = best;
            logit[i] = logitConfidence(logProbabilities, y[i]);
            correct[i] = ScoreMath.argmax(scores, i, classes) == y[i];
        }
        return new Clean(loss, confidence, logit, correct);
    }

    /**
     * The neighbourhood-calibrated score: the example's logit-scaled confidence on its label minus the mean of the
     * same statistic over {@code draws} noisy copies. A member sits in a sharp peak the model carved around it; a
     * non-member that is merely easy is about as confident in its neighbourhood as on itself.
     */
    double[] calibrated(double[] logitConfidence, double sigma, int draws) {
        double[] out = new double[n];
        noisy(RNG_CALIBRATED, sigma, draws, (i, scores, rows) -> {
            double[] logProbabilities = new double[classes];
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                logSoftmax(scores, r, logProbabilities);
                sum += logitConfidence(logProbabilities, y[i]);
            }
            out[i] = logitConfidence[i] - sum / rows;
        });
        return out;
    }

    /**
     * The label-only score: 1 for a correctly classified example plus one for each of {@code draws} noisy copies that
     * keeps the true label (Choquette-Choo et al. 2021, noise robustness). Needs no scores, only predicted labels.
     */
    double[] labelOnly(boolean[] correct, double sigma, int draws) {
        double[] out = new double[n];
        noisy(RNG_LABEL_ONLY, sigma, draws, (i, scores, rows) -> {
            int kept = correct[i] ? 1 : 0;
            for (int r = 0; r < rows; r++) {
                if (ScoreMath.argmax(scores, r, classes) == y[i]) {
                    kept++;
                }
            }
            out[i] = kept;
        });
        return out;
    }

    long forwardPasses() {
        return forwardPasses.get();
    }

    /** What to do with the model's outputs on the noisy copies of example {@code i}. */
    private interface PerExample {
        void accept(int i, float[] scores, int rows);
    }

    /** Runs {@code draws} Gaussian-noise copies of every example through the model, in chunks, maybe in parallel. */
    private void noisy(int purpose, double sigma, int draws, PerExample sink) {
        List<Runnable> chunks = new ArrayList<>();
        int chunk = (int) Math.max(1, Math.min(CHUNK, CHUNK_VALUES / ((long) draws * features)));
        for (int start = 0; start < n; start += chunk) {
            int from = start;
            int to = Math.min(n, start + chunk);
            chunks.add(() -> {
                float[] batch = new float[(to - from) * draws * features];
                for (int i = from; i < to; i++) {
                    Gaussians gaussians = new Gaussians(Rng.stream(seed, purpose, 0, i));
                    int base = (i - from) * draws * features;
                    for (int r = 0; r < draws; r++) {
                        for (int f = 0; f < features; f++) {
                            float value = (float) (x[i * features + f] + sigma * gaussians.next());
                            batch[base + r * features + f] = Math.min(high, Math.max(low, value));
                        }
                    }
                }
                float[] scores = forward(batch, (to - from) * draws, from);
                for (int i = from; i < to; i++) {
                    float[] own = new float[draws * classes];
                    System.arraycopy(scores, (i - from) * draws * classes, own, 0, own.length);
                    sink.accept(i, own, draws);
                }
            });
        }
        runAll(chunks, pool, "attacks");
    }

    /** Runs the tasks on the pool (or here, without one) and waits for all; the first failure is rethrown. */
    static void runAll(List<Runnable> tasks, ExecutorService pool, String what) {
        if (pool == null) {
            tasks.forEach(Runnable::run);
            return;
        }
        List<Future<?>> futures = new ArrayList<>();
        for (Runnable task : tasks) {
            futures.add(pool.submit(task));
        }
        try {
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GateException("interrupted while running the privacy " + what, e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new GateException("privacy " + what + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** Model scores for {@code rows} rows, as logits or log-probabilities; every value must be finite. */
    private float[] forward(float[] batch, int rows, int firstExample) {
        float[] scores = model.forward(batch, rows);
        forwardPasses.addAndGet(rows);
        ScoreMath.toScores(scores, probabilities);
        for (int k = 0; k < scores.length; k++) {
            if (!Float.isFinite(scores[k])) {
                throw new InputException(modelFile, "the model's output '" + model.outputName() + "' is "
                        + scores[k] + " (not finite) for a query derived from sample example " + (firstExample
                        + k / classes) + "; membership scores need finite outputs");
            }
        }
        return scores;
    }

    /** Log-softmax of row {@code row}, in double precision. */
    private void logSoftmax(float[] scores, int row, double[] out) {
        int base = row * classes;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, scores[base + k]);
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            sum += Math.exp(scores[base + k] - max);
        }
        double log = max + Math.log(sum);
        for (int k = 0; k < classes; k++) {
            out[k] = scores[base + k] - log;
        }
    }

    /**
     * {@code log(p_y / (1 - p_y))} from log-probabilities, computed as {@code log p_y - logsumexp_{k != y} log p_k}
     * so that it stays exact when {@code p_y} rounds to 1 (Carlini et al. 2022, logit scaling).
     */
    static double logitConfidence(double[] logProbabilities, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < logProbabilities.length; k++) {
            if (k != label) {
                max = Math.max(max, logProbabilities[k]);
            }
        }
        double sum = 0;
        for (int k = 0; k < logProbabilities.length; k++) {
            if (k != label) {
                sum += Math.exp(logProbabilities[k] - max);
            }
        }
        return logProbabilities[label] - (max + Math.log(sum));
    }

    /**
     * Standard normal draws by Box-Muller, both of each pair (cosine, then sine), reproducible from the stream alone
     * (fixtures/privacy/membership_reference.py draws the same).
     */
    static final class Gaussians {
        private final SplittableRandom random;
        private double spare;
        private boolean hasSpare;

        Gaussians(SplittableRandom random) {
            this.random = random;
        }

        double next() {
            if (hasSpare) {
                hasSpare = false;
                return spare;
            }
            double radius = Math.sqrt(-2 * Math.log(1 - random.nextDouble()));
            double angle = 2 * Math.PI * random.nextDouble();
            spare = radius * Math.sin(angle);
            hasSpare = true;
            return radius * Math.cos(angle);
        }
    }
}
