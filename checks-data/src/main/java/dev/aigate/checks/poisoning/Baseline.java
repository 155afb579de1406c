package dev.aigate.checks.poisoning;

import java.util.List;
import java.util.Map;

/**
 * The statistics recorded when a table was approved; the signals judge a table against them. Written by the
 * {@code baseline} action, covered by the dataset lock (see docs/poisoning.md).
 *
 * @param files the approved table's files with their sizes and SHA-256 digests
 * @param classes label to approved row count, in first-seen order
 * @param rangeExcess each approved row's leave-one-out excess beyond the other rows' range (in spans), where above
 *     zero, sorted descending: the baseline's own out-of-range rate for any margin
 * @param duplicateRows approved rows whose features another approved row repeats
 * @param conflictingRows approved rows whose features another approved row repeats with a different label
 * @param fingerprints the approved rows: truncated SHA-256 of the features, sorted; {@code fingerprintLabels} the
 *     label index (into {@code classes}) beside each
 */
record Baseline(
        String tool,
        List<FileDigest> files,
        String label,
        List<String> featureNames,
        List<String> categorical,
        int rows,
        Map<String, Long> classes,
        List<FeatureStats> features,
        NeighbourStats neighbours,
        double[] rangeExcess,
        long duplicateRows,
        long conflictingRows,
        long[] fingerprints,
        int[] fingerprintLabels) {

    static final String FORMAT = "aigate-poisoning-baseline";
    static final int FORMAT_VERSION = 1;
    static final int QUANTILES = 101;

    /** A file of the approved table. */
    record FileDigest(String path, long size, String sha256) {
    }

    /**
     * One feature's statistics. Numeric: mean and scale standardise it, min and max bound it, {@code quantiles} are
     * the 0th to 100th percentiles, {@code rareLow}/{@code rareHigh} count per label the approved rows below the 1st
     * or above the 99th percentile. Categorical: approved count per category and, for rare categories, per label.
     */
    record FeatureStats(
            String name,
            boolean categorical,
            double mean,
            double scale,
            double min,
            double max,
            double[] quantiles,
            long missing,
            Map<String, Long> rareLow,
            Map<String, Long> rareHigh,
            Map<String, Long> categories,
            Map<String, Map<String, Long>> rareCategories) {

        double lowTail() {
            return quantiles[1];
        }

        double highTail() {
            return quantiles[QUANTILES - 2];
        }
    }

    /**
     * The approved rows' own neighbourhoods, each row left out of its own: how many of its k nearest rows share its
     * label ({@code agreement[j]} rows had j agreeing), the percentiles of the mean distance to the k nearest, the
     * distances above the 99th percentile (descending), and the median distance to the single nearest row.
     *
     * @param queries how many approved rows were measured (all of them, or an evenly spaced sample of large tables)
     * @param hardRows for each measured row that shares its label with at most half of its neighbours: how many do,
     *     how many share the most common other label, and the linear discriminant's probability of its label (-1
     *     without a discriminant); from these the baseline's own rate follows for any threshold
     */
    record NeighbourStats(int k, int queries, long[] agreement, double[] distanceQuantiles, double[] distanceTail,
            double nearestMedian, double[][] hardRows) {
    }
}
