package dev.aigate.checks.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * A zip archive read the way PyTorch's loader reads it: from the central directory (the local header only locates the
 * data), with the names of the central directory, CRCs and the encryption flag not checked, and data before the archive
 * tolerated. Python's zipfile refuses some of these files, which made scanners that use it report an error and pass,
 * while PyTorch loads them; here they are read. Every size and offset is checked against the archive, and the member
 * count and declared sizes are bounded.
 */
final class ZipArchive {
    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;

    /** One member as the central directory declares it. */
    record Entry(String name, int method, int flags, long compressedSize, long size, long dataStart) {
        boolean directory() {
            return name.endsWith("/") && size == 0;
        }
    }

    private final Blob blob;
    private final List<Entry> entries;
    private final ScanLimits limits;

    private ZipArchive(Blob blob, List<Entry> entries, ScanLimits limits) {
        this.blob = blob;
        this.entries = entries;
        this.limits = limits;
    }

    List<Entry> entries() {
        return entries;
    }

    /** Whether the blob ends with an end-of-central-directory record (a zip, possibly with data before it). */
    static boolean hasDirectory(Blob blob) throws IOException {
        return findEnd(blob) >= 0;
    }

    static ZipArchive read(Blob blob, ScanLimits limits) throws IOException {
        long end = findEnd(blob);
        if (end < 0) {
            throw new MalformedModelException("not a readable zip archive: no end of central directory record");
        }
        byte[] eocd = blob.readFully(end, 22);
        long count = u16(eocd, 10);
        long cdSize = u32(eocd, 12);
        long cdOffset = u32(eocd, 16);
        long cdEnd = end;
        boolean locator = end >= 20 && i32(blob.readFully(end - 20, 20), 0) == ZIP64_LOCATOR;
        if (locator || count == 0xffff || cdSize == 0xffffffffL || cdOffset == 0xffffffffL) {
            if (!locator) {
                throw new MalformedModelException("zip64 sizes without a zip64 end of central directory locator");
            }
            // The record sits just before the locator (PyTorch writes zip64 records for every archive); the offset
            // the locator records is off by any data before the archive.
            long record = end - 20 - 56;
            if (record < 0 || i32(blob.readFully(record, 56), 0) != ZIP64_EOCD) {
                long recorded = i64(blob.readFully(end - 20, 20), 8);
                if (recorded < 0 || recorded > end - 20 - 56 || i32(blob.readFully(recorded, 56), 0) != ZIP64_EOCD) {
                    throw new MalformedModelException("zip64 end of central directory record not found");
                }
                record = recorded;
            }
            byte[] z = blob.readFully(record, 56);
            count = i64(z, 32);
            cdSize = i64(z, 40);
            cdOffset = i64(z, 48);
            cdEnd = record;
        }
        if (count > limits.maxMembers()) {
            throw new MalformedModelException("zip archive has " + count + " members, more than the "
                    + limits.maxMembers() + " scanned");
        }
        if (cdSize < 0 || cdSize > cdEnd) {
            throw new MalformedModelException("zip central directory size " + cdSize + " exceeds the archive");
        }
        long start = cdEnd - cdSize;
        long shift = start - cdOffset;
        if (cdOffset < 0 || shift < 0) {
            throw new MalformedModelException("zip central directory offset " + cdOffset + " lies outside the archive");
        }
        if (cdSize > Integer.MAX_VALUE) {
            throw new MalformedModelException("zip central directory of " + cdSize + " bytes is too large");
        }
        byte[] cd = blob.readFully(start, (int) cdSize);
        List<Entry> entries = new ArrayList<>();
        int p = 0;
        for (long i = 0; i < count; i++) {
            if (p + 46 > cd.length || i32(cd, p) != CENTRAL) {
                throw new MalformedModelException("zip central directory entry " + i + " is truncated or corrupt");
            }
            int flags = (int) u16(cd, p + 8);
            int method = (int) u16(cd, p + 10);
            long compressed = u32(cd, p + 20);
            long size = u32(cd, p + 24);
            int nameLength = (int) u16(cd, p + 28);
            int extraLength = (int) u16(cd, p + 30);
            int commentLength = (int) u16(cd, p + 32);
            long local = u32(cd, p + 42);
            if (p + 46L + nameLength + extraLength + commentLength > cd.length) {
                throw new MalformedModelException("zip central directory entry " + i + " runs past the directory");
            }
            String name = name(cd, p + 46, nameLength, (flags & 0x800) != 0);
            int extra = p + 46 + nameLength;
            int extraEnd = extra + extraLength;
            while (extra + 4 <= extraEnd) {
                int id = (int) u16(cd, extra);
                int length = (int) u16(cd, extra + 2);
                if (extra + 4 + length > extraEnd) {
                    break;
                }
                if (id == 0x0001) {
                    int q = extra + 4;
                    if (size == 0xffffffffL && q + 8 <= extra + 4 + length) {
                        size = i64(cd, q);
                        q += 8;
                    }
                    if (compressed == 0xffffffffL && q + 8 <= extra + 4 + length) {
                        compressed = i64(cd, q);
                        q += 8;
                    }
                    if (local == 0xffffffffL && q + 8 <= extra + 4 + length) {
                        local = i64(cd, q);
                    }
                }
                extra += 4 + length;
            }
            p += 46 + nameLength + extraLength + commentLength;
            entries.add(locate(blob, name, method, flags, compressed, size, local + shift, limits));
        }
        return new ZipArchive(blob, entries, limits);
    }

    private static Entry locate(Blob blob, String name, int method, int flags, long compressed, long size,
            long local, ScanLimits limits) throws IOException {
        if (local < 0 || local + 30 > blob.size()) {
            throw new MalformedModelException("zip member '" + name + "': local header offset " + local
                    + " lies outside the archive");
        }
        byte[] header = blob.readFully(local, 30);
        if (i32(header, 0) != LOCAL) {
            throw new MalformedModelException("zip member '" + name + "': no local file header at offset " + local);
        }
        long dataStart = local + 30 + u16(header, 26) + u16(header, 28);
        if (compressed < 0 || size < 0 || dataStart > blob.size() || compressed > blob.size() - dataStart) {
            throw new MalformedModelException("zip member '" + name + "': its declared size of " + compressed
                    + " bytes runs past the end of the archive");
        }
        if (size > limits.maxMemberBytes()) {
            throw new MalformedModelException("zip member '" + name + "' declares " + size + " bytes, more than the "
                    + limits.maxMemberBytes() + " scanned");
        }
        if (method == 0 && compressed != size) {
            throw new MalformedModelException("zip member '" + name + "' is stored but declares " + compressed
                    + " stored and " + size + " uncompressed bytes");
        }
        if (method != 0 && size > (1 << 20) && size / Math.max(1, compressed) > limits.maxRatio()) {
            throw new MalformedModelException("zip member '" + name + "' expands " + size / Math.max(1, compressed)
                    + " times (" + compressed + " to " + size + " bytes), more than the " + limits.maxRatio()
                    + " allowed (compression bomb)");
        }
        return new Entry(name, method, flags, compressed, size, dataStart);
    }

    /** The member's bytes without decompressing, when stored; null when compressed. */
    Blob stored(Entry entry) {
        return entry.method() == 0 ? blob.slice(entry.dataStart(), entry.size()) : null;
    }

    /** The member's uncompressed bytes, checked against its declared size when read to the end. */
    InputStream open(Entry entry, SizedStream.Budget budget) throws IOException {
        InputStream raw = blob.open(entry.dataStart(), entry.compressedSize());
        InputStream data = switch (entry.method()) {
            case 0 -> raw;
            case 8 -> new InflaterInputStream(raw, new Inflater(true), 1 << 16);
            case 12 -> new BZip2CompressorInputStream(raw);
            default -> throw new MalformedModelException("zip member '" + entry.name() + "' uses compression method "
                    + entry.method() + ", which cannot be scanned");
        };
        return new SizedStream(data, entry.size(), limits.maxMemberBytes(), "zip member '" + entry.name() + "'",
                entry.method() == 0 ? null : budget);
    }

    private static long findEnd(Blob blob) throws IOException {
        long size = blob.size();
        if (size < 22) {
            return -1;
        }
        int window = (int) Math.min(size, 22 + 65535);
        byte[] tail = blob.readFully(size - window, window);
        for (int i = window - 22; i >= 0; i--) {
            if (tail[i] == 'P' && tail[i + 1] == 'K' && i32(tail, i) == EOCD) {
                long commentLength = u16(tail, i + 20);
                if (i + 22 + commentLength <= window) {
                    return size - window + i;
                }
            }
        }
        return -1;
    }

    private static String name(byte[] bytes, int offset, int length, boolean utf8) {
        if (utf8) {
            return Utf8.decode(bytes, offset, offset + length).orElse(new String(bytes, offset, length,
                    StandardCharsets.ISO_8859_1));
        }
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    static long u16(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8;
    }

    static long u32(byte[] b, int p) {
        return i32(b, p) & 0xffffffffL;
    }

    static int i32(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
    }

    static long i64(byte[] b, int p) {
        return u32(b, p) | u32(b, p + 4) << 32;
    }
}
