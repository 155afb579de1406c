package dev.aigate.formats.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.InputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * External data outside the main graph's initializers (a Constant node's value, a subgraph, a sparse tensor) would be
 * read by ONNX Runtime without being checked or recorded: it is refused. Models are built here field by field, as
 * the ONNX protobuf schema numbers them.
 */
class OnnxAttributeExternalDataTest {
    @TempDir
    Path dir;

    private static byte[] field(int number, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, ((long) number << 3) | 2);
        varint(out, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] varintField(int number, long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, (long) number << 3);
        varint(out, value);
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** A float tensor of 4 elements whose data lives in {@code ../../x/w.data}, or inline. */
    private static byte[] tensor(boolean external) {
        byte[] entry = concat(field(1, text("location")), field(2, text("../../x/w.data")));
        return external
                ? concat(varintField(1, 4), varintField(2, 1), field(8, text("c")), field(13, entry),
                        varintField(14, 1))
                : concat(varintField(1, 4), varintField(2, 1), field(8, text("c")), field(9, new byte[16]));
    }

    private static byte[] constantNode(byte[] valueTensor) {
        byte[] attribute = concat(field(1, text("value")), field(5, valueTensor), varintField(20, 4));
        return concat(field(2, text("out")), field(4, text("Constant")), field(5, attribute));
    }

    private Path model(byte[] graph) throws IOException {
        return Files.write(dir.resolve("m.onnx"), concat(varintField(1, 8), field(7, graph)));
    }

    @Test
    void aConstantWithInlineDataIsRead() throws IOException {
        OnnxModel model = OnnxModel.open(model(field(1, constantNode(tensor(false)))));
        assertEquals(1, model.files().size());
    }

    @Test
    void aConstantWhoseValueIsExternalIsRefused() throws IOException {
        Path file = model(field(1, constantNode(tensor(true))));
        InputException e = assertThrows(InputException.class, () -> OnnxModel.open(file));
        assertTrue(e.getMessage().contains("m.onnx") && e.getMessage().contains("node attribute"), e.getMessage());
    }

    @Test
    void externalDataInASubgraphIsRefused() throws IOException {
        byte[] subgraph = field(5, tensor(true)); // an initializer of the subgraph
        byte[] attribute = concat(field(1, text("then_branch")), field(6, subgraph), varintField(20, 5));
        byte[] ifNode = concat(field(1, text("cond")), field(4, text("If")), field(5, attribute));
        Path file = model(field(1, ifNode));
        InputException e = assertThrows(InputException.class, () -> OnnxModel.open(file));
        assertTrue(e.getMessage().contains("subgraph"), e.getMessage());
    }

    @Test
    void anExternalSparseInitializerIsRefused() throws IOException {
        byte[] sparse = concat(field(1, tensor(true)), varintField(3, 4));
        Path file = model(field(15, sparse));
        InputException e = assertThrows(InputException.class, () -> OnnxModel.open(file));
        assertTrue(e.getMessage().contains("sparse initializer"), e.getMessage());
    }
}
