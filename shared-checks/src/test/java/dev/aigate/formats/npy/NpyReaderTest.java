package dev.aigate.formats.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.InputException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NpyReaderTest {
    static final java.nio.file.Path DIGITS = java.nio.file.Path.of("..", "fixtures", "digits").toAbsolutePath()
            .normalize();

    private static final Path FILE = Path.of("x.npy");

    /** Writes a .npy file the way NumPy does: magic, version, header padded to a multiple of 64, data. */
    static byte[] npy(int major, String header, byte[] data) {
        int lengthBytes = major == 1 ? 2 : 4;
        int unpadded = 6 + 2 + lengthBytes + header.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String padded = header + " ".repeat(padding) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(NpyReader.MAGIC);
        out.write(major);
        out.write(0);
        ByteBuffer length = ByteBuffer.allocate(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            length.putShort((short) padded.length());
        } else {
            length.putInt(padded.length());
        }
        out.writeBytes(length.array());
        out.writeBytes(padded.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static byte[] floats(ByteOrder order, float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(order);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    @Test
    void readsTheFixtures() {
        NpyReader.NpyArray x = NpyReader.read(DIGITS.resolve("digits-test-x.npy"), 1 << 20);
        assertArrayEquals(new long[] {450, 64}, x.shape());
        assertEquals("<f4", x.dtype());
        NpyReader.NpyArray y = NpyReader.read(DIGITS.resolve("digits-test-y.npy"), 1 << 20);
        assertArrayEquals(new long[] {450}, y.shape());
        assertEquals("<i8", y.dtype());
        for (double label : y.values()) {
            assertTrue(label >= 0 && label <= 9);
        }
    }

    @Test
    void readsVersionTwoBigEndianAndFortranOrder() {
        byte[] v2 = npy(2, "{'descr': '>f4', 'fortran_order': False, 'shape': (2, 2), }",
                floats(ByteOrder.BIG_ENDIAN, 1, 2, 3, 4));
        assertArrayEquals(new double[] {1, 2, 3, 4}, NpyReader.parse(FILE, v2, 100).values());
        byte[] fortran = npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }",
                floats(ByteOrder.LITTLE_ENDIAN, 1, 4, 2, 5, 3, 6));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, NpyReader.parse(FILE, fortran, 100).values());
        byte[] bytes = npy(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", new byte[] {0, 7, (byte) 255});
        assertArrayEquals(new double[] {0, 7, 255}, NpyReader.parse(FILE, bytes, 100).values());
    }

    @Test
    void refusesMalformedHeaders() {
        byte[] good = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
                floats(ByteOrder.LITTLE_ENDIAN, 1, 2));
        assertProblem("\\x93NUMPY magic", "not numpy at all".getBytes(StandardCharsets.US_ASCII));
        byte[] badVersion = good.clone();
        badVersion[6] = 9;
        assertProblem("unsupported .npy format version 9", badVersion);
        byte[] longHeader = good.clone();
        longHeader[8] = (byte) 0xff;
        longHeader[9] = (byte) 0xff;
        assertProblem("exceeds the limit", npy(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"
                + " ".repeat(NpyReader.MAX_HEADER_BYTES), floats(ByteOrder.LITTLE_ENDIAN, 1, 2)));
        assertProblem("runs past the end", java.util.Arrays.copyOf(longHeader, 40));
        assertProblem("expected a Python dict", npy(1, "descr=<f4 shape=2", new byte[8]));
        assertProblem("no valid 'shape'", npy(1, "{'descr': '<f4', 'fortran_order': False}", new byte[8]));
        assertProblem("no valid 'descr'", npy(1, "{'fortran_order': False, 'shape': (2,), }", new byte[8]));
        assertProblem("object arrays are refused", npy(1, "{'descr': '|O', 'fortran_order': False, 'shape': (2,),"
                + " }", new byte[16]));
        assertProblem("malformed .npy shape", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }",
                new byte[8]));
        assertProblem("needs 8 bytes", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
                new byte[12]));
        assertProblem("more than the 100 elements allowed", npy(1, "{'descr': '<f4', 'fortran_order': False,"
                + " 'shape': (999999999999, 999999999999, 999999999999), }", new byte[8]));
        assertProblem("more than 8", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,1),"
                + " }", new byte[4]));
    }

    private static void assertProblem(String expected, byte[] bytes) {
        InputException e = assertThrows(InputException.class, () -> NpyReader.parse(FILE, bytes, 100));
        assertTrue(e.getMessage().startsWith("x.npy: ") && e.getMessage().contains(expected), e.getMessage());
    }
}
