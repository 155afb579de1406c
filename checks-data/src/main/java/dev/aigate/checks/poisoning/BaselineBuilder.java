package dev.aigate.checks.poisoning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Computes a table's baseline statistics (see {@link Baseline}). */
final class BaselineBuilder {
    /** Neighbourhoods of large tables are measured on an evenly spaced sample of this many rows. */
    static final int MAX_NEIGHBOUR_QUERIES = 20_000;
    /** A category seen in at most this share of approved rows is rare (a possible trigger). */
    static final double RARE_CATEGORY_SHARE = 0.01;

    private BaselineBuilder() {
    }

    static Baseline compute(Table table, int k, int threads, String tool, List<Baseline.FileDigest> files,
            List<String> categorical) {
        int n = table.rows();
        Map<String, Long> classes = new LinkedHashMap<>();
        for (String label : table.classes()) {
            classes.put(label, 0L);
        }
        for (int r = 0; r < n; r++) {
            classes.merge(table.classes().get(table.labels()[r]), 1L, Long::sum);
        }
        List<Baseline.FeatureStats> features = new ArrayList<>();
        for (int f = 0; f < table.features(); f++) {
            features.add(table.categorical(f) ? categoricalStats(table, f) : numericStats(table, f));
        }
        Encoding encoding = new Encoding(features);
        float[] z = encoding.encode(table);
        Baseline.NeighbourStats neighbours = neighbourStats(table, z, encoding.dims(), k, threads);
        double[] rangeExcess = rangeExcess(table, features);

        long[] hashes = Encoding.featureHashes(table);
        Map<Long, int[]> byHash = new HashMap<>();
        long duplicateRows = 0;
        for (int r = 0; r < n; r++) {
            byHash.computeIfAbsent(hashes[r], h -> new int[] {0, -1, 0})[0]++;
        }
        long conflictingRows = 0;
        for (int r = 0; r < n; r++) {
            int[] entry = byHash.get(hashes[r]);
            if (entry[1] == -1) {
                entry[1] = table.labels()[r];
            } else if (entry[1] != table.labels()[r]) {
                entry[2] = 1;
            }
        }
        for (int r = 0; r < n; r++) {
            int[] entry = byHash.get(hashes[r]);
            if (entry[0] > 1) {
                duplicateRows++;
                if (entry[2] == 1) {
                    conflictingRows++;
                }
            }
        }
        // Fingerprints: (feature hash, label index into classes), sorted, one per distinct pair.
        List<String> classOrder = new ArrayList<>(classes.keySet());
        long[][] pairs = new long[n][];
        for (int r = 0; r < n; r++) {
            pairs[r] = new long[] {hashes[r], classOrder.indexOf(table.classes().get(table.labels()[r]))};
        }
        Arrays.sort(pairs, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        long[] fingerprints = new long[n];
        int[] fingerprintLabels = new int[n];
        int distinct = 0;
        for (long[] pair : pairs) {
            if (distinct > 0 && fingerprints[distinct - 1] == pair[0] && fingerprintLabels[distinct - 1] == pair[1]) {
                continue;
            }
            fingerprints[distinct] = pair[0];
            fingerprintLabels[distinct] = (int) pair[1];
            distinct++;
        }
        return new Baseline(tool, files, table.labelName(), table.featureNames(), categorical, n, classes, features,
                neighbours, rangeExcess, duplicateRows, conflictingRows, Arrays.copyOf(fingerprints, distinct),
                Arrays.copyOf(fingerprintLabels, distinct));
    }

    private static Baseline.FeatureStats numericStats(Table table, int f) {
        int n = table.rows();
        double[] values = new double[n];
        int count = 0;
        long missing = 0;
        for (int r = 0; r < n; r++) {
            double v = table.value(r, f);
            if (Double.isNaN(v)) {
                missing++;
            } else {
                values[count++] = v;
            }
        }
        values = Arrays.copyOf(values, count);
        Arrays.sort(values);
        if (count == 0) {
            values = new double[] {0};
            count = 1;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / count;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(squares / count);
        double scale = std > 1e-12 * Math.max(1, Math.abs(mean)) ? std : 1;
        double[] quantiles = new double[Baseline.QUANTILES];
        for (int q = 0; q < Baseline.QUANTILES; q++) {
            quantiles[q] = quantile(values, q / (double) (Baseline.QUANTILES - 1));
        }
        quantiles[0] = values[0];
        quantiles[Baseline.QUANTILES - 1] = values[count - 1];
        double low = quantiles[1];
        double high = quantiles[Baseline.QUANTILES - 2];
        Map<String, Long> rareLow = new LinkedHashMap<>();
        Map<String, Long> rareHigh = new LinkedHashMap<>();
        for (int r = 0; r < n; r++) {
            double v = table.value(r, f);
            String label = table.classes().get(table.labels()[r]);
            if (v < low) {
                rareLow.merge(label, 1L, Long::sum);
            } else if (v > high) {
                rareHigh.merge(label, 1L, Long::sum);
            }
        }
        return new Baseline.FeatureStats(table.featureNames().get(f), false, mean, scale, values[0],
                values[count - 1], quantiles, missing, sorted(rareLow), sorted(rareHigh), Map.of(), Map.of());
    }

    private static Baseline.FeatureStats categoricalStats(Table table, int f) {
        Map<String, Long> counts = new LinkedHashMap<>();
        long missing = 0;
        for (int r = 0; r < table.rows(); r++) {
            String category = table.categoryOf(r, f);
            if (category.isEmpty()) {
                missing++;
            }
            counts.merge(category, 1L, Long::sum);
        }
        Map<String, Map<String, Long>> rare = new java.util.TreeMap<>();
        for (int r = 0; r < table.rows(); r++) {
            String category = table.categoryOf(r, f);
            if (counts.get(category) <= RARE_CATEGORY_SHARE * table.rows()) {
                rare.computeIfAbsent(category, c -> new java.util.TreeMap<>())
                        .merge(table.classes().get(table.labels()[r]), 1L, Long::sum);
            }
        }
        Map<String, Map<String, Long>> rareOrdered = new LinkedHashMap<>(rare);
        return new Baseline.FeatureStats(table.featureNames().get(f), true, 0, 1, 0, 0, new double[0], missing,
                Map.of(), Map.of(), sorted(counts), rareOrdered);
    }

    private static Map<String, Long> sorted(Map<String, Long> counts) {
        return new LinkedHashMap<>(new java.util.TreeMap<>(counts));
    }

    /** Linear interpolation between order statistics (NumPy's default "linear" method). */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(sorted.length - 1, lower + 1);
        double weight = position - lower;
        return sorted[lower] + (sorted[upper] - sorted[lower]) * weight;
    }

    private static Baseline.NeighbourStats neighbourStats(Table table, float[] z, int dims, int k, int threads) {
        int n = table.rows();
        int effectiveK = Math.min(k, Math.max(1, n - 1));
        int step = Math.max(1, (n + MAX_NEIGHBOUR_QUERIES - 1) / MAX_NEIGHBOUR_QUERIES);
        int queries = (n + step - 1) / step;
        float[] q = new float[queries * dims];
        int[] self = new int[queries];
        for (int i = 0; i < queries; i++) {
            int row = i * step;
            System.arraycopy(z, row * dims, q, i * dims, dims);
            self[i] = row;
        }
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        long[] agreement = new long[k + 1];
        double[] meanDistance = new double[queries];
        double[] nearest = new double[queries];
        if (n < 2) {
            return new Baseline.NeighbourStats(k, 0, agreement, new double[Baseline.QUANTILES], new double[0], 0,
                    new double[0][]);
        }
        Neighbours.Result result = Neighbours.search(z, all, q, queries, self, dims, effectiveK, threads);
        Discriminant discriminant = Discriminant.fit(z, dims, all, table.labels(), table.classes().size());
        List<double[]> hard = new ArrayList<>();
        int[] otherCounts = new int[table.classes().size()];
        for (int i = 0; i < queries; i++) {
            int label = table.labels()[self[i]];
            int agree = 0;
            double sum = 0;
            Arrays.fill(otherCounts, 0);
            for (int j = 0; j < effectiveK; j++) {
                int neighbour = result.neighbour(i, j);
                if (table.labels()[neighbour] == label) {
                    agree++;
                } else {
                    otherCounts[table.labels()[neighbour]]++;
                }
                sum += result.distance(i, j);
            }
            int scaled = (int) Math.round(agree * (double) k / effectiveK);
            agreement[scaled]++;
            if (scaled * 2 <= k) {
                int top = Arrays.stream(otherCounts).max().orElse(0);
                // Out of sample, as a new row's probability is judged at verification.
                double posterior = discriminant == null ? -1 : discriminant.leftOutPosterior(z, self[i] * dims,
                        label);
                hard.add(new double[] {scaled, Math.round(top * (double) k / effectiveK), posterior});
            }
            meanDistance[i] = sum / effectiveK;
            nearest[i] = result.distance(i, 0);
        }
        double[] sortedDistance = meanDistance.clone();
        Arrays.sort(sortedDistance);
        double[] quantiles = new double[Baseline.QUANTILES];
        for (int i = 0; i < Baseline.QUANTILES; i++) {
            quantiles[i] = quantile(sortedDistance, i / (double) (Baseline.QUANTILES - 1));
        }
        double q99 = quantiles[Baseline.QUANTILES - 2];
        List<Double> tail = new ArrayList<>();
        for (int i = sortedDistance.length - 1; i >= 0 && sortedDistance[i] > q99; i--) {
            tail.add(sortedDistance[i]);
        }
        Arrays.sort(nearest);
        return new Baseline.NeighbourStats(k, queries, agreement, quantiles,
                tail.stream().mapToDouble(Double::doubleValue).toArray(), quantile(nearest, 0.5),
                hard.toArray(new double[0][]));
    }

    /**
     * For each approved row, how far (in spans of the other rows) it lies outside the range of all the other rows,
     * the largest over its features; a category no other row has counts as infinitely far (stored as 1e9).
     */
    private static double[] rangeExcess(Table table, List<Baseline.FeatureStats> features) {
        int n = table.rows();
        double[] excess = new double[n];
        for (int f = 0; f < table.features(); f++) {
            Baseline.FeatureStats stats = features.get(f);
            if (stats.categorical()) {
                for (int r = 0; r < n; r++) {
                    if (stats.categories().get(table.categoryOf(r, f)) == 1) {
                        excess[r] = Math.max(excess[r], 1e9);
                    }
                }
                continue;
            }
            // The two smallest and two largest values (with their rows) give every row's leave-one-out range.
            double min1 = Double.POSITIVE_INFINITY;
            double min2 = Double.POSITIVE_INFINITY;
            double max1 = Double.NEGATIVE_INFINITY;
            double max2 = Double.NEGATIVE_INFINITY;
            int minRow = -1;
            int maxRow = -1;
            for (int r = 0; r < n; r++) {
                double v = table.value(r, f);
                if (Double.isNaN(v)) {
                    continue;
                }
                if (v < min1) {
                    min2 = min1;
                    min1 = v;
                    minRow = r;
                } else if (v < min2) {
                    min2 = v;
                }
                if (v > max1) {
                    max2 = max1;
                    max1 = v;
                    maxRow = r;
                } else if (v > max2) {
                    max2 = v;
                }
            }
            if (maxRow >= 0 && max1 > max2 && Double.isFinite(max2)) {
                excess[maxRow] = Math.max(excess[maxRow], spans(max1 - max2, max2 - min1));
            }
            if (minRow >= 0 && min1 < min2 && Double.isFinite(min2)) {
                excess[minRow] = Math.max(excess[minRow], spans(min2 - min1, max1 - min2));
            }
        }
        return Arrays.stream(excess).filter(e -> e > 0).boxed().sorted((a, b) -> Double.compare(b, a))
                .mapToDouble(Double::doubleValue).toArray();
    }

    /** A distance outside a range in units of the range's span (an empty span counts distance relative to 1). */
    static double spans(double outside, double span) {
        return outside / (span > 0 ? span : 1e-9);
    }
}
