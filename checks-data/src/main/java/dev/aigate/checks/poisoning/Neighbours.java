package dev.aigate.checks.poisoning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

/**
 * Exact k-nearest-neighbour search (squared Euclidean distance, float32) by brute force, blocked for the cache:
 * the reference rows are laid out feature-major in blocks, so the inner loop over a block vectorises, and each block
 * is reused by a tile of queries while it is in cache. Queries are split between threads; every query's result is
 * computed the same way on any thread (distances summed in feature order, ties broken by the lower reference index),
 * so results do not depend on the thread count.
 */
final class Neighbours {
    static final int BLOCK = 128;
    /** Tables with this many encoded features or more (up to the maximum) use the pruned search. */
    static final int MIN_PRUNED_DIMS = 16;
    static final int MAX_PRUNED_DIMS = 256;
    static final int QUERIES_PER_TASK = 256;

    private Neighbours() {
    }

    /**
     * The neighbours found: for query {@code q}, {@code index[q * k + j]} and {@code distance2[q * k + j]} in order
     * of distance; {@code -1} where the reference has fewer than {@code k} rows.
     */
    record Result(int k, int[] index, float[] distance2) {
        int neighbour(int query, int j) {
            return index[query * k + j];
        }

        double distance(int query, int j) {
            return Math.sqrt(distance2[query * k + j]);
        }
    }

    /**
     * @param reference rows (row-major, {@code dims} per row)
     * @param referenceRows which rows of {@code reference} to search
     * @param queries query rows (row-major)
     * @param querySelf for each query, the row of {@code reference} that is the query itself (left out), or -1
     */
    static Result search(float[] reference, int[] referenceRows, float[] queries, int queryCount, int[] querySelf,
            int dims, int k, int threads) {
        if (dims >= MIN_PRUNED_DIMS && dims <= MAX_PRUNED_DIMS && referenceRows.length > 0) {
            return PrunedSearch.search(reference, referenceRows, queries, queryCount, querySelf, dims, k, threads);
        }
        return bruteForce(reference, referenceRows, queries, queryCount, querySelf, dims, k, threads);
    }

    /** Every distance computed: for narrow tables, and as the tests' reference for the pruned search. */
    static Result bruteForce(float[] reference, int[] referenceRows, float[] queries, int queryCount, int[] querySelf,
            int dims, int k, int threads) {
        int m = referenceRows.length;
        int blocks = (m + BLOCK - 1) / BLOCK;
        float[] layout = new float[blocks * BLOCK * dims];
        Arrays.fill(layout, Float.NaN);
        for (int r = 0; r < m; r++) {
            int block = r / BLOCK;
            int within = r % BLOCK;
            int source = referenceRows[r] * dims;
            int base = block * BLOCK * dims;
            for (int f = 0; f < dims; f++) {
                layout[base + f * BLOCK + within] = reference[source + f];
            }
        }
        int[] index = new int[queryCount * k];
        float[] distance2 = new float[queryCount * k];
        Arrays.fill(index, -1);
        Arrays.fill(distance2, Float.POSITIVE_INFINITY);
        int tasks = (queryCount + QUERIES_PER_TASK - 1) / QUERIES_PER_TASK;
        if (threads <= 1 || tasks <= 1) {
            for (int t = 0; t < tasks; t++) {
                searchRange(layout, referenceRows, m, queries, querySelf, dims, k, t * QUERIES_PER_TASK,
                        Math.min(queryCount, (t + 1) * QUERIES_PER_TASK), index, distance2);
            }
            return new Result(k, index, distance2);
        }
        List<Callable<Object>> calls = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            int from = t * QUERIES_PER_TASK;
            int to = Math.min(queryCount, from + QUERIES_PER_TASK);
            calls.add(Executors.callable(() -> searchRange(layout, referenceRows, m, queries, querySelf, dims, k,
                    from, to, index, distance2)));
        }
        ParallelTasks.run(calls, threads, "aigate-neighbours", "searching nearest neighbours",
                "nearest-neighbour search failed");
        return new Result(k, index, distance2);
    }

    private static void searchRange(float[] layout, int[] referenceRows, int m, float[] queries, int[] querySelf,
            int dims, int k, int from, int to, int[] index, float[] distance2) {
        // Four queries at a time share every load of a reference block.
        float[] acc0 = new float[BLOCK];
        float[] acc1 = new float[BLOCK];
        float[] acc2 = new float[BLOCK];
        float[] acc3 = new float[BLOCK];
        int blocks = (m + BLOCK - 1) / BLOCK;
        for (int block = 0; block < blocks; block++) {
            int base = block * BLOCK * dims;
            int rows = Math.min(BLOCK, m - block * BLOCK);
            int q = from;
            for (; q + 4 <= to; q += 4) {
                Arrays.fill(acc0, 0f);
                Arrays.fill(acc1, 0f);
                Arrays.fill(acc2, 0f);
                Arrays.fill(acc3, 0f);
                int q0 = q * dims;
                for (int f = 0; f < dims; f++) {
                    float v0 = queries[q0 + f];
                    float v1 = queries[q0 + dims + f];
                    float v2 = queries[q0 + 2 * dims + f];
                    float v3 = queries[q0 + 3 * dims + f];
                    int at = base + f * BLOCK;
                    for (int j = 0; j < BLOCK; j++) {
                        float r = layout[at + j];
                        float d0 = v0 - r;
                        float d1 = v1 - r;
                        float d2 = v2 - r;
                        float d3 = v3 - r;
                        acc0[j] += d0 * d0;
                        acc1[j] += d1 * d1;
                        acc2[j] += d2 * d2;
                        acc3[j] += d3 * d3;
                    }
                }
                collect(acc0, rows, block, referenceRows, querySelf, k, q, index, distance2);
                collect(acc1, rows, block, referenceRows, querySelf, k, q + 1, index, distance2);
                collect(acc2, rows, block, referenceRows, querySelf, k, q + 2, index, distance2);
                collect(acc3, rows, block, referenceRows, querySelf, k, q + 3, index, distance2);
            }
            for (; q < to; q++) {
                Arrays.fill(acc0, 0f);
                int qBase = q * dims;
                for (int f = 0; f < dims; f++) {
                    float value = queries[qBase + f];
                    int at = base + f * BLOCK;
                    for (int j = 0; j < BLOCK; j++) {
                        float diff = value - layout[at + j];
                        acc0[j] += diff * diff;
                    }
                }
                collect(acc0, rows, block, referenceRows, querySelf, k, q, index, distance2);
            }
        }
    }

    /** Merges one block's distances into query {@code q}'s k best (ties keep the lower reference index). */
    private static void collect(float[] acc, int rows, int block, int[] referenceRows, int[] querySelf, int k, int q,
            int[] index, float[] distance2) {
        int out = q * k;
        float worst = distance2[out + k - 1];
        int self = querySelf == null ? -1 : querySelf[q];
        for (int j = 0; j < rows; j++) {
            float d = acc[j];
            if (d <= worst) {
                int r = referenceRows[block * BLOCK + j];
                if (r != self) {
                    insert(index, distance2, out, k, d, r);
                    worst = distance2[out + k - 1];
                }
            }
        }
    }

    /**
     * Puts reference row {@code r} at distance {@code d} into the sorted k best of the query at {@code out}, ordered by
     * (distance, row): the result is the same in whatever order the rows are visited.
     */
    static void insert(int[] index, float[] distance2, int out, int k, float d, int r) {
        int last = out + k - 1;
        if (d > distance2[last] || (d == distance2[last] && index[last] >= 0 && r > index[last])) {
            return;
        }
        int slot = k - 1;
        while (slot > 0 && (distance2[out + slot - 1] > d
                || (distance2[out + slot - 1] == d && index[out + slot - 1] > r))) {
            distance2[out + slot] = distance2[out + slot - 1];
            index[out + slot] = index[out + slot - 1];
            slot--;
        }
        distance2[out + slot] = d;
        index[out + slot] = r;
    }
}
