package dev.aigate.checks.privacy;

import dev.aigate.checks.robustness.EvalSet;
import dev.aigate.checks.robustness.EvalSetLoader;
import dev.aigate.checks.robustness.Rng;
import dev.aigate.core.GateException;
import dev.aigate.core.InputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The examples the attacks score: a class-balanced sample of the member set and of the non-member set, members first.
 *
 * <p>Class-balanced means both samples hold the same number of rows of every class, {@code min(members of class c,
 * non-members of class c)} scaled down proportionally when the total exceeds {@code maxSamples}. Otherwise an attack
 * could tell the sets apart by class frequency alone, which says nothing about what the model memorised. A class found
 * in only one set is left out. Which rows of a class are taken is drawn with the seed, for each set on its own.
 */
record MembershipSample(float[] x, int[] y, int members, int nonMembers, int[] memberRows, int[] nonMemberRows,
        int[] perClass, List<Integer> droppedClasses) {
    static final int RNG_MEMBERS = 201;
    static final int RNG_NON_MEMBERS = 202;

    int size() {
        return members + nonMembers;
    }

    /**
     * Refuses sets that share a row: features compared bit for bit (with -0 equal to 0), labels ignored, over every
     * row of both files, not only the sampled ones.
     */
    static void requireDisjoint(EvalSetLoader.Raw members, EvalSet memberSet, EvalSetLoader.Raw nonMembers,
            EvalSet nonMemberSet) {
        int d = memberSet.features();
        Map<Long, List<Integer>> byHash = new HashMap<>();
        for (int i = 0; i < memberSet.n(); i++) {
            byHash.computeIfAbsent(hash(memberSet.x(), i, d), k -> new ArrayList<>(1)).add(i);
        }
        int overlapping = 0;
        int firstMember = -1;
        int firstNonMember = -1;
        for (int j = 0; j < nonMemberSet.n(); j++) {
            List<Integer> candidates = byHash.get(hash(nonMemberSet.x(), j, d));
            if (candidates == null) {
                continue;
            }
            for (int i : candidates) {
                if (sameRow(memberSet.x(), i, nonMemberSet.x(), j, d)) {
                    if (overlapping++ == 0) {
                        firstMember = i;
                        firstNonMember = j;
                    }
                    break;
                }
            }
        }
        if (overlapping > 0) {
            throw new InputException(nonMembers.featureFile(), where(nonMembers, firstNonMember) + " has the same"
                    + " features as member " + where(members, firstMember) + " of " + members.featureFile()
                    .getFileName() + (overlapping > 1 ? " (and " + (overlapping - 1) + " more non-member rows are"
                    + " members too)" : "") + ": a row cannot be both a training row and a held-out row; remove"
                    + " the overlap from one of the sets");
        }
    }

    static MembershipSample draw(EvalSet members, EvalSet nonMembers, int classes, int maxSamples, long seed) {
        List<List<Integer>> memberRows = byClass(members, classes);
        List<List<Integer>> nonMemberRows = byClass(nonMembers, classes);
        int[] available = new int[classes];
        long total = 0;
        List<Integer> dropped = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            available[c] = Math.min(memberRows.get(c).size(), nonMemberRows.get(c).size());
            total += available[c];
            if (available[c] == 0 && memberRows.get(c).size() + nonMemberRows.get(c).size() > 0) {
                dropped.add(c);
            }
        }
        if (total == 0) {
            throw new GateException("privacy: the members (" + members.description() + ") and the non-members ("
                    + nonMembers.description() + ") share no class; the attacks compare rows of the same classes");
        }
        int[] take = allocate(available, total, maxSamples);
        int[] m = pick(memberRows, take, Rng.mix(seed, RNG_MEMBERS, 0, 0));
        int[] h = pick(nonMemberRows, take, Rng.mix(seed, RNG_NON_MEMBERS, 0, 0));
        int d = members.features();
        float[] x = new float[(m.length + h.length) * d];
        int[] y = new int[m.length + h.length];
        for (int k = 0; k < m.length; k++) {
            System.arraycopy(members.x(), m[k] * d, x, k * d, d);
            y[k] = members.y()[m[k]];
        }
        for (int k = 0; k < h.length; k++) {
            System.arraycopy(nonMembers.x(), h[k] * d, x, (m.length + k) * d, d);
            y[m.length + k] = nonMembers.y()[h[k]];
        }
        return new MembershipSample(x, y, m.length, h.length, m, h, take, List.copyOf(dropped));
    }

    /** Per class, how many rows to take from each set: all available, or a proportional share of maxSamples. */
    static int[] allocate(int[] available, long total, int maxSamples) {
        int classes = available.length;
        if (total <= maxSamples) {
            return available.clone();
        }
        int[] take = new int[classes];
        double[] remainder = new double[classes];
        int allocated = 0;
        for (int c = 0; c < classes; c++) {
            double exact = (double) maxSamples * available[c] / total;
            take[c] = (int) Math.floor(exact);
            remainder[c] = exact - take[c];
            allocated += take[c];
        }
        while (allocated < maxSamples) {
            int best = -1;
            for (int c = 0; c < classes; c++) {
                if (take[c] < available[c] && (best < 0 || remainder[c] > remainder[best])) {
                    best = c;
                }
            }
            take[best]++;
            remainder[best] = -1;
            allocated++;
        }
        return take;
    }

    private static List<List<Integer>> byClass(EvalSet set, int classes) {
        List<List<Integer>> rows = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            rows.add(new ArrayList<>());
        }
        for (int i = 0; i < set.n(); i++) {
            rows.get(set.y()[i]).add(i);
        }
        return rows;
    }

    /** {@code take[c]} rows of each class drawn without replacement, returned in file order. */
    private static int[] pick(List<List<Integer>> rows, int[] take, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> chosen = new ArrayList<>();
        for (int c = 0; c < rows.size(); c++) {
            List<Integer> candidates = new ArrayList<>(rows.get(c));
            if (take[c] < candidates.size()) {
                for (int i = candidates.size() - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    Integer swap = candidates.get(i);
                    candidates.set(i, candidates.get(j));
                    candidates.set(j, swap);
                }
            }
            chosen.addAll(candidates.subList(0, take[c]));
        }
        return chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static long hash(float[] x, int row, int d) {
        long h = 0x9E3779B97F4A7C15L;
        for (int f = 0; f < d; f++) {
            h = Rng.mix(h, bits(x[row * d + f]), 0, 0);
        }
        return h;
    }

    private static boolean sameRow(float[] a, int i, float[] b, int j, int d) {
        for (int f = 0; f < d; f++) {
            if (bits(a[i * d + f]) != bits(b[j * d + f])) {
                return false;
            }
        }
        return true;
    }

    private static int bits(float value) {
        return Float.floatToIntBits(value == 0f ? 0f : value);
    }

    private static String where(EvalSetLoader.Raw raw, int row) {
        return raw.csv() ? "line " + (row + 2) + " (data row " + (row + 1) + ")" : "sample " + row;
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "MembershipSample[" + members + " members, " + nonMembers + " non-members, per class "
                + Arrays.toString(perClass) + "]";
    }
}
