package dev.aigate.checks.watermark;

import java.util.HexFormat;

/** The payload the watermark encodes, e.g. a 64-bit owner id, written as 2 to 32 hexadecimal characters. */
public record Payload(byte[] bytes) {
    public static final int MAX_BYTES = 16;

    public Payload {
        if (bytes.length < 1 || bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("a payload has 1 to 16 bytes");
        }
        bytes = bytes.clone();
    }

    public static Payload parse(String hex) {
        String text = hex == null ? "" : hex.trim();
        if (text.startsWith("0x") || text.startsWith("0X")) {
            text = text.substring(2);
        }
        if (text.length() < 2 || text.length() > 32 || text.length() % 2 != 0
                || !text.matches("[0-9a-fA-F]+")) {
            throw new IllegalArgumentException("'payload' must be 2 to 32 hexadecimal characters (an even number),"
                    + " e.g. 00c0ffee00000001 for a 64-bit owner id");
        }
        return new Payload(HexFormat.of().parseHex(text));
    }

    public int bits() {
        return bytes.length * 8;
    }

    /** Bit {@code k}, most significant bit of byte 0 first, as +1 or -1. */
    public int sign(int k) {
        return ((bytes[k >>> 3] >>> (7 - (k & 7))) & 1) == 1 ? 1 : -1;
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    static String hexOfSigns(int[] signs) {
        byte[] out = new byte[signs.length / 8];
        for (int k = 0; k < signs.length; k++) {
            if (signs[k] > 0) {
                out[k >>> 3] |= (byte) (1 << (7 - (k & 7)));
            }
        }
        return HexFormat.of().formatHex(out);
    }
}
