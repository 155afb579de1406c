package dev.aigate.checks.poisoning;

import java.util.Arrays;

/**
 * A multinomial logistic regression with an L2 penalty (scikit-learn's default, C = 1: the penalty is half the
 * squared weights, intercepts unpenalised), fitted by L-BFGS on standardised features. Unlike the linear
 * discriminant it assumes nothing about how each class is spread, which makes its probabilities the better judge of
 * a label where two classes meet along a broad border. Deterministic: sums run in row order on one thread.
 */
final class LogisticModel {
    static final int MAX_DIMS = 512;
    static final double PENALTY = 1.0;
    static final int MAX_ITERATIONS = 100;
    /** Stops when no gradient component of the mean loss exceeds this: scikit-learn's tol (and max_iter above). */
    static final double GRADIENT_TOLERANCE = 1e-4;
    private static final int HISTORY = 10;

    private final int dims;
    private final int classes;
    /** Per class: dims weights, then the intercept. */
    private final double[] weights;

    private LogisticModel(int dims, int classes, double[] weights) {
        this.dims = dims;
        this.classes = classes;
        this.weights = weights;
    }

    /** Fits on {@code rows} of {@code z} with labels {@code label[row]} in 0..classes-1; negative labels skipped. */
    static LogisticModel fit(float[] z, int dims, int[] rows, int[] label, int classes) {
        return fit(z, dims, rows, label, classes, null);
    }

    /** Fits starting from {@code start}'s weights (or zero): a model of most of the same rows converges in few steps. */
    static LogisticModel fit(float[] z, int dims, int[] rows, int[] label, int classes, LogisticModel start) {
        int[] used = Arrays.stream(rows).filter(r -> label[r] >= 0).toArray();
        int width = dims + 1;
        double[] w = start == null ? new double[classes * width] : start.weights.clone();
        // Two softmax classes share the penalty that one binary weight vector carries alone (w = w1 - w0 is least
        // penalised at w0 = -w1), so doubling it gives the binary logistic regression scikit-learn fits for two.
        double penalty = classes == 2 ? 2 * PENALTY : PENALTY;
        Objective objective = new Objective(z, dims, used, label, classes, penalty);
        double[] g = new double[w.length];
        double f = objective.evaluate(w, g);
        double[][] s = new double[HISTORY][];
        double[][] y = new double[HISTORY][];
        double[] rho = new double[HISTORY];
        int stored = 0;
        double[] direction = new double[w.length];
        double[] alpha = new double[HISTORY];
        double[] trial = new double[w.length];
        double[] trialGradient = new double[w.length];
        for (int iteration = 0; iteration < MAX_ITERATIONS && maxAbs(g) > GRADIENT_TOLERANCE; iteration++) {
            // Two-loop recursion: direction = -H g.
            System.arraycopy(g, 0, direction, 0, g.length);
            for (int i = stored - 1; i >= 0; i--) {
                alpha[i] = rho[i] * dot(s[i], direction);
                axpy(-alpha[i], y[i], direction);
            }
            double scale = stored == 0 ? 1 / Math.max(1e-12, Math.sqrt(dot(g, g)))
                    : dot(s[stored - 1], y[stored - 1]) / dot(y[stored - 1], y[stored - 1]);
            for (int i = 0; i < direction.length; i++) {
                direction[i] *= scale;
            }
            for (int i = 0; i < stored; i++) {
                double beta = rho[i] * dot(y[i], direction);
                axpy(alpha[i] - beta, s[i], direction);
            }
            for (int i = 0; i < direction.length; i++) {
                direction[i] = -direction[i];
            }
            double slope = dot(g, direction);
            if (slope >= 0) {
                break;
            }
            // Backtracking line search (Armijo).
            double step = 1;
            double fTrial = Double.NaN;
            for (int tries = 0; tries < 30; tries++) {
                for (int i = 0; i < w.length; i++) {
                    trial[i] = w[i] + step * direction[i];
                }
                fTrial = objective.evaluate(trial, trialGradient);
                if (fTrial <= f + 1e-4 * step * slope) {
                    break;
                }
                step *= 0.5;
            }
            if (!(fTrial <= f + 1e-4 * step * slope)) {
                break;
            }
            double[] sNew = new double[w.length];
            double[] yNew = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                sNew[i] = trial[i] - w[i];
                yNew[i] = trialGradient[i] - g[i];
            }
            double sy = dot(sNew, yNew);
            System.arraycopy(trial, 0, w, 0, w.length);
            System.arraycopy(trialGradient, 0, g, 0, g.length);
            f = fTrial;
            if (sy > 1e-12) {
                if (stored == HISTORY) {
                    System.arraycopy(s, 1, s, 0, HISTORY - 1);
                    System.arraycopy(y, 1, y, 0, HISTORY - 1);
                    System.arraycopy(rho, 1, rho, 0, HISTORY - 1);
                    stored--;
                }
                s[stored] = sNew;
                y[stored] = yNew;
                rho[stored] = 1 / sy;
                stored++;
            }
        }
        return new LogisticModel(dims, classes, w);
    }

    /** The class probabilities of the row at {@code offset} of {@code z}, into {@code out}. */
    void probabilities(float[] z, int offset, double[] out) {
        double[] row = new double[dims];
        for (int f = 0; f < dims; f++) {
            row[f] = z[offset + f];
        }
        softmax(weights, dims, classes, row, 0, out);
    }

    private static void softmax(double[] w, int dims, int classes, double[] z, int offset, double[] out) {
        int width = dims + 1;
        double best = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            int base = c * width;
            double score = w[base + dims];
            for (int f = 0; f < dims; f++) {
                score += w[base + f] * z[offset + f];
            }
            out[c] = score;
            best = Math.max(best, score);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            out[c] = Math.exp(out[c] - best);
            sum += out[c];
        }
        for (int c = 0; c < classes; c++) {
            out[c] /= sum;
        }
    }

    /**
     * The mean log loss plus the penalty over the rows, and its gradient. The rows' features are copied once into one
     * contiguous array of doubles, which the JIT turns into vector loops (the gradient's per-class updates).
     */
    private static final class Objective {
        private final int dims;
        private final int classes;
        private final int rows;
        private final double[] x;
        private final int[] y;
        private final double penalty;

        Objective(float[] z, int dims, int[] used, int[] label, int classes, double penalty) {
            this.dims = dims;
            this.classes = classes;
            this.rows = used.length;
            this.x = new double[used.length * dims];
            this.y = new int[used.length];
            this.penalty = penalty;
            for (int i = 0; i < used.length; i++) {
                int from = used[i] * dims;
                for (int f = 0; f < dims; f++) {
                    x[i * dims + f] = z[from + f];
                }
                y[i] = label[used[i]];
            }
        }

        double evaluate(double[] w, double[] gradient) {
            int width = dims + 1;
            Arrays.fill(gradient, 0);
            double[] p = new double[classes];
            double loss = 0;
            for (int r = 0; r < rows; r++) {
                int offset = r * dims;
                softmax(w, dims, classes, x, offset, p);
                loss -= Math.log(Math.max(p[y[r]], 1e-300));
                p[y[r]] -= 1;
                for (int c = 0; c < classes; c++) {
                    double e = p[c];
                    if (e == 0) {
                        continue;
                    }
                    int base = c * width;
                    for (int f = 0; f < dims; f++) {
                        gradient[base + f] += e * x[offset + f];
                    }
                    gradient[base + dims] += e;
                }
            }
            double n = Math.max(1, rows);
            double squares = 0;
            for (int c = 0; c < classes; c++) {
                int base = c * width;
                for (int f = 0; f < dims; f++) {
                    squares += w[base + f] * w[base + f];
                    gradient[base + f] = (gradient[base + f] + penalty * w[base + f]) / n;
                }
                gradient[base + dims] /= n;
            }
            return (loss + 0.5 * penalty * squares) / n;
        }
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double maxAbs(double[] v) {
        double max = 0;
        for (double x : v) {
            max = Math.max(max, Math.abs(x));
        }
        return max;
    }
}
