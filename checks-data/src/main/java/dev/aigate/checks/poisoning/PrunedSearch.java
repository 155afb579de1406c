package dev.aigate.checks.poisoning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

/**
 * Exact k-nearest-neighbour search for wider tables that skips most distance computations: the rows are rotated onto
 * the reference rows' principal axes (a rotation keeps every distance), the first {@value #LEAD} rotated coordinates,
 * which carry most of the spread, give a lower bound of each distance (computed four queries by a block of reference
 * rows at a time, so it vectorises), and only rows whose bound does not already exceed the query's k-th distance get
 * the rest of their distance, which stops as soon as it does (partial distance search). Nothing is approximated: a row
 * is skipped only when its partial sum of squares is already larger than the k-th distance, and neighbours are ranked
 * by (distance, row), so the result does not depend on the order rows are visited or on the thread count.
 */
final class PrunedSearch {
    static final int LEAD = 8;
    private static final int BLOCK = Neighbours.BLOCK;

    private PrunedSearch() {
    }

    static Neighbours.Result search(float[] reference, int[] referenceRows, float[] queries, int queryCount,
            int[] querySelf, int dims, int k, int threads) {
        int m = referenceRows.length;
        double[] axes = principalAxes(reference, referenceRows, dims);
        float[] rotatedReference = new float[m * dims];
        for (int r = 0; r < m; r++) {
            rotate(reference, referenceRows[r] * dims, axes, dims, rotatedReference, r * dims);
        }
        float[] rotatedQueries = new float[queryCount * dims];
        for (int q = 0; q < queryCount; q++) {
            rotate(queries, q * dims, axes, dims, rotatedQueries, q * dims);
        }
        int blocks = (m + BLOCK - 1) / BLOCK;
        float[] lead = new float[blocks * BLOCK * LEAD];
        for (int r = 0; r < m; r++) {
            int base = (r / BLOCK) * BLOCK * LEAD + r % BLOCK;
            for (int f = 0; f < LEAD; f++) {
                lead[base + f * BLOCK] = rotatedReference[r * dims + f];
            }
        }
        int[] index = new int[queryCount * k];
        float[] distance2 = new float[queryCount * k];
        Arrays.fill(index, -1);
        Arrays.fill(distance2, Float.POSITIVE_INFINITY);
        int perTask = Neighbours.QUERIES_PER_TASK;
        int tasks = (queryCount + perTask - 1) / perTask;
        Runnable[] work = new Runnable[tasks];
        for (int t = 0; t < tasks; t++) {
            int from = t * perTask;
            int to = Math.min(queryCount, from + perTask);
            work[t] = () -> searchRange(lead, rotatedReference, referenceRows, m, rotatedQueries, querySelf, dims, k,
                    from, to, index, distance2);
        }
        if (threads <= 1 || tasks <= 1) {
            for (Runnable task : work) {
                task.run();
            }
        } else {
            List<Callable<Object>> calls = new ArrayList<>();
            for (Runnable task : work) {
                calls.add(Executors.callable(task));
            }
            ParallelTasks.run(calls, threads, "aigate-neighbours", "searching nearest neighbours",
                    "nearest-neighbour search failed");
        }
        return new Neighbours.Result(k, index, distance2);
    }

    private static void searchRange(float[] lead, float[] rows, int[] referenceRows, int m, float[] queries,
            int[] querySelf, int dims, int k, int from, int to, int[] index, float[] distance2) {
        float[][] acc = new float[4][BLOCK];
        int blocks = (m + BLOCK - 1) / BLOCK;
        for (int block = 0; block < blocks; block++) {
            int base = block * BLOCK * LEAD;
            int count = Math.min(BLOCK, m - block * BLOCK);
            for (int q = from; q < to; q += 4) {
                int group = Math.min(4, to - q);
                float[] a0 = acc[0];
                float[] a1 = acc[1];
                float[] a2 = acc[2];
                float[] a3 = acc[3];
                Arrays.fill(a0, 0f);
                Arrays.fill(a1, 0f);
                Arrays.fill(a2, 0f);
                Arrays.fill(a3, 0f);
                int q0 = q * dims;
                int q1 = (group > 1 ? q + 1 : q) * dims;
                int q2 = (group > 2 ? q + 2 : q) * dims;
                int q3 = (group > 3 ? q + 3 : q) * dims;
                for (int f = 0; f < LEAD; f++) {
                    float v0 = queries[q0 + f];
                    float v1 = queries[q1 + f];
                    float v2 = queries[q2 + f];
                    float v3 = queries[q3 + f];
                    int at = base + f * BLOCK;
                    for (int j = 0; j < BLOCK; j++) {
                        float r = lead[at + j];
                        float d0 = v0 - r;
                        float d1 = v1 - r;
                        float d2 = v2 - r;
                        float d3 = v3 - r;
                        a0[j] += d0 * d0;
                        a1[j] += d1 * d1;
                        a2[j] += d2 * d2;
                        a3[j] += d3 * d3;
                    }
                }
                for (int g = 0; g < group; g++) {
                    finish(acc[g], rows, referenceRows, block, count, queries, (q + g) * dims, querySelf == null ? -1
                            : querySelf[q + g], dims, k, (q + g) * k, index, distance2);
                }
            }
        }
    }

    /** Completes the distances whose lower bound does not exceed the query's k-th distance. */
    private static void finish(float[] bound, float[] rows, int[] referenceRows, int block, int count,
            float[] queries, int query, int self, int dims, int k, int out, int[] index, float[] distance2) {
        float worst = distance2[out + k - 1];
        for (int j = 0; j < count; j++) {
            float sum = bound[j];
            if (sum > worst) {
                continue;
            }
            int r = block * BLOCK + j;
            int referenceRow = referenceRows[r];
            if (referenceRow == self) {
                continue;
            }
            int at = r * dims;
            int f = LEAD;
            // Eight coordinates at a time in four independent sums (no serial dependency), then the check.
            while (f + 8 <= dims && sum <= worst) {
                float d0 = queries[query + f] - rows[at + f];
                float d1 = queries[query + f + 1] - rows[at + f + 1];
                float d2 = queries[query + f + 2] - rows[at + f + 2];
                float d3 = queries[query + f + 3] - rows[at + f + 3];
                float d4 = queries[query + f + 4] - rows[at + f + 4];
                float d5 = queries[query + f + 5] - rows[at + f + 5];
                float d6 = queries[query + f + 6] - rows[at + f + 6];
                float d7 = queries[query + f + 7] - rows[at + f + 7];
                float s0 = d0 * d0 + d4 * d4;
                float s1 = d1 * d1 + d5 * d5;
                float s2 = d2 * d2 + d6 * d6;
                float s3 = d3 * d3 + d7 * d7;
                sum += (s0 + s1) + (s2 + s3);
                f += 8;
            }
            for (; f < dims && sum <= worst; f++) {
                float d = queries[query + f] - rows[at + f];
                sum += d * d;
            }
            if (f == dims && sum <= worst) {
                Neighbours.insert(index, distance2, out, k, sum, referenceRow);
                worst = distance2[out + k - 1];
            }
        }
    }

    /** y = x * axes for one row (axes column-major by axis: axis a is axes[a * dims .. a * dims + dims)). */
    private static void rotate(float[] x, int offset, double[] axes, int dims, float[] out, int outOffset) {
        for (int a = 0; a < dims; a++) {
            double sum = 0;
            int base = a * dims;
            for (int f = 0; f < dims; f++) {
                sum += x[offset + f] * axes[base + f];
            }
            out[outOffset + a] = (float) sum;
        }
    }

    /** The reference rows' principal axes, by decreasing variance (cyclic Jacobi on the covariance). */
    static double[] principalAxes(float[] x, int[] rows, int dims) {
        double[] mean = new double[dims];
        for (int r : rows) {
            for (int f = 0; f < dims; f++) {
                mean[f] += x[r * dims + f];
            }
        }
        for (int f = 0; f < dims; f++) {
            mean[f] /= rows.length;
        }
        double[] a = new double[dims * dims];
        double[] c = new double[dims];
        for (int r : rows) {
            for (int f = 0; f < dims; f++) {
                c[f] = x[r * dims + f] - mean[f];
            }
            for (int i = 0; i < dims; i++) {
                double ci = c[i];
                if (ci == 0) {
                    continue;
                }
                int base = i * dims;
                for (int j = i; j < dims; j++) {
                    a[base + j] += ci * c[j];
                }
            }
        }
        for (int i = 0; i < dims; i++) {
            for (int j = i; j < dims; j++) {
                a[j * dims + i] = a[i * dims + j];
            }
        }
        double[] v = new double[dims * dims];
        for (int i = 0; i < dims; i++) {
            v[i * dims + i] = 1;
        }
        for (int sweep = 0; sweep < 60; sweep++) {
            double off = 0;
            double diagonal = 0;
            for (int i = 0; i < dims; i++) {
                diagonal += a[i * dims + i] * a[i * dims + i];
                for (int j = i + 1; j < dims; j++) {
                    off += a[i * dims + j] * a[i * dims + j];
                }
            }
            if (off <= 1e-22 * Math.max(diagonal, 1e-300)) {
                break;
            }
            for (int p = 0; p < dims; p++) {
                for (int q = p + 1; q < dims; q++) {
                    double apq = a[p * dims + q];
                    if (Math.abs(apq) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q * dims + q] - a[p * dims + p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double cos = 1 / Math.sqrt(t * t + 1);
                    double sin = t * cos;
                    for (int i = 0; i < dims; i++) {
                        double aip = a[i * dims + p];
                        double aiq = a[i * dims + q];
                        a[i * dims + p] = cos * aip - sin * aiq;
                        a[i * dims + q] = sin * aip + cos * aiq;
                    }
                    for (int i = 0; i < dims; i++) {
                        double api = a[p * dims + i];
                        double aqi = a[q * dims + i];
                        a[p * dims + i] = cos * api - sin * aqi;
                        a[q * dims + i] = sin * api + cos * aqi;
                    }
                    for (int i = 0; i < dims; i++) {
                        double vip = v[i * dims + p];
                        double viq = v[i * dims + q];
                        v[i * dims + p] = cos * vip - sin * viq;
                        v[i * dims + q] = sin * vip + cos * viq;
                    }
                }
            }
        }
        Integer[] order = new Integer[dims];
        for (int i = 0; i < dims; i++) {
            order[i] = i;
        }
        double[] eigen = new double[dims];
        for (int i = 0; i < dims; i++) {
            eigen[i] = a[i * dims + i];
        }
        Arrays.sort(order, (p, q) -> eigen[p] != eigen[q] ? Double.compare(eigen[q], eigen[p])
                : Integer.compare(p, q));
        double[] axes = new double[dims * dims];
        for (int axis = 0; axis < dims; axis++) {
            int column = order[axis];
            for (int f = 0; f < dims; f++) {
                axes[axis * dims + f] = v[f * dims + column];
            }
        }
        return axes;
    }
}
