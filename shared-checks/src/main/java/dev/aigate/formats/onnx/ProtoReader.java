package dev.aigate.formats.onnx;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A minimal protobuf wire-format reader over a byte buffer, bounded to {@code [position, limit)}. Every length is
 * checked against the enclosing limit; malformed input raises {@link ProtoException}, never reads out of bounds.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;
    static final int FIXED32 = 5;

    private final ByteBuffer buffer;
    private long position;
    private final long limit;

    ProtoReader(ByteBuffer buffer, long position, long limit) {
        this.buffer = buffer;
        this.position = position;
        this.limit = limit;
    }

    boolean hasMore() {
        return position < limit;
    }

    long position() {
        return position;
    }

    /** Reads a tag; returns field number << 3 | wire type. */
    long readTag() {
        long tag = readVarint();
        long field = tag >>> 3;
        int wire = (int) (tag & 7);
        if (field == 0 || field > 536_870_911L) {
            throw new ProtoException("invalid field number " + field + " at offset " + position);
        }
        if (wire == 3 || wire == 4 || wire > 5) {
            throw new ProtoException("unsupported wire type " + wire + " at offset " + position);
        }
        return tag;
    }

    long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (position >= limit) {
                throw new ProtoException("truncated varint at offset " + position);
            }
            byte b = buffer.get((int) position++);
            if (shift == 63 && (b & 0x7e) != 0) {
                throw new ProtoException("varint overflows 64 bits at offset " + position);
            }
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new ProtoException("varint longer than 10 bytes at offset " + position);
    }

    /** Reads a length prefix and returns the start of the payload; the reader moves past it. */
    long readLengthDelimited() {
        long length = readVarint();
        if (length < 0 || length > limit - position) {
            throw new ProtoException("length " + Long.toUnsignedString(length) + " at offset " + position
                    + " runs past the end of its message (" + (limit - position) + " bytes left)");
        }
        long start = position;
        position += length;
        return start;
    }

    int readFixed32() {
        require(4);
        int value = buffer.getInt((int) position);
        position += 4;
        return value;
    }

    void skip(long tag) {
        switch ((int) (tag & 7)) {
            case VARINT:
                readVarint();
                break;
            case FIXED64:
                require(8);
                position += 8;
                break;
            case LEN:
                readLengthDelimited();
                break;
            case FIXED32:
                require(4);
                position += 4;
                break;
            default:
                throw new ProtoException("unsupported wire type " + (tag & 7));
        }
    }

    private void require(int bytes) {
        if (limit - position < bytes) {
            throw new ProtoException("truncated field at offset " + position);
        }
    }

    /** Decodes {@code [start, end)} as strict UTF-8. */
    String utf8(long start, long end, int maxBytes) {
        if (end - start > maxBytes) {
            throw new ProtoException("string of " + (end - start) + " bytes at offset " + start + " is longer than "
                    + maxBytes);
        }
        ByteBuffer slice = buffer.duplicate();
        slice.limit((int) end).position((int) start);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new ProtoException("string at offset " + start + " is not valid UTF-8");
        }
    }

    /** Thrown for malformed protobuf input. */
    static final class ProtoException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProtoException(String message) {
            super(message);
        }
    }
}
