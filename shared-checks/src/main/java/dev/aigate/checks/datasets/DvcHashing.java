package dev.aigate.checks.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * DVC's content hashes, reproduced byte for byte so that aigate can check a {@code dvc.lock} or {@code .dvc} file
 * without DVC (docs/datasets.md, "DVC-tracked data"):
 *
 * <ul>
 *   <li>{@link Rule#MD5} (outputs marked {@code hash: md5}, written by DVC 3): the MD5 of the file's bytes;
 *   <li>{@link Rule#MD5_DOS2UNIX} (outputs without {@code hash}, written by DVC 2): if the file's first 512 bytes look
 *       like text, every CRLF inside each 1 MiB read is replaced by LF before hashing (a CRLF split by a read boundary
 *       is kept, as DVC 2 does); binary files are hashed as they are;
 *   <li>a directory: the MD5 of its {@code .dir} listing, a JSON list of {@code {"md5", "relpath"}} sorted by path
 *       as Python's {@code json.dumps(sort_keys=True)} writes it, plus the suffix {@code .dir}.
 * </ul>
 *
 * MD5 admits chosen collisions, which is why a DVC-only verification is reported as weaker than an aigate lock.
 */
public final class DvcHashing {
    /** How much DVC reads at a time; its CRLF normalisation works inside one read. */
    static final int CHUNK = 1 << 20;
    /** How much of a file DVC looks at to decide whether it is text. */
    static final int TEXT_SNIFF = 512;
    public static final String DIR_SUFFIX = ".dir";

    /** Which of DVC's two file hashes an output was recorded with. */
    public enum Rule {
        MD5, MD5_DOS2UNIX
    }

    private DvcHashing() {
    }

    /** The hashes of one file's bytes: DVC's MD5 by {@code rule}, and the SHA-256 of the raw bytes for the report. */
    public record FileHash(String md5, String sha256, long size) {
    }

    /** Streams {@code in} once, through a fixed 1 MiB buffer. */
    public static FileHash hash(InputStream in, Rule rule) throws IOException {
        MessageDigest md5 = digest("MD5");
        MessageDigest sha256 = digest("SHA-256");
        byte[] chunk = new byte[CHUNK];
        byte[] normalised = rule == Rule.MD5_DOS2UNIX ? new byte[CHUNK] : null;
        long size = 0;
        Boolean text = null;
        int read;
        while ((read = readFully(in, chunk)) > 0) {
            size += read;
            sha256.update(chunk, 0, read);
            if (normalised == null) {
                md5.update(chunk, 0, read);
                continue;
            }
            if (text == null) {
                text = isText(chunk, Math.min(read, TEXT_SNIFF));
            }
            if (text) {
                md5.update(normalised, 0, dos2unix(chunk, read, normalised));
            } else {
                md5.update(chunk, 0, read);
            }
        }
        return new FileHash(hex(md5.digest()), hex(sha256.digest()), size);
    }

    /** DVC's {@code istextblock}: empty is text; a NUL byte means binary; else at most 30% non-text bytes. */
    static boolean isText(byte[] block, int length) {
        if (length == 0) {
            return true;
        }
        int nonText = 0;
        for (int i = 0; i < length; i++) {
            int b = block[i] & 0xff;
            if (b == 0) {
                return false;
            }
            boolean textByte = (b >= 32 && b < 127) || b == '\n' || b == '\r' || b == '\t' || b == '\f' || b == '\b';
            if (!textByte) {
                nonText++;
            }
        }
        return nonText / (double) length <= 0.30;
    }

    /** Python's {@code bytes.replace(b"\r\n", b"\n")} over one read; returns the length written to {@code out}. */
    static int dos2unix(byte[] in, int length, byte[] out) {
        int written = 0;
        for (int i = 0; i < length; i++) {
            if (in[i] == '\r' && i + 1 < length && in[i + 1] == '\n') {
                continue;
            }
            out[written++] = in[i];
        }
        return written;
    }

    /** One entry of a directory listing: the path relative to the directory ('/' separated) and its DVC MD5. */
    public record DirEntry(String relpath, String md5) {
    }

    /** The {@code .dir} listing as DVC serialises it (entries sorted by path here). */
    public static byte[] dirListing(List<DirEntry> entries) {
        List<DirEntry> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> DatasetDigest.comparePaths(a.relpath(), b.relpath()));
        StringBuilder json = new StringBuilder(sorted.size() * 80 + 2).append('[');
        for (int i = 0; i < sorted.size(); i++) {
            if (i > 0) {
                json.append(", ");
            }
            json.append("{\"md5\": ");
            pythonJsonString(json, sorted.get(i).md5());
            json.append(", \"relpath\": ");
            pythonJsonString(json, sorted.get(i).relpath());
            json.append('}');
        }
        return json.append(']').toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The hash DVC records for a directory: the MD5 of its listing plus {@value #DIR_SUFFIX}. */
    public static String dirHash(List<DirEntry> entries) {
        return hex(digest("MD5").digest(dirListing(entries))) + DIR_SUFFIX;
    }

    public static String md5Hex(byte[] bytes) {
        return hex(digest("MD5").digest(bytes));
    }

    /** A string as Python's json module writes it with {@code ensure_ascii=True}. */
    static void pythonJsonString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        // Java strings are UTF-16 already, so characters above U+FFFF come out as surrogate pairs,
                        // exactly as Python writes them.
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static int readFully(InputStream in, byte[] buffer) throws IOException {
        int total = 0;
        while (total < buffer.length) {
            int n = in.read(buffer, total, buffer.length - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is not available in this Java runtime", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
