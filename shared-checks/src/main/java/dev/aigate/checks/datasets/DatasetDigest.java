package dev.aigate.checks.datasets;

import dev.aigate.core.io.Digests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * The digest of a whole dataset, independent of the order files are listed or hashed in: SHA-256 over the UTF-8
 * lines {@code "<sha256-hex> <size> <path>\n"}, one per file, sorted by path in Unicode code point order. Written as
 * {@code sha256:<hex>}. Documented in docs/datasets.md; anyone can recompute it with standard tools.
 */
public final class DatasetDigest {
    private DatasetDigest() {
    }

    public static String of(Collection<DatasetLock.FileRecord> files) {
        Collection<DatasetLock.FileRecord> sorted = files;
        if (!sorted(files)) {
            List<DatasetLock.FileRecord> copy = new ArrayList<>(files);
            copy.sort((a, b) -> comparePaths(a.path(), b.path()));
            sorted = copy;
        }
        MessageDigest digest = Digests.sha256();
        // Whole lines are gathered and digested a few kilobytes at a time: the same bytes as line by line.
        StringBuilder lines = new StringBuilder(16_384);
        for (DatasetLock.FileRecord file : sorted) {
            lines.append(file.sha256()).append(' ').append(file.size()).append(' ').append(file.path()).append('\n');
            if (lines.length() >= 8_192) {
                digest.update(lines.toString().getBytes(StandardCharsets.UTF_8));
                lines.setLength(0);
            }
        }
        digest.update(lines.toString().getBytes(StandardCharsets.UTF_8));
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    /** Whether the files are already in path order (locks and listings are), so need no sorted copy. */
    private static boolean sorted(Collection<DatasetLock.FileRecord> files) {
        String previous = null;
        for (DatasetLock.FileRecord file : files) {
            if (previous != null && comparePaths(previous, file.path()) > 0) {
                return false;
            }
            previous = file.path();
        }
        return true;
    }

    /** Whether {@code text} is 64 lowercase hex digits, as a SHA-256 is written (what {@code [0-9a-f]{64}} matches). */
    static boolean isSha256Hex(String text) {
        if (text.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Orders paths by Unicode code point, which is also the order of their UTF-8 bytes. */
    public static int comparePaths(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
