package dev.aigate.checks.robustness;

import dev.aigate.core.GateException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Runs clean evaluation, random noise and the attacks against a model, using forward passes only.
 *
 * <p>Work is split into blocks of consecutive samples whose composition depends only on the data and the batch size,
 * never on the thread count; every random draw comes from a stream keyed by the seed and the sample's index. So the
 * same inputs give the same numbers whatever the number of threads.
 */
final class AttackEngine {
    /** Gradient components this much smaller than the largest are estimation noise and count as zero. */
    static final double RELATIVE_ZERO = 1e-6;

    private final OnnxModel model;
    private final EvalSet data;
    private final int d;
    private final int classes;
    private final boolean probabilities;
    private final float low;
    private final float high;
    private final long seed;
    private final int batchRows;
    private final GradientMethod gradient;
    private final ExecutorService pool;

    private int[] predictions;
    private boolean[] correct;
    /** Gradient estimates at the clean inputs (from FGSM), reused by PGD's first step; null where not estimated. */
    private double[][] cleanGradients;
    /** Forward passes actually run (rows fed to the model). */
    private final java.util.concurrent.atomic.AtomicLong forwardPasses = new java.util.concurrent.atomic.AtomicLong();
    /** Ties for a maximum that finite-difference estimates resolved like autograd (see {@link TiedMaxima}). */
    private final java.util.concurrent.atomic.AtomicLong tiesResolved = new java.util.concurrent.atomic.AtomicLong();

    /** How input gradients are estimated. */
    record GradientMethod(String name, double step, int directions, String reason) {
        boolean finiteDifferences() {
            return name.equals("central-finite-differences");
        }

        /** Forward passes per gradient estimate of one sample, including the unperturbed point. */
        int rowsPerSample(int features) {
            return finiteDifferences() ? 2 * features + 1 : 2 * directions + 1;
        }
    }

    /** What one attack (or noise setting) at one level did. */
    record Outcome(String attack, String levelName, double level, int samples, int attacked, long correctAfter,
            int draws, long queries, double seconds) {
        double robustAccuracy() {
            return (double) correctAfter / ((long) samples * draws);
        }

        /** Among initially correct samples, the fraction the attack turned wrong (for noise: per draw). */
        double successRate(int cleanCorrect) {
            if (draws != 1 || cleanCorrect == 0) {
                return Double.NaN;
            }
            return (double) (cleanCorrect - correctAfter) / cleanCorrect;
        }
    }

    AttackEngine(OnnxModel model, EvalSet data, RobustnessConfig config, GradientMethod gradient,
            ExecutorService pool) {
        this.model = model;
        this.data = data;
        this.d = data.features();
        this.classes = model.classes();
        this.probabilities = config.outputKind() == RobustnessConfig.OutputKind.PROBABILITIES;
        this.low = (float) config.low();
        this.high = (float) config.high();
        this.seed = config.seed();
        this.batchRows = config.batchSize();
        this.gradient = gradient;
        this.pool = pool;
    }

    static GradientMethod chooseGradient(RobustnessConfig.Gradient config, int features, double width) {
        double step = config.step() != null ? config.step() : 1e-3 * width;
        boolean fd;
        String reason;
        switch (config.method()) {
            case "finite-differences":
                fd = true;
                reason = "set in the policy";
                break;
            case "spsa":
                fd = false;
                reason = "set in the policy";
                break;
            default:
                fd = features <= config.maxFiniteDifferenceFeatures();
                reason = features + " input features " + (fd ? "<=" : ">") + " maxFiniteDifferenceFeatures "
                        + config.maxFiniteDifferenceFeatures();
        }
        return fd ? new GradientMethod("central-finite-differences", step, 0, reason)
                : new GradientMethod("spsa", step, config.spsaDirections(), reason);
    }

    // ---------------------------------------------------------------- clean

    Outcome clean() {
        long start = System.nanoTime();
        int block = Math.max(1, batchRows);
        predictions = new int[data.n()];
        correct = new boolean[data.n()];
        cleanGradients = new double[data.n()][];
        forEachBlock(block, (from, to) -> {
            float[] scores = scores(slice(from, to), to - from);
            for (int i = from; i < to; i++) {
                predictions[i] = ScoreMath.argmax(scores, i - from, classes);
                correct[i] = predictions[i] == data.y()[i];
            }
            return null;
        });
        long right = 0;
        for (boolean c : correct) {
            right += c ? 1 : 0;
        }
        return new Outcome("clean", null, 0, data.n(), data.n(), right, 1, data.n(), seconds(start));
    }

    int cleanCorrect() {
        int count = 0;
        for (boolean c : correct) {
            count += c ? 1 : 0;
        }
        return count;
    }

    int[] predictions() {
        return predictions.clone();
    }

    // ---------------------------------------------------------------- noise

    /** Accuracy under {@code draws} random perturbations per sample, Gaussian (sigma) or uniform in [-eps, eps]. */
    Outcome noise(boolean gaussian, int levelIndex, double level, int draws) {
        long start = System.nanoTime();
        int perBlock = Math.max(1, batchRows / draws);
        List<Long> counts = forEachBlock(perBlock, (from, to) -> {
            int rows = (to - from) * draws;
            float[] x = new float[rows * d];
            for (int i = from; i < to; i++) {
                SplittableRandom random = Rng.stream(seed, gaussian ? Rng.NOISE_GAUSSIAN : Rng.NOISE_UNIFORM,
                        levelIndex, i);
                int base = i * d;
                for (int draw = 0; draw < draws; draw++) {
                    int row = (i - from) * draws + draw;
                    for (int j = 0; j < d; j++) {
                        double noise = gaussian ? random.nextGaussian() * level
                                : (random.nextDouble() * 2 - 1) * level;
                        x[row * d + j] = clip(data.x()[base + j] + noise);
                    }
                }
            }
            float[] scores = scores(x, rows);
            long right = 0;
            for (int i = from; i < to; i++) {
                for (int draw = 0; draw < draws; draw++) {
                    if (ScoreMath.argmax(scores, (i - from) * draws + draw, classes) == data.y()[i]) {
                        right++;
                    }
                }
            }
            return right;
        });
        long right = counts.stream().mapToLong(Long::longValue).sum();
        return new Outcome(gaussian ? "gaussian" : "uniform", gaussian ? "sigma" : "epsilon", level, data.n(),
                data.n(), right, draws, (long) data.n() * draws, seconds(start));
    }

    // ---------------------------------------------------------------- gradients

    /**
     * Estimates the cross-entropy input gradient at each point from forward passes only, and reports the prediction
     * at the point itself. Returns the number of forward passes used.
     */
    private long gradients(int[] samples, float[][] points, double[][] grads, int[] predicted, int purposeLevel) {
        int count = samples.length;
        int rowsPer = gradient.rowsPerSample(d);
        float[] x = new float[count * rowsPer * d];
        float[][] denominators = new float[count][];
        float[][] raised = new float[count][];
        int[][] directions = new int[count][];
        double h = gradient.step();
        for (int s = 0; s < count; s++) {
            float[] point = points[s];
            int base = s * rowsPer * d;
            System.arraycopy(point, 0, x, base, d);
            if (gradient.finiteDifferences()) {
                float[] denominator = new float[d];
                float[] raise = new float[d];
                for (int j = 0; j < d; j++) {
                    int plus = base + (1 + 2 * j) * d;
                    int minus = plus + d;
                    System.arraycopy(point, 0, x, plus, d);
                    System.arraycopy(point, 0, x, minus, d);
                    float up = (float) (point[j] + h);
                    float down = (float) (point[j] - h);
                    x[plus + j] = up;
                    x[minus + j] = down;
                    denominator[j] = up - down;
                    raise[j] = up - point[j];
                }
                denominators[s] = denominator;
                raised[s] = raise;
            } else {
                SplittableRandom random = Rng.stream(seed, Rng.SPSA, purposeLevel, samples[s]);
                int[] signs = new int[gradient.directions() * d];
                for (int k = 0; k < gradient.directions(); k++) {
                    int plus = base + (1 + 2 * k) * d;
                    int minus = plus + d;
                    for (int j = 0; j < d; j++) {
                        int sign = random.nextBoolean() ? 1 : -1;
                        signs[k * d + j] = sign;
                        x[plus + j] = (float) (point[j] + h * sign);
                        x[minus + j] = (float) (point[j] - h * sign);
                    }
                }
                directions[s] = signs;
            }
        }
        float[] scores = scores(x, count * rowsPer);
        double[] weights = new double[classes];
        for (int s = 0; s < count; s++) {
            int row0 = s * rowsPer;
            int label = data.y()[samples[s]];
            predicted[s] = ScoreMath.argmax(scores, row0, classes);
            ScoreMath.crossEntropyScoreGradient(scores, row0, classes, label, weights);
            double[] g = grads[s];
            if (gradient.finiteDifferences()) {
                for (int j = 0; j < d; j++) {
                    int plus = (row0 + 1 + 2 * j) * classes;
                    int minus = plus + classes;
                    double dot = 0;
                    for (int k = 0; k < classes; k++) {
                        dot += weights[k] * ((double) scores[plus + k] - scores[minus + k]);
                    }
                    g[j] = dot / denominators[s][j];
                }
                tiesResolved.addAndGet(TiedMaxima.resolve(scores, row0, classes, points[s], weights, raised[s], g));
            } else {
                java.util.Arrays.fill(g, 0);
                int[] signs = directions[s];
                for (int k = 0; k < gradient.directions(); k++) {
                    int plus = (row0 + 1 + 2 * k) * classes;
                    int minus = plus + classes;
                    double dot = 0;
                    for (int c = 0; c < classes; c++) {
                        dot += weights[c] * ((double) scores[plus + c] - scores[minus + c]);
                    }
                    double directional = dot / (2 * h);
                    for (int j = 0; j < d; j++) {
                        g[j] += directional * signs[k * d + j];
                    }
                }
            }
        }
        return (long) count * rowsPer;
    }

    private static int sign(double[] g, int j, double tolerance) {
        double value = g[j];
        return Math.abs(value) <= tolerance ? 0 : value > 0 ? 1 : -1;
    }

    private static double tolerance(double[] g) {
        double max = 0;
        for (double value : g) {
            max = Math.max(max, Math.abs(value));
        }
        return max * RELATIVE_ZERO;
    }

    // ---------------------------------------------------------------- FGSM

    /** FGSM at every epsilon: one gradient estimate per sample at the clean input, one step per epsilon. */
    List<Outcome> fgsm(List<Double> epsilons) {
        long start = System.nanoTime();
        int rowsPer = gradient.rowsPerSample(d);
        int perBlock = Math.max(1, batchRows / rowsPer);
        int e = epsilons.size();
        long[] queries = new long[1];
        long[][] perEps = forEachBlock(perBlock, (from, to) -> {
            int[] samples = attackable(from, to);
            long[] right = new long[e + 1];
            if (samples.length == 0) {
                return right;
            }
            float[][] points = points(samples);
            double[][] grads = new double[samples.length][d];
            int[] predicted = new int[samples.length];
            right[e] = gradients(samples, points, grads, predicted, 0);
            for (int s = 0; s < samples.length; s++) {
                cleanGradients[samples[s]] = grads[s];
            }
            float[] x = new float[e * samples.length * d];
            for (int k = 0; k < e; k++) {
                double eps = epsilons.get(k);
                for (int s = 0; s < samples.length; s++) {
                    double tolerance = tolerance(grads[s]);
                    int base = (k * samples.length + s) * d;
                    for (int j = 0; j < d; j++) {
                        x[base + j] = clip(points[s][j] + eps * sign(grads[s], j, tolerance));
                    }
                }
            }
            float[] scores = scores(x, e * samples.length);
            for (int k = 0; k < e; k++) {
                for (int s = 0; s < samples.length; s++) {
                    if (ScoreMath.argmax(scores, k * samples.length + s, classes) == data.y()[samples[s]]) {
                        right[k]++;
                    }
                }
            }
            return right;
        }).toArray(new long[0][]);
        long gradientQueries = 0;
        long[] right = new long[e];
        for (long[] block : perEps) {
            for (int k = 0; k < e; k++) {
                right[k] += block[k];
            }
            gradientQueries += block[e];
        }
        queries[0] = gradientQueries;
        int attacked = cleanCorrect();
        double seconds = seconds(start) / e;
        List<Outcome> outcomes = new ArrayList<>();
        for (int k = 0; k < e; k++) {
            outcomes.add(new Outcome("fgsm", "epsilon", epsilons.get(k), data.n(), attacked, right[k], 1,
                    gradientQueries + attacked, seconds));
        }
        return outcomes;
    }

    // ---------------------------------------------------------------- PGD

    /**
     * L-infinity PGD: {@code steps} signed-gradient steps of {@code stepFraction * eps}, each projected onto the
     * epsilon ball and the input range. A sample counts as broken as soon as an iterate is misclassified.
     */
    Outcome pgd(int epsIndex, double eps, int steps, double stepFraction, boolean randomStart) {
        long start = System.nanoTime();
        int rowsPer = gradient.rowsPerSample(d);
        int perBlock = Math.max(1, batchRows / rowsPer);
        double alpha = stepFraction * eps;
        List<long[]> blocks = forEachBlock(perBlock, (from, to) -> {
            int[] samples = attackable(from, to);
            if (samples.length == 0) {
                return new long[2];
            }
            float[][] origin = points(samples);
            float[][] current = points(samples);
            if (randomStart) {
                for (int s = 0; s < samples.length; s++) {
                    SplittableRandom random = Rng.stream(seed, Rng.PGD_START, epsIndex, samples[s]);
                    for (int j = 0; j < d; j++) {
                        current[s][j] = clip(origin[s][j] + (random.nextDouble() * 2 - 1) * eps);
                    }
                }
            }
            boolean[] broken = new boolean[samples.length];
            long queries = 0;
            for (int step = 0; step < steps; step++) {
                int[] active = activeIndices(broken);
                if (active.length == 0) {
                    break;
                }
                int[] ids = new int[active.length];
                float[][] pts = new float[active.length][];
                for (int a = 0; a < active.length; a++) {
                    ids[a] = samples[active[a]];
                    pts[a] = current[active[a]];
                }
                double[][] grads = new double[active.length][d];
                int[] predicted = new int[active.length];
                if (step == 0 && !randomStart && allCached(ids)) {
                    // The first step starts at the clean input, where FGSM already estimated the same gradient.
                    for (int a = 0; a < active.length; a++) {
                        grads[a] = cleanGradients[ids[a]];
                        predicted[a] = predictions[ids[a]];
                    }
                    queries += (long) active.length * rowsPer;
                } else {
                    queries += gradients(ids, pts, grads, predicted, 1000 * epsIndex + step + 1);
                }
                for (int a = 0; a < active.length; a++) {
                    int s = active[a];
                    if (predicted[a] != data.y()[ids[a]]) {
                        broken[s] = true;
                        continue;
                    }
                    double tolerance = tolerance(grads[a]);
                    for (int j = 0; j < d; j++) {
                        double moved = current[s][j] + alpha * sign(grads[a], j, tolerance);
                        double projected = Math.min(Math.max(moved, origin[s][j] - eps), origin[s][j] + eps);
                        current[s][j] = clip(projected);
                    }
                }
            }
            int[] active = activeIndices(broken);
            if (active.length > 0) {
                float[] x = new float[active.length * d];
                for (int a = 0; a < active.length; a++) {
                    System.arraycopy(current[active[a]], 0, x, a * d, d);
                }
                float[] scores = scores(x, active.length);
                queries += active.length;
                for (int a = 0; a < active.length; a++) {
                    if (ScoreMath.argmax(scores, a, classes) != data.y()[samples[active[a]]]) {
                        broken[active[a]] = true;
                    }
                }
            }
            return survivors(broken, queries);
        });
        return perturbedOutcome("pgd", eps, blocks, start);
    }

    // ---------------------------------------------------------------- Square Attack

    /** The layout Square Attack draws squares on: channels x height x width, row-major. */
    record Geometry(int channels, int height, int width, String source) {
    }

    /**
     * Square Attack (Andriushchenko et al. 2020), L-infinity, score-based: vertical-stripe initialisation, then random
     * squares of +-eps whose size follows the paper's schedule; a candidate is kept when it lowers the margin. Stops
     * per sample on success or when the query budget is spent.
     */
    Outcome square(int epsIndex, double eps, int budget, double pInit, Geometry geometry) {
        long start = System.nanoTime();
        int perBlock = Math.max(1, Math.min(256, batchRows));
        int c = geometry.channels();
        int h = geometry.height();
        int w = geometry.width();
        List<long[]> blocks = forEachBlock(perBlock, (from, to) -> {
            int[] samples = attackable(from, to);
            int n = samples.length;
            if (n == 0) {
                return new long[2];
            }
            float[][] origin = points(samples);
            float[][] delta = new float[n][d];
            float[][] best = new float[n][];
            double[] margins = new double[n];
            boolean[] done = new boolean[n];
            SplittableRandom[] randoms = new SplittableRandom[n];
            float[] x = new float[n * d];
            for (int s = 0; s < n; s++) {
                randoms[s] = Rng.stream(seed, Rng.SQUARE, epsIndex, samples[s]);
                for (int ch = 0; ch < c; ch++) {
                    for (int col = 0; col < w; col++) {
                        float value = (float) (randoms[s].nextBoolean() ? eps : -eps);
                        for (int row = 0; row < h; row++) {
                            delta[s][(ch * h + row) * w + col] = value;
                        }
                    }
                }
                best[s] = new float[d];
                for (int j = 0; j < d; j++) {
                    best[s][j] = clip(origin[s][j] + delta[s][j]);
                }
                System.arraycopy(best[s], 0, x, s * d, d);
            }
            float[] scores = scores(x, n);
            long queries = n;
            for (int s = 0; s < n; s++) {
                int label = data.y()[samples[s]];
                margins[s] = ScoreMath.margin(scores, s, classes, label);
                done[s] = ScoreMath.argmax(scores, s, classes) != label;
            }
            for (int i = 1; i < budget; i++) {
                int[] active = activeIndices(done);
                if (active.length == 0) {
                    break;
                }
                double p = pSelection(pInit, i, budget);
                int sh;
                int sw;
                if (h == 1 || w == 1) {
                    int length = Math.max(h, w);
                    int side = (int) Math.round(p * length);
                    side = Math.max(1, Math.min(side, Math.max(1, length - 1)));
                    sh = h == 1 ? 1 : side;
                    sw = h == 1 ? side : 1;
                } else {
                    int side = (int) Math.round(Math.sqrt(p * h * w));
                    side = Math.max(1, Math.min(side, Math.min(h, w) - 1));
                    sh = side;
                    sw = side;
                }
                float[][] candidates = new float[active.length][];
                float[] cx = new float[active.length * d];
                for (int a = 0; a < active.length; a++) {
                    int s = active[a];
                    SplittableRandom random = randoms[s];
                    int r0 = random.nextInt(h - sh + 1);
                    int c0 = random.nextInt(w - sw + 1);
                    float[] candidate = delta[s].clone();
                    for (int ch = 0; ch < c; ch++) {
                        float value = (float) (random.nextBoolean() ? eps : -eps);
                        for (int row = r0; row < r0 + sh; row++) {
                            for (int col = c0; col < c0 + sw; col++) {
                                candidate[(ch * h + row) * w + col] = value;
                            }
                        }
                    }
                    candidates[a] = candidate;
                    for (int j = 0; j < d; j++) {
                        cx[a * d + j] = clip(origin[s][j] + candidate[j]);
                    }
                }
                float[] cs = scores(cx, active.length);
                queries += active.length;
                for (int a = 0; a < active.length; a++) {
                    int s = active[a];
                    int label = data.y()[samples[s]];
                    double margin = ScoreMath.margin(cs, a, classes, label);
                    if (margin < margins[s]) {
                        margins[s] = margin;
                        delta[s] = candidates[a];
                    }
                    if (ScoreMath.argmax(cs, a, classes) != label) {
                        done[s] = true;
                    }
                }
            }
            return survivors(done, queries);
        });
        return perturbedOutcome("square", eps, blocks, start);
    }

    /** The square-size schedule of Andriushchenko et al. (2020), rescaled to the query budget. */
    static double pSelection(double pInit, int iteration, int budget) {
        int it = (int) ((double) iteration / budget * 10000);
        if (it <= 10) {
            return pInit;
        } else if (it <= 50) {
            return pInit / 2;
        } else if (it <= 200) {
            return pInit / 4;
        } else if (it <= 500) {
            return pInit / 8;
        } else if (it <= 1000) {
            return pInit / 16;
        } else if (it <= 2000) {
            return pInit / 32;
        } else if (it <= 4000) {
            return pInit / 64;
        } else if (it <= 6000) {
            return pInit / 128;
        } else if (it <= 8000) {
            return pInit / 256;
        } else if (it <= 10000) {
            return pInit / 512;
        }
        return pInit;
    }

    // ---------------------------------------------------------------- helpers

    private boolean allCached(int[] ids) {
        for (int id : ids) {
            if (cleanGradients[id] == null) {
                return false;
            }
        }
        return true;
    }

    /** Ties for a maximum resolved to the first maximum, over every finite-difference estimate so far. */
    long tiesResolved() {
        return tiesResolved.get();
    }

    /** Forward passes actually run so far; attacks that reuse an estimate count it in their own queries too. */
    long forwardPasses() {
        return forwardPasses.get();
    }

    private float[] scores(float[] x, int rows) {
        forwardPasses.addAndGet(rows);
        float[] scores = model.forward(x, rows);
        ScoreMath.toScores(scores, probabilities);
        return scores;
    }

    private float[] slice(int from, int to) {
        float[] x = new float[(to - from) * d];
        System.arraycopy(data.x(), from * d, x, 0, x.length);
        return x;
    }

    private int[] attackable(int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            count += correct[i] ? 1 : 0;
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = from; i < to; i++) {
            if (correct[i]) {
                out[k++] = i;
            }
        }
        return out;
    }

    private float[][] points(int[] samples) {
        float[][] points = new float[samples.length][];
        for (int s = 0; s < samples.length; s++) {
            points[s] = data.sample(samples[s]);
        }
        return points;
    }

    private static int[] activeIndices(boolean[] finished) {
        int count = 0;
        for (boolean f : finished) {
            count += f ? 0 : 1;
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < finished.length; i++) {
            if (!finished[i]) {
                out[k++] = i;
            }
        }
        return out;
    }

    private float clip(double value) {
        return (float) Math.min(Math.max(value, low), high);
    }

    /** A block's result: how many samples the attack did not break, and the queries it made. */
    private static long[] survivors(boolean[] broken, long queries) {
        long intact = 0;
        for (boolean b : broken) {
            intact += b ? 0 : 1;
        }
        return new long[] {intact, queries};
    }

    /** An attack's outcome at one epsilon from its blocks' {@link #survivors} counts. */
    private Outcome perturbedOutcome(String attack, double eps, List<long[]> blocks, long start) {
        long right = 0;
        long queries = 0;
        for (long[] block : blocks) {
            right += block[0];
            queries += block[1];
        }
        return new Outcome(attack, "epsilon", eps, data.n(), cleanCorrect(), right, 1, queries, seconds(start));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    @FunctionalInterface
    private interface BlockWork<T> {
        T run(int from, int to);
    }

    /** Runs {@code work} on consecutive blocks of {@code perBlock} samples, in parallel; results in block order. */
    private <T> List<T> forEachBlock(int perBlock, BlockWork<T> work) {
        int n = data.n();
        int blocks = (n + perBlock - 1) / perBlock;
        IntFunction<T> task = b -> work.run(b * perBlock, Math.min(n, (b + 1) * perBlock));
        List<T> results = new ArrayList<>(blocks);
        if (pool == null || blocks == 1) {
            for (int b = 0; b < blocks; b++) {
                results.add(task.apply(b));
            }
            return results;
        }
        List<Future<T>> futures = new ArrayList<>(blocks);
        for (int b = 0; b < blocks; b++) {
            int index = b;
            futures.add(pool.submit(() -> task.apply(index)));
        }
        for (Future<T> future : futures) {
            try {
                results.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                throw new GateException("interrupted while running the robustness check", e);
            } catch (ExecutionException e) {
                futures.forEach(f -> f.cancel(true));
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new GateException("robustness check failed: " + cause, cause);
            }
        }
        return results;
    }
}
