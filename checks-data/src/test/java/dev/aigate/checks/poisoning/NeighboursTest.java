package dev.aigate.checks.poisoning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pruned neighbour search finds what computing every distance finds, on any thread count. */
class NeighboursTest {
    @Test
    void prunedSearchIsExact(@TempDir Path work) {
        Table table = Evaluation.read(Evaluation.gunzip(Evaluation.ROOT.resolve("digits/flip-5pct.csv.gz"), work));
        Baseline baseline = BaselineBuilder.compute(table, 10, 1, "t", List.of(), List.of());
        Encoding encoding = new Encoding(baseline.features());
        float[] z = encoding.encode(table);
        int dims = encoding.dims();
        int n = table.rows();
        int[] reference = new int[n / 2];
        Arrays.setAll(reference, i -> i);
        int queries = n - reference.length;
        float[] q = Arrays.copyOfRange(z, reference.length * dims, n * dims);
        Neighbours.Result brute = Neighbours.bruteForce(z, reference, q, queries, null, dims, 10, 1);
        Neighbours.Result pruned = PrunedSearch.search(z, reference, q, queries, null, dims, 10, 1);
        int differing = 0;
        for (int i = 0; i < queries; i++) {
            for (int j = 0; j < 10; j++) {
                assertEquals(brute.distance(i, j), pruned.distance(i, j), 1e-3 * (1 + brute.distance(i, j)));
            }
            int[] a = Arrays.copyOfRange(brute.index(), i * 10, i * 10 + 10);
            int[] b = Arrays.copyOfRange(pruned.index(), i * 10, i * 10 + 10);
            Arrays.sort(a);
            Arrays.sort(b);
            differing += Arrays.equals(a, b) ? 0 : 1;
        }
        // Rotation changes float rounding, so an exact tie may resolve to another row of the same distance.
        assertTrue(differing <= queries / 100, differing + " of " + queries + " queries differ");
        Neighbours.Result threaded = PrunedSearch.search(z, reference, q, queries, null, dims, 10, 3);
        assertArrayEquals(pruned.index(), threaded.index());
        assertArrayEquals(pruned.distance2(), threaded.distance2());
    }
}
