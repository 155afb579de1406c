package dev.aigate.checks.poisoning;

import dev.aigate.core.InputException;
import dev.aigate.core.io.Digests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns table rows into the vectors the neighbour signals compare, with the baseline's statistics: a numeric
 * feature becomes its z-score (missing values sit at the mean), a categorical one a one-hot block over its most
 * frequent approved categories (each scaled so that two different categories are at distance 1; a category outside
 * the block is at distance 1/2 from every one inside it). Also fingerprints rows by their feature values.
 */
final class Encoding {
    static final int MAX_ONE_HOT = 64;
    private static final float ONE_HOT = (float) Math.sqrt(0.5);

    private final List<Baseline.FeatureStats> features;
    private final int[] offset;
    private final List<Map<String, Integer>> slots = new ArrayList<>();
    private final int dims;

    Encoding(List<Baseline.FeatureStats> features) {
        this.features = features;
        this.offset = new int[features.size()];
        int d = 0;
        for (int f = 0; f < features.size(); f++) {
            offset[f] = d;
            Baseline.FeatureStats stats = features.get(f);
            if (stats.categorical()) {
                List<Map.Entry<String, Long>> entries = new ArrayList<>(stats.categories().entrySet());
                entries.sort((a, b) -> b.getValue().equals(a.getValue()) ? a.getKey().compareTo(b.getKey())
                        : Long.compare(b.getValue(), a.getValue()));
                Map<String, Integer> slot = new HashMap<>();
                for (int i = 0; i < Math.min(MAX_ONE_HOT, entries.size()); i++) {
                    slot.put(entries.get(i).getKey(), i);
                }
                slots.add(slot);
                d += slot.size();
            } else {
                slots.add(null);
                d++;
            }
        }
        this.dims = Math.max(1, d);
    }

    int dims() {
        return dims;
    }

    /**
     * The most encoded values a table may have (1 GiB of floats): one-hot columns multiply a table's cells, so a table
     * within the readers' cell bound can still be too large to encode, and rows x dims must not wrap an int.
     */
    static final long MAX_ENCODED = 1L << 28;

    /** rows x dims, or an ERROR naming {@code file} when that is more than {@link #MAX_ENCODED}. */
    static int encodedValues(int rows, int dims, Path file) {
        long values = (long) rows * dims;
        if (values > MAX_ENCODED) {
            throw new InputException(file, rows + " rows of " + dims + " encoded features (a categorical column counts"
                    + " one per category kept) are " + values + " values, more than the " + MAX_ENCODED
                    + " the poisoning check holds");
        }
        return (int) values;
    }

    /** The encoded rows of {@code table}, row-major, {@link #dims()} per row. */
    float[] encode(Table table) {
        float[] z = new float[encodedValues(table.rows(), dims,
                table.files().isEmpty() ? Path.of(".") : table.files().get(0))];
        for (int r = 0; r < table.rows(); r++) {
            int base = r * dims;
            for (int f = 0; f < features.size(); f++) {
                Baseline.FeatureStats stats = features.get(f);
                double value = table.value(r, f);
                if (stats.categorical()) {
                    Integer slot = slots.get(f).get(table.categoryOf(r, f));
                    if (slot != null) {
                        z[base + offset[f] + slot] = ONE_HOT;
                    }
                } else if (!Double.isNaN(value)) {
                    z[base + offset[f]] = (float) ((value - stats.mean()) / stats.scale());
                }
            }
        }
        return z;
    }

    /**
     * A 64-bit fingerprint of each row's feature values (truncated SHA-256 over their exact bits; categories by
     * text), so that equal rows are found whatever their position or number formatting.
     */
    static long[] featureHashes(Table table) {
        MessageDigest sha = Digests.sha256();
        long[] out = new long[table.rows()];
        byte[] buffer = new byte[8];
        for (int r = 0; r < table.rows(); r++) {
            sha.reset();
            for (int f = 0; f < table.features(); f++) {
                if (table.categorical(f)) {
                    byte[] text = table.categoryOf(r, f).getBytes(StandardCharsets.UTF_8);
                    putLong(buffer, 0x7ff8_0000_0000_0001L ^ text.length);
                    sha.update(buffer);
                    sha.update(text);
                } else {
                    double value = table.value(r, f);
                    long bits = Double.isNaN(value) ? 0x7ff8_0000_0000_0000L
                            : Double.doubleToLongBits(value == 0 ? 0.0 : value);
                    putLong(buffer, bits);
                    sha.update(buffer);
                }
            }
            byte[] digest = sha.digest();
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (digest[i] & 0xff);
            }
            out[r] = h;
        }
        return out;
    }

    private static void putLong(byte[] buffer, long value) {
        for (int i = 0; i < 8; i++) {
            buffer[i] = (byte) (value >>> (56 - 8 * i));
        }
    }
}
