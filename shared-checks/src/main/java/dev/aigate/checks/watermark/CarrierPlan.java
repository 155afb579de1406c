package dev.aigate.checks.watermark;

import dev.aigate.core.GateException;
import dev.aigate.formats.TensorRef;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Which weights carry the watermark, with their chip (+1/-1) and payload bit: chosen by a keystream (ChaCha20 keyed
 * by HMAC-SHA256 of the watermark key) uniformly without replacement over the concatenated eligible tensors, sorted by
 * name. Without the key the carriers cannot be found. Carriers are held in draw order; {@link #readOrder()} gives
 * the order by position, for reading files sequentially.
 */
public final class CarrierPlan {
    static final String SCHEME = "aigate-ss";
    static final int VERSION = 1;

    private final List<TensorRef> tensors;
    private final long eligibleElements;
    private final int bits;
    private final int[] tensor;
    private final long[] element;
    private final byte[] chip;
    private final short[] bit;

    private CarrierPlan(List<TensorRef> tensors, long eligibleElements, int bits, int[] tensor, long[] element,
            byte[] chip, short[] bit) {
        this.tensors = tensors;
        this.eligibleElements = eligibleElements;
        this.bits = bits;
        this.tensor = tensor;
        this.element = element;
        this.chip = chip;
        this.bit = bit;
    }

    /**
     * Plans the carriers over {@code eligible} (already filtered and sorted, see
     * {@link WatermarkParams#eligible(List)}).
     */
    public static CarrierPlan create(WatermarkKey key, WatermarkParams params, List<TensorRef> eligible, int bits) {
        long total = 0;
        long[] starts = new long[eligible.size() + 1];
        for (int i = 0; i < eligible.size(); i++) {
            starts[i] = total;
            total += eligible.get(i).elements();
        }
        starts[eligible.size()] = total;
        int n = (int) Math.min(params.carriers(), (long) Math.floor(total * params.maxCarrierFraction()));
        int minimum = Math.max(WatermarkParams.MIN_CARRIERS / 2, 8 * bits);
        if (n < minimum) {
            throw new GateException("the model has only " + total + " eligible weights in " + eligible.size()
                    + " tensor(s) of at least " + params.minElements() + " elements; a " + bits
                    + "-bit watermark needs at least " + minimum + " carriers (lower 'minElements', raise"
                    + " 'maxCarrierFraction' or use a shorter payload)");
        }
        // Set 0 is the scheme's original stream; the fidelity guard's later sets are independent draws.
        KeyStream stream = new KeyStream(key, params.carrierSet() == 0 ? "carriers"
                : "carriers:" + params.carrierSet());
        if (total >= (1L << 46)) {
            throw new GateException("the model has too many eligible weights (" + total + ")");
        }
        LongSet chosen = new LongSet(n);
        long[] packed = new long[n];
        int count = 0;
        for (long j = total - n; j < total; j++) {
            long r = stream.uniform(j + 1);
            long position = chosen.add(r) ? r : j;
            if (position == j && !chosen.contains(j)) {
                chosen.add(j);
            }
            packed[count] = position;
            count++;
        }
        // Carriers stay in draw order (carrier c carries payload bit c mod B); readers sort by position themselves.
        int[] tensor = new int[n];
        long[] element = new long[n];
        byte[] chip = new byte[n];
        short[] bit = new short[n];
        for (int c = 0; c < n; c++) {
            long position = packed[c];
            int t = java.util.Arrays.binarySearch(starts, position);
            t = t >= 0 ? t : -t - 2;
            while (t + 1 < starts.length && starts[t + 1] <= position) {
                t++; // skip empty tensors sharing a start
            }
            tensor[c] = t;
            element[c] = position - starts[t];
            bit[c] = (short) (c % bits);
            chip[c] = (byte) (stream.nextBit() == 1 ? 1 : -1);
        }
        return new CarrierPlan(List.copyOf(eligible), total, bits, tensor, element, chip, bit);
    }

    public int size() {
        return tensor.length;
    }

    /** Carrier indexes sorted by (tensor, element), i.e. by position in the eligible index space. */
    public int[] readOrder() {
        long[] keys = new long[size()];
        long[] starts = new long[tensors.size()];
        for (int t = 1; t < tensors.size(); t++) {
            starts[t] = starts[t - 1] + tensors.get(t - 1).elements();
        }
        for (int c = 0; c < keys.length; c++) {
            keys[c] = ((starts[tensor[c]] + element[c]) << 24) | c;
        }
        java.util.Arrays.sort(keys);
        int[] order = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            order[i] = (int) (keys[i] & 0xffffff);
        }
        return order;
    }

    public int bits() {
        return bits;
    }

    public List<TensorRef> tensors() {
        return tensors;
    }

    public long eligibleElements() {
        return eligibleElements;
    }

    public TensorRef tensorOf(int carrier) {
        return tensors.get(tensor[carrier]);
    }

    int tensorIndex(int carrier) {
        return tensor[carrier];
    }

    public long elementOf(int carrier) {
        return element[carrier];
    }

    int chip(int carrier) {
        return chip[carrier];
    }

    int bit(int carrier) {
        return bit[carrier];
    }

    /** A ChaCha20 keystream keyed by HMAC-SHA256(watermark key, purpose). */
    static final class KeyStream {
        private final Cipher cipher;
        private final byte[] zeros = new byte[8192];
        private final byte[] keystream = new byte[8192];
        private final ByteBuffer block = ByteBuffer.wrap(keystream).order(ByteOrder.LITTLE_ENDIAN);
        private long bitBuffer;
        private int bitsLeft;

        KeyStream(WatermarkKey key, String purpose) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key.material(), "HmacSHA256"));
                byte[] derived = mac.doFinal((SCHEME + "-v" + VERSION + ":" + purpose)
                        .getBytes(StandardCharsets.UTF_8));
                cipher = Cipher.getInstance("ChaCha20");
                cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(derived, "ChaCha20"),
                        new ChaCha20ParameterSpec(new byte[12], 0));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK lacks HmacSHA256 or ChaCha20", e);
            }
            block.limit(0);
        }

        long nextLong() {
            if (block.remaining() < 8) {
                try {
                    cipher.update(zeros, 0, zeros.length, keystream, 0);
                } catch (javax.crypto.ShortBufferException e) {
                    throw new IllegalStateException(e);
                }
                block.clear();
            }
            return block.getLong();
        }

        /** Uniform in [0, bound) without modulo bias. */
        long uniform(long bound) {
            long limit = Long.MAX_VALUE - (Long.MAX_VALUE % bound);
            long r;
            do {
                r = nextLong() >>> 1;
            } while (r >= limit);
            return r % bound;
        }

        int nextBit() {
            if (bitsLeft == 0) {
                bitBuffer = nextLong();
                bitsLeft = 64;
            }
            int b = (int) (bitBuffer & 1);
            bitBuffer >>>= 1;
            bitsLeft--;
            return b;
        }
    }

    /** An open-addressing set of non-negative longs (no boxing), sized for {@code expected} entries. */
    static final class LongSet {
        private final long[] slots;
        private final int mask;

        LongSet(int expected) {
            int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
            slots = new long[capacity];
            Arrays.fill(slots, -1L);
            mask = capacity - 1;
        }

        private int slot(long value) {
            long h = value * 0x9E3779B97F4A7C15L;
            int i = (int) (h ^ (h >>> 32)) & mask;
            while (slots[i] != -1L && slots[i] != value) {
                i = (i + 1) & mask;
            }
            return i;
        }

        boolean add(long value) {
            int i = slot(value);
            if (slots[i] == value) {
                return false;
            }
            slots[i] = value;
            return true;
        }

        boolean contains(long value) {
            return slots[slot(value)] == value;
        }
    }
}
