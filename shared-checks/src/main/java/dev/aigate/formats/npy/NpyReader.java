package dev.aigate.formats.npy;

import dev.aigate.core.InputException;
import dev.aigate.core.io.BoundedFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy {@code .npy} files (format versions 1, 2 and 3) of numbers, defensively: the file size, the header
 * length, the number of dimensions, every dimension and the element count are bounded before anything is allocated,
 * and the data must be exactly as long as the header says. Object arrays (which NumPy would unpickle) are refused.
 */
public final class NpyReader {
    public static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy itself writes headers of a few hundred bytes; larger ones are refused. */
    static final int MAX_HEADER_BYTES = 64 * 1024;
    static final int MAX_DIMENSIONS = 8;

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final Pattern DTYPE = Pattern.compile("([<>|=])([fiub])([1248])");

    private NpyReader() {
    }

    /** A numeric array: its shape, element type and values widened to double (exact for every supported type). */
    public record NpyArray(long[] shape, String dtype, double[] values) {
    }

    public static NpyArray read(Path file, long maxElements) {
        BoundedFiles.requireRegularFile(file, "NumPy file");
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file, "NumPy file not found");
        } catch (IOException e) {
            throw new InputException(file, "cannot read NumPy file: " + e.getMessage(), e);
        }
        long maxBytes = 16 + MAX_HEADER_BYTES + maxElements * 8;
        if (size > maxBytes) {
            throw new InputException(file, "NumPy file is " + size + " bytes, more than the " + maxBytes
                    + " bytes allowed for at most " + maxElements + " elements");
        }
        byte[] bytes;
        try {
            try (java.io.InputStream in = BoundedFiles.openRegular(file, "NumPy file")) {
                bytes = in.readAllBytes();
            }
        } catch (IOException e) {
            throw new InputException(file, "cannot read NumPy file: " + e.getMessage(), e);
        }
        return parse(file, bytes, maxElements);
    }

    public static NpyArray parse(Path file, byte[] bytes, long maxElements) {
        if (bytes.length < 10 || !startsWithMagic(bytes)) {
            throw new InputException(file, "not a NumPy .npy file (it does not start with the \\x93NUMPY magic)");
        }
        int major = bytes[6] & 0xff;
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = buffer.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new InputException(file, "truncated .npy header");
            }
            headerLength = buffer.getInt(8) & 0xffffffffL;
            headerStart = 12;
        } else {
            throw new InputException(file, "unsupported .npy format version " + major + "." + (bytes[7] & 0xff)
                    + " (supported: 1, 2, 3)");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new InputException(file, ".npy header length " + headerLength + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        if (headerStart + headerLength > bytes.length) {
            throw new InputException(file, ".npy header length " + headerLength + " runs past the end of the file ("
                    + bytes.length + " bytes)");
        }
        String header = new String(bytes, headerStart, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).trim();
        if (!header.startsWith("{") || !header.endsWith("}")) {
            throw new InputException(file, "malformed .npy header (expected a Python dict literal): "
                    + abbreviate(header));
        }
        String descr = group(file, DESCR, header, "descr");
        boolean fortran = "True".equals(group(file, FORTRAN, header, "fortran_order"));
        long[] shape = shape(file, group(file, SHAPE, header, "shape"));
        Matcher dtype = DTYPE.matcher(descr);
        if (!dtype.matches() || (dtype.group(2).equals("f") && dtype.group(3).matches("[12]"))) {
            throw new InputException(file, "unsupported .npy dtype '" + descr + "' (supported: float32, float64 and"
                    + " integer arrays; object arrays are refused)");
        }
        char kind = dtype.group(2).charAt(0);
        int width = Integer.parseInt(dtype.group(3));
        ByteOrder order = dtype.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        long count = 1;
        for (long dim : shape) {
            count = dim == 0 || count <= maxElements / dim ? count * dim : maxElements + 1;
            if (count > maxElements) {
                throw new InputException(file, ".npy shape " + shapeText(shape) + " has more than the " + maxElements
                        + " elements allowed");
            }
        }
        long dataStart = headerStart + headerLength;
        long expected = count * width;
        long actual = bytes.length - dataStart;
        if (actual != expected) {
            throw new InputException(file, ".npy data is " + actual + " bytes but shape " + shapeText(shape)
                    + " of " + descr + " needs " + expected + " bytes");
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, (int) dataStart, (int) expected).slice().order(order);
        double[] values = new double[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = element(data, i * width, kind, width);
        }
        if (fortran && shape.length == 2) {
            values = transpose(values, (int) shape[0], (int) shape[1]);
        } else if (fortran && shape.length > 2) {
            throw new InputException(file, "Fortran-ordered .npy arrays with more than 2 dimensions are not"
                    + " supported; save it with numpy.ascontiguousarray");
        }
        return new NpyArray(shape, descr, values);
    }

    private static double element(ByteBuffer data, int at, char kind, int width) {
        switch (kind) {
            case 'f':
                return width == 4 ? data.getFloat(at) : data.getDouble(at);
            case 'i':
                switch (width) {
                    case 1:
                        return data.get(at);
                    case 2:
                        return data.getShort(at);
                    case 4:
                        return data.getInt(at);
                    default:
                        return data.getLong(at);
                }
            case 'u':
                switch (width) {
                    case 1:
                        return data.get(at) & 0xff;
                    case 2:
                        return data.getShort(at) & 0xffff;
                    case 4:
                        return data.getInt(at) & 0xffffffffL;
                    default:
                        long value = data.getLong(at);
                        return value < 0 ? Double.POSITIVE_INFINITY : value;
                }
            default: // 'b': booleans
                return data.get(at) != 0 ? 1 : 0;
        }
    }

    private static double[] transpose(double[] columnMajor, int rows, int columns) {
        // Fortran order: element (r, c) is at c * rows + r.
        double[] out = new double[columnMajor.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                out[r * columns + c] = columnMajor[c * rows + r];
            }
        }
        return out;
    }

    private static long[] shape(Path file, String text) {
        List<Long> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!trimmed.matches("\\d{1,12}L?")) {
                throw new InputException(file, "malformed .npy shape (" + abbreviate(text) + ")");
            }
            dims.add(Long.parseLong(trimmed.replace("L", "")));
        }
        if (dims.size() > MAX_DIMENSIONS) {
            throw new InputException(file, ".npy array has " + dims.size() + " dimensions, more than "
                    + MAX_DIMENSIONS);
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static String group(Path file, Pattern pattern, String header, String key) {
        Matcher matcher = pattern.matcher(header);
        if (!matcher.find()) {
            throw new InputException(file, "malformed .npy header: no valid '" + key + "' in " + abbreviate(header));
        }
        return matcher.group(1);
    }

    public static String shapeText(long[] shape) {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return text.append(shape.length == 1 ? ",)" : ")").toString();
    }

    private static String abbreviate(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 120 ? clean : clean.substring(0, 120) + "...";
    }

    private static boolean startsWithMagic(byte[] bytes) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }
}
