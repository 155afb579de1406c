package dev.aigate.checks.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a NumPy {@code .npy} file: the dtype (an object dtype means a pickle follows, which {@code np.load}
 * unpickles with {@code allow_pickle=True}), and the shape, so that a truncated array is an error.
 *
 * @param dataOffset where the data (or the pickle) starts
 * @param dataBytes the bytes the data needs, or -1 for an object or structured array
 */
record NpyHeader(NumpyDtype dtype, long dataOffset, long dataBytes) {
    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*(['\"])([^'\"]*)\\1");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    static NpyHeader read(InputStream in, ScanLimits limits) throws IOException {
        byte[] start = in.readNBytes(8);
        if (start.length < 8) {
            throw new MalformedModelException("NumPy file truncated inside its magic string");
        }
        int major = start[6] & 0xff;
        long length;
        int prefix;
        if (major == 1) {
            byte[] l = in.readNBytes(2);
            if (l.length < 2) {
                throw new MalformedModelException("NumPy file truncated inside its header length");
            }
            length = (l[0] & 0xff) | (l[1] & 0xff) << 8;
            prefix = 10;
        } else if (major == 2 || major == 3) {
            byte[] l = in.readNBytes(4);
            if (l.length < 4) {
                throw new MalformedModelException("NumPy file truncated inside its header length");
            }
            length = ZipArchive.u32(l, 0);
            prefix = 12;
        } else {
            throw new MalformedModelException("NumPy file format version " + major + " is not known");
        }
        if (length > limits.maxHeaderBytes()) {
            throw new MalformedModelException("NumPy header of " + length + " bytes is too large");
        }
        byte[] raw = in.readNBytes((int) length);
        if (raw.length < length) {
            throw new MalformedModelException("NumPy file truncated inside its header");
        }
        String header = new String(raw, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String trimmed = header.strip();
        if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
            throw new MalformedModelException("NumPy header is not a dict literal");
        }
        Matcher descr = DESCR.matcher(header);
        NumpyDtype dtype;
        if (descr.find()) {
            dtype = NumpyDtype.parse(descr.group(2));
            if (dtype == null) {
                throw new MalformedModelException("NumPy header has an unknown dtype '" + descr.group(2) + "'");
            }
        } else if (header.matches("(?s).*['\"]descr['\"]\\s*:\\s*\\[.*")) {
            // A structured dtype: a list of fields; any object field means the data is a pickle.
            boolean object = header.matches("(?s).*['\"][<>|=]?O\\d*['\"].*");
            dtype = new NumpyDtype(object, -1);
        } else {
            throw new MalformedModelException("NumPy header has no 'descr'");
        }
        long bytes = -1;
        Matcher shape = SHAPE.matcher(header);
        if (!shape.find()) {
            throw new MalformedModelException("NumPy header has no 'shape'");
        }
        if (!dtype.hasObject() && dtype.itemSize() >= 0) {
            long count = 1;
            for (String dim : shape.group(1).split(",")) {
                String d = dim.strip().replace("L", "");
                if (d.isEmpty()) {
                    continue;
                }
                if (!d.matches("\\d{1,18}")) {
                    throw new MalformedModelException("NumPy header has a bad shape (" + shape.group(1) + ")");
                }
                try {
                    count = Math.multiplyExact(count, Long.parseLong(d));
                } catch (ArithmeticException e) {
                    throw new MalformedModelException("NumPy header shape overflows");
                }
            }
            try {
                bytes = Math.multiplyExact(count, dtype.itemSize());
            } catch (ArithmeticException e) {
                throw new MalformedModelException("NumPy header shape overflows");
            }
        }
        return new NpyHeader(dtype, prefix + length, bytes);
    }
}
