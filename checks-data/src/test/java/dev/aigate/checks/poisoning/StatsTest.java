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
        double p0 = 0.5 / 90; // the half-count rate the rate test used before it was exact
        assertTrue(Stats.binomialUpper(4, 65, p0) < exact / 40, "the half-count binomial understates it");
        // The rate test is exact: with no approved events it is the chance that all events are new rows.
        assertEquals(exact, Stats.rateTest(4, 65, 0, 89), 1e-12);
        assertEquals(1.0 / 90, Stats.beyondEveryApproved(1, 1, 89), 1e-15);
    }

    @Test
    void theRateTestIsFishersExactTestAgainstEnumeration() {
        // Every way of choosing which n of the n + n0 rows are new, counted by brute force for small tables.
        for (int n = 1; n <= 7; n++) {
            for (int n0 = 1; n0 <= 7; n0++) {
                for (int events = 0; events <= n + n0; events++) {
                    int total = n + n0;
                    long[] byCount = new long[n + 1];
                    long all = 0;
                    for (int subset = 0; subset < 1 << total; subset++) {
                        if (Integer.bitCount(subset) != n) {
                            continue;
                        }
                        all++;
                        byCount[Integer.bitCount(subset & ((1 << events) - 1))]++; // events are the first rows
                    }
                    for (int x = 0; x <= Math.min(n, events); x++) {
                        long atLeast = 0;
                        for (int j = x; j <= n; j++) {
                            atLeast += byCount[j];
                        }
                        int x0 = events - x;
                        if (x0 > n0) {
                            continue;
                        }
                        assertEquals(atLeast / (double) all, Stats.rateTest(x, n, x0, n0), 1e-9,
                                x + " of " + n + " against " + x0 + " of " + n0);
                    }
                }
            }
        }
    }

    @Test
    void theFTailMatchesScipy() {
        // scipy.stats.f.sf(f, d1, d2), scipy 1.10
        assertEquals(0.03183920063601123, Stats.fUpper(2.5, 13, 20), 1e-12);
        assertEquals(0.7360371889109241, Stats.fUpper(0.5, 4, 20), 1e-12);
        assertEquals(1.3140997990377206e-28, Stats.fUpper(40, 13, 76), 1e-36);
        assertEquals(3.0970539387054143e-09, Stats.fUpper(9, 64, 30), 1e-17);
        assertEquals(1, Stats.fUpper(0, 3, 7));
    }

    @Test
    void theChiSquareQuantileInvertsItsTail() {
        // scipy.stats.chi2.ppf(0.05, df)
        assertEquals(10.85081139418259, Stats.chiSquareQuantileUpper(0.95, 20), 1e-9);
        assertEquals(26.50930319669311, Stats.chiSquareQuantileUpper(0.95, 40), 1e-9);
        assertEquals(41.491954475668955, Stats.chiSquareQuantileUpper(0.95, 58), 1e-9);
    }
}
