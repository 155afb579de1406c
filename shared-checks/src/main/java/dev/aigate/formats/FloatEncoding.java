package dev.aigate.formats;

/**
 * The floating-point element encodings whose values aigate reads and rewrites (little-endian). Java 17 has no half
 * precision conversions, so they are implemented here, rounding to nearest even like IEEE 754.
 */
public enum FloatEncoding {
    F32(4), F16(2), BF16(2);

    private final int width;

    FloatEncoding(int width) {
        this.width = width;
    }

    /** Bytes per element. */
    public int width() {
        return width;
    }

    /** The value of the little-endian element whose bits are in the low {@link #width()} bytes of {@code bits}. */
    public float decode(int bits) {
        switch (this) {
            case F32:
                return Float.intBitsToFloat(bits);
            case F16:
                return halfToFloat(bits & 0xffff);
            default:
                return Float.intBitsToFloat((bits & 0xffff) << 16);
        }
    }

    /** The bits of {@code value} in this encoding, rounded to nearest even. */
    public int encode(float value) {
        switch (this) {
            case F32:
                return Float.floatToRawIntBits(value);
            case F16:
                return floatToHalf(value);
            default:
                return floatToBfloat16(value);
        }
    }

    /** {@code value} rounded to this encoding and back. */
    public float round(float value) {
        return decode(encode(value));
    }

    public static float halfToFloat(int h) {
        int sign = (h >>> 15) & 1;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        float value;
        if (exp == 0) {
            value = mant * 0x1p-24f;
        } else if (exp == 31) {
            value = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            value = Float.intBitsToFloat(((exp - 15 + 127) << 23) | (mant << 13));
        }
        return sign == 1 ? -value : value;
    }

    public static int floatToHalf(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            return sign | 0x7c00 | (mant != 0 ? 0x200 : 0);
        }
        int e = exp - 127 + 15;
        if (e >= 31) {
            return sign | 0x7c00;
        }
        if (e <= 0) {
            if (e < -10) {
                return sign;
            }
            mant |= 0x800000;
            int shift = 14 - e;
            int half = mant >>> shift;
            int rem = mant & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rem > mid || (rem == mid && (half & 1) == 1)) {
                half++;
            }
            return sign | half;
        }
        int half = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) == 1)) {
            half++; // may carry into the exponent, up to infinity, which is the correct rounding
        }
        return sign | half;
    }

    public static int floatToBfloat16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7f800000) == 0x7f800000 && (bits & 0x7fffff) != 0) {
            return ((bits >>> 16) | 0x40) & 0xffff;
        }
        return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
    }
}
