package dev.aigate.checks.poisoning;

/**
 * Decompresses raw Snappy blocks (the format Parquet's SNAPPY codec uses), bounded by the size the page header
 * declares: every literal and back-reference is checked against the input and the output, so a malformed block is
 * an error, never an out-of-bounds access or an oversized allocation.
 */
final class Snappy {
    private Snappy() {
    }

    static byte[] decompress(byte[] in, int offset, int length, int expected) throws ThriftCompact.MalformedException {
        int end = offset + length;
        int p = offset;
        long declared = 0;
        for (int shift = 0; ; shift += 7) {
            if (p >= end || shift > 28) {
                throw new ThriftCompact.MalformedException("malformed Snappy length");
            }
            int b = in[p++] & 0xff;
            declared |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (declared != expected) {
            throw new ThriftCompact.MalformedException("Snappy block holds " + declared + " bytes but the page"
                    + " header says " + expected);
        }
        byte[] out = new byte[expected];
        int o = 0;
        while (p < end) {
            int tag = in[p++] & 0xff;
            int kind = tag & 3;
            if (kind == 0) {
                int len = tag >>> 2;
                if (len >= 60) {
                    int bytes = len - 59;
                    if (p + bytes > end) {
                        throw new ThriftCompact.MalformedException("truncated Snappy literal");
                    }
                    len = 0;
                    for (int i = 0; i < bytes; i++) {
                        len |= (in[p++] & 0xff) << (8 * i);
                    }
                }
                long count = (len & 0xffffffffL) + 1;
                if (count > end - p || count > out.length - o) {
                    throw new ThriftCompact.MalformedException("Snappy literal runs past the block");
                }
                System.arraycopy(in, p, out, o, (int) count);
                p += (int) count;
                o += (int) count;
            } else {
                int len;
                int distance;
                if (kind == 1) {
                    if (p >= end) {
                        throw new ThriftCompact.MalformedException("truncated Snappy copy");
                    }
                    len = ((tag >>> 2) & 7) + 4;
                    distance = ((tag >>> 5) << 8) | (in[p++] & 0xff);
                } else {
                    int bytes = kind == 2 ? 2 : 4;
                    if (p + bytes > end) {
                        throw new ThriftCompact.MalformedException("truncated Snappy copy");
                    }
                    len = (tag >>> 2) + 1;
                    distance = 0;
                    for (int i = 0; i < bytes; i++) {
                        distance |= (in[p++] & 0xff) << (8 * i);
                    }
                }
                if (distance <= 0 || distance > o || len > out.length - o) {
                    throw new ThriftCompact.MalformedException("Snappy copy outside the output");
                }
                for (int i = 0; i < len; i++) {
                    out[o] = out[o - distance];
                    o++;
                }
            }
        }
        if (o != expected) {
            throw new ThriftCompact.MalformedException("Snappy block decompresses to " + o + " bytes, not "
                    + expected);
        }
        return out;
    }
}
