package dev.aigate.checks.robustness;

/**
 * An evaluation set in memory: {@code n} samples of {@code features} float32 values each (row-major), with labels that
 * are class indices, and where each sample came from (its row in the source) for error messages.
 */
public record EvalSet(float[] x, int[] y, int n, int features, int[] sourceRows, String description) {
    float[] sample(int i) {
        float[] out = new float[features];
        System.arraycopy(x, i * features, out, 0, features);
        return out;
    }
}
