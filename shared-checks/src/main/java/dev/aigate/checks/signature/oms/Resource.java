package dev.aigate.checks.signature.oms;

import java.util.Comparator;
import java.util.HexFormat;

/**
 * One entry of the predicate's {@code resources}: a file (or, for the shards method, {@code path:start:end}) and its
 * digest.
 *
 * @param name the path relative to the model folder, '/' separated (shards: with {@code :start:end})
 * @param algorithm the digest algorithm name as written in the bundle
 * @param digest the lower-case hex digest
 */
public record Resource(String name, String algorithm, String digest) {
    /** The spec's order: by name, in Unicode code point order (not Java's UTF-16 order). */
    public static final Comparator<Resource> SPEC_ORDER = (a, b) -> compareCodePoints(a.name(), b.name());

    public byte[] digestBytes() {
        return HexFormat.of().parseHex(digest);
    }

    /** The file this resource is (or is a shard of). */
    public String path(boolean sharded) {
        return sharded ? ShardName.parse(name).path() : name;
    }

    static int compareCodePoints(String a, String b) {
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

    /** A shard's name {@code path:start:end}; the path may itself hold colons, so the last two parts are the range. */
    public record ShardName(String path, long start, long end) {
        public static ShardName parse(String name) {
            int second = name.lastIndexOf(':');
            int first = second <= 0 ? -1 : name.lastIndexOf(':', second - 1);
            if (first <= 0) {
                throw new IllegalArgumentException("shard name '" + name + "' is not path:start:end");
            }
            long start = parseOffset(name.substring(first + 1, second), name);
            long end = parseOffset(name.substring(second + 1), name);
            if (end <= start) {
                throw new IllegalArgumentException("shard '" + name + "' ends before it starts");
            }
            return new ShardName(name.substring(0, first), start, end);
        }

        private static long parseOffset(String text, String name) {
            if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("shard '" + name + "' has a bad offset '" + text + "'");
            }
            return Long.parseLong(text);
        }

        @Override
        public String toString() {
            return path + ":" + start + ":" + end;
        }
    }
}
