package dev.aigate.checks.poisoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsTest {
    /** Every way of choosing which of n0 + m exchangeable ranks are the new rows' (all equally likely). */
    private static double enumerated(int k, int m, int n0) {
        int total = n0 + m;
        long ways = 0;
        long hits = 0;
        for (int mask = 0; mask < (1 << total); mask++) {
            if (Integer.bitCount(mask) != m) {
                continue;
            }
            ways++;
            // Ranks from the most extreme down: count new rows until the first approved one.
            int beyond = 0;
            for (int rank = total - 1; rank >= 0 && (mask >> rank & 1) == 1; rank--) {
                beyond++;
            }
            hits += beyond >= k ? 1 : 0;
        }
        return hits / (double) ways;
    }

    @Test
    void theChanceThatNewRowsLieBeyondEveryApprovedRowIsExact() {
        for (int n0 = 1; n0 <= 8; n0++) {
            for (int m = 1; m <= 7; m++) {
                for (int k = 0; k <= m + 1; k++) {
                    assertEquals(enumerated(k, m, n0), Stats.beyondEveryApproved(k, m, n0), 1e-12,
                            "k=" + k + " m=" + m + " n0=" + n0);
                }
            }
        }
    }

    @Test
    void aSharedBarIsFarWeakerEvidenceThanABinomialRateClaims() {
        // wine/injected-ood of the evaluation: 4 of 65 new rows beyond all 89 approved rows.
        double exact = Stats.beyondEveryApproved(4, 65, 89);
        assertEquals(0.0300, exact, 5e-4);
        assertTrue(Stats.rateTest(4, 65, 0, 89) < exact / 40, "the half-count binomial understates it");
        assertEquals(1.0 / 90, Stats.beyondEveryApproved(1, 1, 89), 1e-15);
    }
}
