package dev.aigate.formats;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.formats.safetensors.SafeTensorsFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Deterministic synthetic models for tests, held as float arrays and written as SafeTensors. */
public final class TestModels {
    private TestModels() {
    }

    /** A tensor: name, shape and float values. */
    public record Tensor(String name, long[] shape, float[] values) {
    }

    /**
     * A model of about 1.07 million parameters with tensors of different scales (Gaussian weights), like a small
     * transformer block plus small norm and bias vectors.
     */
    public static List<Tensor> millionParameterModel(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Tensor> tensors = new ArrayList<>();
        tensors.add(gaussian(random, "embed.weight", new long[] {1000, 256}, 1.0));
        tensors.add(gaussian(random, "layers.0.attn.qkv.weight", new long[] {768, 256}, 0.02));
        tensors.add(gaussian(random, "layers.0.attn.out.weight", new long[] {256, 256}, 0.03));
        tensors.add(gaussian(random, "layers.0.mlp.up.weight", new long[] {1024, 256}, 0.05));
        tensors.add(gaussian(random, "layers.0.mlp.down.weight", new long[] {256, 1024}, 0.05));
        tensors.add(gaussian(random, "layers.0.mlp.up.bias", new long[] {1024}, 0.01));
        float[] norm = new float[256];
        java.util.Arrays.fill(norm, 1.0f);
        tensors.add(new Tensor("layers.0.norm.weight", new long[] {256}, norm));
        return tensors;
    }

    public static Tensor gaussian(SplittableRandom random, String name, long[] shape, double std) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] values = new float[(int) n];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (gaussian(random) * std);
        }
        return new Tensor(name, shape, values);
    }

    public static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    public static long parameters(List<Tensor> tensors) {
        return tensors.stream().mapToLong(t -> t.values().length).sum();
    }

    /** Writes the tensors in the given order and encoding, with {@code __metadata__} {"format":"pt"}. */
    public static void write(Path file, List<Tensor> tensors, FloatEncoding encoding) throws IOException {
        write(file, tensors, encoding, Map.of("format", "pt"));
    }

    public static void write(Path file, List<Tensor> tensors, FloatEncoding encoding, Map<String, String> metadata)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode header = mapper.createObjectNode();
        if (metadata != null) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        String dtype = encoding.name();
        for (Tensor tensor : tensors) {
            ObjectNode entry = header.putObject(tensor.name());
            entry.put("dtype", dtype);
            var shape = entry.putArray("shape");
            for (long d : tensor.shape()) {
                shape.add(d);
            }
            long bytes = (long) tensor.values().length * encoding.width();
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = mapper.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = json.length;
        while ((8 + padded) % 8 != 0) {
            padded++;
        }
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(head.array());
            out.write(json);
            for (int i = json.length; i < padded; i++) {
                out.write(' ');
            }
            ByteBuffer element = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor tensor : tensors) {
                for (float v : tensor.values()) {
                    element.clear();
                    element.putInt(encoding.encode(v));
                    out.write(element.array(), 0, encoding.width());
                }
            }
        }
    }

    /** Reads every floating-point tensor of a (small) SafeTensors file as F32 arrays, in file order. */
    public static List<Tensor> read(Path file) throws IOException {
        SafeTensorsFile model = SafeTensorsFile.open(file);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (SafeTensorsFile.Entry entry : model.entries()) {
            shapes.put(entry.name(), entry.shape());
        }
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<Tensor> tensors = new ArrayList<>();
        for (TensorRef ref : model.floatTensors()) {
            float[] values = new float[(int) ref.elements()];
            for (int i = 0; i < values.length; i++) {
                int at = (int) ref.byteOffsetOf(i);
                int bits = ref.encoding().width() == 4 ? buffer.getInt(at) : buffer.getShort(at) & 0xffff;
                values[i] = ref.encoding().decode(bits);
            }
            tensors.add(new Tensor(ref.name(), shapes.get(ref.name()), values));
        }
        return tensors;
    }
}
