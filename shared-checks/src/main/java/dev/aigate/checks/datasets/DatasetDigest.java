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
        List<DatasetLock.FileRecord> sorted = new ArrayList<>(files);
        sorted.sort((a, b) -> comparePaths(a.path(), b.path()));
        MessageDigest digest = Digests.sha256();
        for (DatasetLock.FileRecord file : sorted) {
            String line = file.sha256() + " " + file.size() + " " + file.path() + "\n";
            digest.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
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
