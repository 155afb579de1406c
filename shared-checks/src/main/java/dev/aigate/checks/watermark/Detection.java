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
 * @param trials carrier sets tried (1 when the file records its set); {@code pValue} and {@code falsePositiveBound}
 *     are multiplied by it (union bound), so trying several sets does not raise the false-positive rate
 */
public record Detection(double score, double pValue, double falsePositiveBound, int bitErrors, int bits,
        String decodedPayload, int carriers, long eligibleElements, int tensors, int trials) {

    /** One carrier set tried. */
    public Detection(double score, double pValue, double falsePositiveBound, int bitErrors, int bits,
            String decodedPayload, int carriers, long eligibleElements, int tensors) {
        this(score, pValue, falsePositiveBound, bitErrors, bits, decodedPayload, carriers, eligibleElements, tensors,
                1);
    }

    /** The best of {@code trials} carrier sets: p-value and bound multiplied by their number. */
    Detection bestOf(int trials) {
        return new Detection(score, Math.min(1, pValue * trials), Math.min(1, falsePositiveBound * trials), bitErrors,
                bits, decodedPayload, carriers, eligibleElements, tensors, trials);
    }

    /** The score this detection needs for {@code maxFalsePositive}, counting the carrier sets tried. */
    public double requiredScoreFor(double maxFalsePositive) {
        return requiredScore(maxFalsePositive / trials);
    }

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
