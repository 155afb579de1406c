package dev.aigate.checks.poisoning;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded decoder of the Thrift compact protocol, as Parquet uses it for its footer and page headers. A struct is
 * decoded generically into field id to value ({@link Long} for integers, {@link Boolean}, {@link Double},
 * {@code byte[]}, {@link List}, a nested {@code Map<Integer, Object>} for structs); the caller picks the fields it
 * knows. Depth, collection sizes, binary lengths and the total number of values are bounded, and running past the
 * end of the input is an error rather than an exception from an array access.
 */
final class ThriftCompact {
    static final int MAX_DEPTH = 16;
    static final int MAX_BINARY = 1 << 20;

    /** A malformed Thrift message; the caller names the file. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    private final byte[] data;
    private int position;
    private final int end;
    private long budget;

    ThriftCompact(byte[] data, int offset, int end, long maxValues) {
        this.data = data;
        this.position = offset;
        this.end = end;
        this.budget = maxValues;
    }

    int position() {
        return position;
    }

    Map<Integer, Object> readStruct() throws MalformedException {
        return readStruct(0);
    }

    private Map<Integer, Object> readStruct(int depth) throws MalformedException {
        if (depth > MAX_DEPTH) {
            throw new MalformedException("Thrift structures nested deeper than " + MAX_DEPTH);
        }
        Map<Integer, Object> fields = new HashMap<>();
        int lastId = 0;
        while (true) {
            int header = readByte();
            if (header == 0) {
                return fields;
            }
            int type = header & 0x0f;
            int delta = (header >>> 4) & 0x0f;
            int id = delta == 0 ? (int) zigzag(readVarint()) : lastId + delta;
            lastId = id;
            Object value;
            if (type == 1 || type == 2) {
                value = type == 1;
            } else {
                value = readValue(type, depth);
            }
            spend();
            fields.put(id, value);
        }
    }

    private Object readValue(int type, int depth) throws MalformedException {
        switch (type) {
            case 1:
            case 2:
                // Booleans inside collections take a byte each.
                return readByte() == 1;
            case 3:
                return (long) (byte) readByte();
            case 4:
            case 5:
            case 6:
                return zigzag(readVarint());
            case 7:
                requireBytes(8);
                long bits = 0;
                for (int i = 0; i < 8; i++) {
                    bits |= (long) (data[position + i] & 0xff) << (8 * i);
                }
                position += 8;
                return Double.longBitsToDouble(bits);
            case 8: {
                long length = readVarint();
                if (length < 0 || length > MAX_BINARY) {
                    throw new MalformedException("Thrift binary of " + length + " bytes (at most " + MAX_BINARY
                            + ")");
                }
                requireBytes((int) length);
                byte[] bytes = java.util.Arrays.copyOfRange(data, position, position + (int) length);
                position += (int) length;
                return bytes;
            }
            case 9:
            case 10: {
                int header = readByte();
                long size = (header >>> 4) & 0x0f;
                if (size == 15) {
                    size = readVarint();
                }
                int elementType = header & 0x0f;
                checkSize(size);
                List<Object> list = new ArrayList<>((int) Math.min(size, 1024));
                for (long i = 0; i < size; i++) {
                    list.add(readValue(elementType, depth + 1));
                    spend();
                }
                return list;
            }
            case 11: {
                long size = readVarint();
                checkSize(size);
                Map<Object, Object> map = new HashMap<>();
                if (size > 0) {
                    int types = readByte();
                    for (long i = 0; i < size; i++) {
                        Object key = readValue((types >>> 4) & 0x0f, depth + 1);
                        Object value = readValue(types & 0x0f, depth + 1);
                        map.put(key instanceof byte[] bytes ? new String(bytes,
                                java.nio.charset.StandardCharsets.UTF_8) : key, value);
                        spend();
                    }
                }
                return map;
            }
            case 12:
                return readStruct(depth + 1);
            default:
                throw new MalformedException("unknown Thrift compact type " + type);
        }
    }

    private void checkSize(long size) throws MalformedException {
        if (size < 0 || size > budget || size > end - position) {
            throw new MalformedException("Thrift collection of " + size + " elements does not fit the "
                    + (end - position) + " bytes left");
        }
    }

    private void spend() throws MalformedException {
        if (--budget < 0) {
            throw new MalformedException("Thrift message has too many values");
        }
    }

    private int readByte() throws MalformedException {
        if (position >= end) {
            throw new MalformedException("Thrift message ends early");
        }
        return data[position++] & 0xff;
    }

    private void requireBytes(int count) throws MalformedException {
        if (count < 0 || count > end - position) {
            throw new MalformedException("Thrift message ends early");
        }
    }

    long readVarint() throws MalformedException {
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = readByte();
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MalformedException("Thrift varint longer than 10 bytes");
    }

    private static long zigzag(long n) {
        return (n >>> 1) ^ -(n & 1);
    }
}
