package dev.aigate.checks.models;

/** Recognises a format from its first bytes, never from a file name. */
final class Sniffer {
    private Sniffer() {
    }

    /**
     * One of zip, tar, 7z, gzip, bzip2, xz, lzma, zlib, joblib-zlib, lz4, zstd, npy, hdf5, safetensors, gguf, or
     * unknown (pickles, ONNX and text have no magic number: the scanner tries them).
     */
    static String kind(byte[] h, long size) {
        if (starts(h, 'P', 'K', 3, 4) || starts(h, 'P', 'K', 5, 6) || starts(h, 'P', 'K', 7, 8)) {
            return "zip";
        }
        if (starts(h, 0x1f, 0x8b)) {
            return "gzip";
        }
        if (starts(h, 'B', 'Z', 'h') && h.length > 3 && h[3] >= '1' && h[3] <= '9') {
            return "bzip2";
        }
        if (starts(h, 0xfd, '7', 'z', 'X', 'Z', 0)) {
            return "xz";
        }
        if (starts(h, '7', 'z', 0xbc, 0xaf, 0x27, 0x1c)) {
            return "7z";
        }
        if (starts(h, 0x28, 0xb5, 0x2f, 0xfd)) {
            return "zstd";
        }
        if (starts(h, 0x04, 0x22, 0x4d, 0x18)) {
            return "lz4";
        }
        if (starts(h, 0x5d, 0, 0)) {
            return "lzma";
        }
        if (starts(h, 'Z', 'F') && h.length >= 21) {
            return "joblib-zlib";
        }
        if (h.length >= 2 && (h[0] & 0xff) == 0x78 && ((h[0] & 0xff) * 256 + (h[1] & 0xff)) % 31 == 0) {
            return "zlib";
        }
        if (starts(h, 0x93, 'N', 'U', 'M', 'P', 'Y')) {
            return "npy";
        }
        if (starts(h, 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n')) {
            return "hdf5";
        }
        if (starts(h, 'G', 'G', 'U', 'F')) {
            return "gguf";
        }
        if (h.length >= 262 && h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r') {
            return "tar";
        }
        if (h.length >= 9 && h[8] == '{') {
            long n = 0;
            for (int i = 7; i >= 0; i--) {
                n = (n << 8) | (h[i] & 0xff);
            }
            if (n > 1 && n <= size - 8) {
                return "safetensors";
            }
        }
        return "unknown";
    }

    private static boolean starts(byte[] h, int... magic) {
        if (h.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((h[i] & 0xff) != (magic[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }
}
