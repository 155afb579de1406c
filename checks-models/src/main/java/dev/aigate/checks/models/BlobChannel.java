package dev.aigate.checks.models;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/** A read-only channel over a blob, for readers that need one (7z). */
final class BlobChannel implements SeekableByteChannel {
    private final Blob blob;
    private long position;
    private boolean open = true;

    BlobChannel(Blob blob) {
        this.blob = blob;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (position >= blob.size()) {
            return -1;
        }
        int want = (int) Math.min(dst.remaining(), blob.size() - position);
        byte[] bytes = new byte[Math.min(want, 1 << 16)];
        int n = blob.read(position, bytes, 0, bytes.length);
        if (n > 0) {
            dst.put(bytes, 0, n);
            position += n;
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return blob.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
