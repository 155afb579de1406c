package dev.aigate.checks.watermark;

/**
 * What detection found with one key and payload.
 *
 * @param score the normalised correlation z of the carriers with the keyed pattern and the expected payload; about
 *     N(0,1) for an unwatermarked model or a wrong key, about strength*sqrt(carriers) for a watermarked one
 * @param pValue the one-sided normal tail probability of {@code score}
 * @param falsePositiveBound exp(-score^2/2): a distribution-free (Hoeffding) upper bound on the probability that a
 *     model not watermarked with this key reaches this score
 * @param bitErrors payload bits decoded differently from the expected payload
 * @param bits payload length in bits
 * @param decodedPayload the payload decoded blindly from the carriers (hex)
 * @param carriers carrier weights read
 * @param eligibleElements weights in the eligible tensors
 * @param tensors eligible tensors
 */
public record Detection(double score, double pValue, double falsePositiveBound, int bitErrors, int bits,
        String decodedPayload, int carriers, long eligibleElements, int tensors) {

    public double bitErrorRate() {
        return bits == 0 ? 1.0 : (double) bitErrors / bits;
    }

    /** True when the false-positive bound is at most {@code maxFalsePositive}. */
    public boolean detected(double maxFalsePositive) {
        return falsePositiveBound <= maxFalsePositive;
    }

    /** The score needed for a false-positive bound of {@code maxFalsePositive}. */
    public static double requiredScore(double maxFalsePositive) {
        return Math.sqrt(-2 * Math.log(maxFalsePositive));
    }
}
