package dev.aigate.formats;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small in-place replacements of element bytes (little-endian), grouped by file and sorted by offset. */
public final class Patches {
    private final Map<Path, Builder> byFile = new LinkedHashMap<>();

    /** Replaces {@code width} bytes at {@code offset} of {@code file} with the low bytes of {@code bits}. */
    public void add(Path file, long offset, int width, int bits) {
        byFile.computeIfAbsent(file.toAbsolutePath().normalize(), f -> new Builder()).add(offset, width, bits);
    }

    public int size() {
        return byFile.values().stream().mapToInt(b -> b.size).sum();
    }

    /** The patches of one file, sorted by offset; empty when it has none. */
    public ForFile forFile(Path file) {
        Builder builder = byFile.get(file.toAbsolutePath().normalize());
        return builder == null ? new ForFile(new long[0], new int[0], new byte[0]) : builder.build();
    }

    public List<Path> files() {
        return new ArrayList<>(byFile.keySet());
    }

    /** Sorted patches for one file. */
    public record ForFile(long[] offsets, int[] bits, byte[] widths) {
        public int size() {
            return offsets.length;
        }
    }

    private static final class Builder {
        private long[] offsets = new long[16];
        private int[] bits = new int[16];
        private byte[] widths = new byte[16];
        private int size;

        void add(long offset, int width, int value) {
            if (size == offsets.length) {
                offsets = Arrays.copyOf(offsets, size * 2);
                bits = Arrays.copyOf(bits, size * 2);
                widths = Arrays.copyOf(widths, size * 2);
            }
            offsets[size] = offset;
            bits[size] = value;
            widths[size] = (byte) width;
            size++;
        }

        ForFile build() {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Long.compare(offsets[a], offsets[b]));
            long[] o = new long[size];
            int[] v = new int[size];
            byte[] w = new byte[size];
            for (int i = 0; i < size; i++) {
                o[i] = offsets[order[i]];
                v[i] = bits[order[i]];
                w[i] = widths[order[i]];
            }
            for (int i = 1; i < size; i++) {
                if (o[i] < o[i - 1] + w[i - 1]) {
                    throw new IllegalStateException("overlapping patches at offset " + o[i]);
                }
            }
            return new ForFile(o, v, w);
        }
    }
}
