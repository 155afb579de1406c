package dev.aigate.checks.models;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Random-access bytes a format reader works on: a file on disk, an archive member stored without compression (a window
 * of its archive, never copied), or a member that had to be decompressed into memory (bounded by {@link ScanLimits}).
 */
abstract class Blob {
    abstract long size();

    /** Reads up to {@code length} bytes at {@code position}; fewer only at the end. */
    abstract int read(long position, byte[] buffer, int offset, int length) throws IOException;

    /** Exactly {@code length} bytes at {@code position}, or EOFException. */
    final byte[] readFully(long position, int length) throws IOException {
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            int n = read(position + done, out, done, length - done);
            if (n <= 0) {
                throw new EOFException("unexpected end of data at offset " + (position + done));
            }
            done += n;
        }
        return out;
    }

    /** The first {@code length} bytes (fewer for a shorter blob). */
    final byte[] head(int length) throws IOException {
        return readFully(0, (int) Math.min(length, size()));
    }

    Blob slice(long offset, long length) {
        if (offset < 0 || length < 0 || offset > size() || length > size() - offset) {
            throw new IllegalArgumentException("slice [" + offset + ", " + (offset + length) + ") outside " + size());
        }
        return new Slice(this, offset, length);
    }

    /** The whole blob as a read-only buffer (mapped for a file; at most 2 GiB). */
    abstract java.nio.ByteBuffer buffer() throws IOException;

    /** A stream over {@code [position, position + length)}. */
    InputStream open(long position, long length) {
        return new BlobStream(this, position, position + length);
    }

    InputStream open() {
        return open(0, size());
    }

    static Blob of(byte[] bytes) {
        return new Bytes(bytes);
    }

    static Blob of(FileChannel channel) throws IOException {
        return new File(channel, channel.size());
    }

    private static final class File extends Blob {
        private final FileChannel channel;
        private final long size;

        File(FileChannel channel, long size) {
            this.channel = channel;
            this.size = size;
        }

        @Override
        long size() {
            return size;
        }

        @Override
        int read(long position, byte[] buffer, int offset, int length) throws IOException {
            if (position >= size) {
                return -1;
            }
            int want = (int) Math.min(length, size - position);
            return channel.read(ByteBuffer.wrap(buffer, offset, want), position);
        }

        @Override
        ByteBuffer buffer() throws IOException {
            if (size > Integer.MAX_VALUE) {
                throw new MalformedModelException("file of " + size + " bytes is larger than the 2 GiB this format"
                        + " allows");
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
    }

    private static final class Bytes extends Blob {
        private final byte[] bytes;

        Bytes(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        long size() {
            return bytes.length;
        }

        @Override
        int read(long position, byte[] buffer, int offset, int length) {
            if (position >= bytes.length) {
                return -1;
            }
            int n = (int) Math.min(length, bytes.length - position);
            System.arraycopy(bytes, (int) position, buffer, offset, n);
            return n;
        }

        @Override
        ByteBuffer buffer() {
            return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        }
    }

    private static final class Slice extends Blob {
        private final Blob parent;
        private final long offset;
        private final long length;

        Slice(Blob parent, long offset, long length) {
            this.parent = parent;
            this.offset = offset;
            this.length = length;
        }

        @Override
        long size() {
            return length;
        }

        @Override
        int read(long position, byte[] buffer, int off, int len) throws IOException {
            if (position >= length) {
                return -1;
            }
            return parent.read(offset + position, buffer, off, (int) Math.min(len, length - position));
        }

        @Override
        ByteBuffer buffer() throws IOException {
            if (length > Integer.MAX_VALUE) {
                throw new MalformedModelException("member of " + length + " bytes is larger than the 2 GiB this"
                        + " format allows");
            }
            ByteBuffer whole = parent.buffer();
            return whole.slice((int) offset, (int) length);
        }
    }

    private static final class BlobStream extends InputStream {
        private final Blob blob;
        private long position;
        private final long end;

        BlobStream(Blob blob, long position, long end) {
            this.blob = blob;
            this.position = position;
            this.end = Math.min(end, blob.size());
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (position >= end) {
                return -1;
            }
            int n = blob.read(position, buffer, offset, (int) Math.min(length, end - position));
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public long skip(long n) {
            long step = Math.max(0, Math.min(n, end - position));
            position += step;
            return step;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - position);
        }
    }
}
