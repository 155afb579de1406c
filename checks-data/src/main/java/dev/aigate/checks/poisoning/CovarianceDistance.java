package dev.aigate.checks.poisoning;

/**
 * The squared Mahalanobis distance from the approved rows' mean, under their covariance (shrunk towards a multiple of
 * the identity like the linear discriminant's). It measures distance along the data's own principal axes: in
 * correlated data a point that breaks the correlations is far although each of its values, and its Euclidean
 * distance to the nearest rows, look ordinary (how rows drawn uniformly in the approved bounding box look). Only for
 * up to {@value Discriminant#MAX_DIMS} encoded features; O(rows x features^2).
 */
final class CovarianceDistance {
    private final int dims;
    private final double[] mean;
    private final double[] inverseFactor;

    private CovarianceDistance(int dims, double[] mean, double[] inverseFactor) {
        this.dims = dims;
        this.mean = mean;
        this.inverseFactor = inverseFactor;
    }

    /** Fits on {@code rows} of {@code z}; null when there are too many features or too few rows. */
    static CovarianceDistance fit(float[] z, int dims, int[] rows) {
        if (dims > Discriminant.MAX_DIMS || rows.length < 2) {
            return null;
        }
        double[] mean = new double[dims];
        for (int r : rows) {
            for (int f = 0; f < dims; f++) {
                mean[f] += z[r * dims + f];
            }
        }
        for (int f = 0; f < dims; f++) {
            mean[f] /= rows.length;
        }
        double[] cov = new double[dims * dims];
        double[] centred = new double[dims];
        for (int r : rows) {
            for (int f = 0; f < dims; f++) {
                centred[f] = z[r * dims + f] - mean[f];
            }
            Discriminant.addOuter(cov, centred, dims);
        }
        double[] factor = Discriminant.cholesky(Discriminant.shrunk(cov, dims, rows.length), dims);
        return factor == null ? null : new CovarianceDistance(dims, mean, Discriminant.invertLower(factor, dims));
    }

    /**
     * The squared distance a fitted row would have from the fit of the other {@code rows - 1} rows, from its squared
     * distance {@code squared} under the fit of all {@code rows}: its distance out of sample, as a new row's is. The
     * one-class case of {@link Discriminant#leftOutSquared} (the row's offset from the left-out mean is n / (n - 1)
     * times its offset from the full mean). Infinite when the row alone spans a direction of the data.
     */
    static double leftOutSquared(double squared, long rows, double shrinkage) {
        if (rows < 3) {
            return Double.POSITIVE_INFINITY;
        }
        double stretch = rows / (rows - 1.0);
        return Discriminant.leftOutSquared(squared * stretch * stretch, squared * stretch, squared, rows, rows,
                shrinkage);
    }

    /** Scratch space for {@link #squared}, one per thread of use (a distance allocates nothing). */
    double[] scratch() {
        return new double[2 * dims];
    }

    /** The squared distance of the row at {@code offset} of {@code z}. */
    double squared(float[] z, int offset, double[] scratch) {
        for (int f = 0; f < dims; f++) {
            scratch[f] = z[offset + f] - mean[f];
        }
        Discriminant.multiply(inverseFactor, dims, scratch, 0, scratch, dims);
        double sum = 0;
        for (int f = dims; f < 2 * dims; f++) {
            sum += scratch[f] * scratch[f];
        }
        return sum;
    }

}
