package dev.aigate.checks.robustness;

import java.util.SplittableRandom;

/**
 * Deterministic random streams. Every stream is keyed by the policy seed, what it is for, the budget index and the
 * sample's index in the evaluation set, so the numbers never depend on batching or on the number of threads.
 */
public final class Rng {
    static final int NOISE_GAUSSIAN = 1;
    static final int NOISE_UNIFORM = 2;
    static final int PGD_START = 3;
    static final int SPSA = 4;
    static final int SQUARE = 5;

    private Rng() {
    }

    public static SplittableRandom stream(long seed, int purpose, int level, int sample) {
        return new SplittableRandom(mix(seed, purpose, level, sample));
    }

    /** A 64-bit hash of the key (SplitMix64 finaliser over the combined fields). */
    public static long mix(long seed, long purpose, long level, long sample) {
        long h = seed;
        h = fmix(h ^ fmix(purpose + 0x9E3779B97F4A7C15L));
        h = fmix(h ^ fmix(level + 0xC2B2AE3D27D4EB4FL));
        h = fmix(h ^ fmix(sample + 0x165667B19E3779F9L));
        return h;
    }

    private static long fmix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
