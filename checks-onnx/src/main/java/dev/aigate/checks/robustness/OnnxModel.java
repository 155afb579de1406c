package dev.aigate.checks.robustness;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.aigate.core.InputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model in an ONNX Runtime session, fed batches of float samples and read back as one score row per sample.
 * One session is created per run and shared by all worker threads ({@link OrtSession#run} is thread-safe); each run
 * uses one intra-op thread, so the numbers do not depend on how many threads the gate uses.
 */
public final class OnnxModel implements AutoCloseable {
    /** ONNX protobuf files cannot exceed 2 GiB; anything near that is no smoke-test model. */
    static final long MAX_MODEL_BYTES = 1L << 30;

    private final Path file;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final String outputName;
    private final long[] inputShape;
    private final int features;
    private final int classes;
    private final int fixedBatch;
    private final int maxBatch;

    private OnnxModel(Path file, OrtEnvironment env, OrtSession session, String inputName, String outputName,
            long[] inputShape, int features, int classes, int fixedBatch, int maxBatch) {
        this.file = file;
        this.env = env;
        this.session = session;
        this.inputName = inputName;
        this.outputName = outputName;
        this.inputShape = inputShape;
        this.features = features;
        this.classes = classes;
        this.fixedBatch = fixedBatch;
        this.maxBatch = maxBatch;
    }

    public static OnnxModel open(Path file, String input, String output, int maxBatch, float probeValue) {
        long size;
        try {
            size = Files.size(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputException(file, "ONNX model not found");
        } catch (IOException e) {
            throw new InputException(file, "cannot read ONNX model: " + e.getMessage(), e);
        }
        if (size > MAX_MODEL_BYTES) {
            throw new InputException(file, "ONNX model is " + size + " bytes, more than the " + MAX_MODEL_BYTES
                    + " bytes allowed");
        }
        OrtEnvironment env = OrtNative.environment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            session = env.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new InputException(file, "ONNX Runtime cannot load the model: " + oneLine(e.getMessage()), e);
        }
        try {
            return describe(file, env, session, input, output, maxBatch, probeValue);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static OnnxModel describe(Path file, OrtEnvironment env, OrtSession session, String input, String output,
            int maxBatch, float probeValue) {
        Map<String, NodeInfo> inputs;
        Map<String, NodeInfo> outputs;
        try {
            inputs = session.getInputInfo();
            outputs = session.getOutputInfo();
        } catch (OrtException e) {
            throw new InputException(file, "cannot read the model's inputs and outputs: " + oneLine(e.getMessage()),
                    e);
        }
        String inputName = pick(file, "input", input, inputs.keySet());
        if (inputs.size() > 1) {
            throw new InputException(file, "the model has " + inputs.size() + " inputs " + inputs.keySet()
                    + "; aigate feeds exactly one (input '" + inputName + "')");
        }
        String outputName = pick(file, "output", output, outputs.keySet());
        TensorInfo in = tensor(file, "input", inputName, inputs.get(inputName));
        TensorInfo out = tensor(file, "output", outputName, outputs.get(outputName));
        long[] inShape = in.getShape();
        if (inShape.length < 2) {
            throw new InputException(file, "input '" + inputName + "' has shape " + Arrays.toString(inShape)
                    + "; expected a batch dimension followed by the features, e.g. [batch, 64]");
        }
        long features = 1;
        for (int i = 1; i < inShape.length; i++) {
            if (inShape[i] <= 0) {
                throw new InputException(file, "input '" + inputName + "' has shape " + Arrays.toString(inShape)
                        + " with an unknown dimension after the batch dimension; the check needs fixed feature"
                        + " dimensions");
            }
            features *= inShape[i];
            if (features > 1 << 24) {
                throw new InputException(file, "input '" + inputName + "' has more than 16777216 features per"
                        + " sample");
            }
        }
        int fixedBatch = inShape[0] > 0 ? (int) Math.min(inShape[0], Integer.MAX_VALUE) : 0;
        long[] outShape = out.getShape();
        if (outShape.length != 2) {
            throw new InputException(file, "output '" + outputName + "' has shape " + Arrays.toString(outShape)
                    + "; expected [batch, classes]");
        }
        int effectiveMax = fixedBatch > 0 ? fixedBatch : Math.max(1, maxBatch);
        OnnxModel model = new OnnxModel(file, env, session, inputName, outputName, inShape, (int) features,
                (int) outShape[1], fixedBatch, effectiveMax);
        // Probe one sample: checks that the model runs at all and learns the class count when it is dynamic.
        float[] probe = new float[(int) features];
        Arrays.fill(probe, probeValue);
        int classes = model.run(probe, 1, true).length;
        if (classes < 2) {
            throw new InputException(file, "output '" + outputName + "' has " + classes + " class score(s) per"
                    + " sample; a classifier needs at least 2");
        }
        if (outShape[1] > 0 && outShape[1] != classes) {
            throw new InputException(file, "output '" + outputName + "' declares " + outShape[1] + " classes but"
                    + " returned " + classes);
        }
        return new OnnxModel(file, env, session, inputName, outputName, inShape, (int) features, classes,
                fixedBatch, effectiveMax);
    }

    private static String pick(Path file, String what, String wanted, Set<String> names) {
        if (wanted != null) {
            if (!names.contains(wanted)) {
                throw new InputException(file, "the model has no " + what + " tensor named '" + wanted + "' (its "
                        + what + "s: " + String.join(", ", names) + ")");
            }
            return wanted;
        }
        if (names.size() != 1) {
            throw new InputException(file, "the model has " + names.size() + " " + what + "s (" + String.join(", ",
                    names) + "); name the one to use with '" + what + "' in the policy");
        }
        return names.iterator().next();
    }

    private static TensorInfo tensor(Path file, String what, String name, NodeInfo node) {
        if (!(node.getInfo() instanceof TensorInfo info)) {
            throw new InputException(file, what + " '" + name + "' is not a tensor (" + node.getInfo() + ")");
        }
        if (info.type != OnnxJavaType.FLOAT) {
            throw new InputException(file, what + " '" + name + "' has element type " + info.type
                    + "; aigate's model checks need float32");
        }
        return info;
    }

    public int features() {
        return features;
    }

    public int classes() {
        return classes;
    }

    public String inputName() {
        return inputName;
    }

    public String outputName() {
        return outputName;
    }

    public String inputShapeText() {
        StringBuilder text = new StringBuilder("'" + inputName + "' [");
        for (int i = 0; i < inputShape.length; i++) {
            text.append(i == 0 ? "" : ", ").append(inputShape[i] < 0 ? "batch" : String.valueOf(inputShape[i]));
        }
        return text.append(']').toString();
    }

    public long[] inputShape() {
        return inputShape.clone();
    }

    /** Scores for {@code rows} samples laid out row-major in {@code x}: {@code rows * classes()} values. */
    public float[] forward(float[] x, int rows) {
        float[] out = new float[rows * classes];
        int done = 0;
        while (done < rows) {
            int count = Math.min(maxBatch, rows - done);
            float[] chunk = count == rows ? x : Arrays.copyOfRange(x, done * features, (done + count) * features);
            float[] scores = run(chunk, count, false);
            System.arraycopy(scores, 0, out, done * classes, count * classes);
            done += count;
        }
        return out;
    }

    private float[] run(float[] x, int rows, boolean probe) {
        int batch = fixedBatch > 0 ? fixedBatch : rows;
        if (rows > batch) {
            throw new IllegalStateException("batch of " + rows + " rows for a model with fixed batch " + batch);
        }
        long[] shape = inputShape.clone();
        shape[0] = batch;
        FloatBuffer buffer = directBuffer(batch * features);
        buffer.put(x, 0, rows * features);
        if (rows < batch) {
            buffer.put(new float[(batch - rows) * features]);
        }
        buffer.rewind();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, buffer, shape);
                OrtSession.Result result = session.run(Map.of(inputName, tensor), Set.of(outputName))) {
            OnnxValue value = result.get(outputName).orElseThrow();
            if (!(value instanceof OnnxTensor outTensor)) {
                throw new InputException(file, "output '" + outputName + "' is not a tensor");
            }
            long[] outShape = outTensor.getInfo().getShape();
            if (outShape.length != 2 || outShape[0] != batch) {
                throw new InputException(file, "output '" + outputName + "' has shape " + Arrays.toString(outShape)
                        + " for a batch of " + batch + "; expected [" + batch + ", classes]");
            }
            int width = (int) outShape[1];
            if (!probe && width != classes) {
                throw new InputException(file, "output '" + outputName + "' has " + width + " classes for this batch"
                        + " but " + classes + " before");
            }
            FloatBuffer scores = outTensor.getFloatBuffer();
            float[] out = new float[rows * width];
            scores.get(out);
            return out;
        } catch (OrtException e) {
            throw new InputException(file, "ONNX Runtime failed to run the model on a batch of " + batch + " with"
                    + " input " + inputShapeText() + ": " + oneLine(e.getMessage()), e);
        }
    }

    /** A reused direct buffer per thread: ONNX Runtime reads direct buffers in place, without a copy. */
    private final ThreadLocal<FloatBuffer> buffers = new ThreadLocal<>();

    private FloatBuffer directBuffer(int floats) {
        FloatBuffer buffer = buffers.get();
        if (buffer == null || buffer.capacity() < floats) {
            buffer = ByteBuffer.allocateDirect(Math.max(floats, 1) * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            buffers.set(buffer);
        }
        buffer.clear();
        buffer.limit(floats);
        return buffer;
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException | RuntimeException e) {
            // Nothing useful to do: the session is gone either way.
        }
    }

    static String oneLine(String text) {
        if (text == null) {
            return "(no message)";
        }
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() <= 400 ? flat : flat.substring(0, 400) + "...";
    }
}
