package dev.aigate.checks.models;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the parts of an ONNX model (protobuf wire format) that decide what loading it touches: every tensor's
 * external-data location, in initializers, sparse initializers, node attributes and subgraphs, and every operator
 * domain. A location that is absolute, uses {@code ..} or a backslash, or resolves through a symbolic link outside the
 * model's folder makes the runtime read another file; an operator domain that is neither ONNX's nor ONNX Runtime's
 * own, nor a function defined in the model, needs a custom operator library, which is native code.
 */
final class OnnxScan {
    private static final Set<String> STANDARD_DOMAINS = Set.of("", "ai.onnx", "ai.onnx.ml", "ai.onnx.training",
            "ai.onnx.preview.training", "com.microsoft", "com.microsoft.nchwc", "com.microsoft.experimental",
            "com.ms.internal.nhwc");
    private static final int MAX_GRAPH_DEPTH = 32;

    private final ByteBuffer buffer;
    private final Path file;
    private final String member;
    private final ScanSink sink;
    private final List<String> externalData;
    private final Set<String> functionDomains = new HashSet<>();
    private final Set<String> reported = new HashSet<>();

    private OnnxScan(ByteBuffer buffer, Path file, String member, ScanSink sink, List<String> externalData) {
        this.buffer = buffer;
        this.file = file;
        this.member = member;
        this.sink = sink;
        this.externalData = externalData;
    }

    /**
     * @param file the model on disk, whose folder external data must stay in; null for an archive member
     */
    static void scan(Blob blob, Path file, Path root, String member, ScanLimits limits, ScanSink sink,
            List<String> externalData) throws IOException {
        if (blob.size() == 0) {
            throw new MalformedModelException("ONNX file is empty");
        }
        ByteBuffer buffer = blob.buffer();
        List<Hit> hits = new java.util.ArrayList<>();
        OnnxScan scan = new OnnxScan(buffer, file, member, hits::add, externalData);
        try {
            scan.model();
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new MalformedModelException("not a valid ONNX model: " + e.getMessage(), e);
        }
        hits.forEach(sink::hit);
    }

    private void model() throws IOException {
        Reader model = new Reader(0, buffer.limit());
        boolean ir = false;
        int graph = -1;
        int graphEnd = -1;
        List<int[]> functions = new java.util.ArrayList<>();
        while (model.more()) {
            long tag = model.tag();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == 1 && wire == 0) {
                model.varint();
                ir = true;
            } else if (field == 7 && wire == 2) {
                graph = model.lengthDelimited();
                graphEnd = model.position;
            } else if (field == 25 && wire == 2) {
                int start = model.lengthDelimited();
                functions.add(new int[] {start, model.position});
            } else {
                model.skip(tag);
            }
        }
        if (!ir || graph < 0) {
            throw new MalformedModelException("not a valid ONNX model: no " + (ir ? "graph" : "ir_version"));
        }
        for (int[] f : functions) {
            Reader function = new Reader(f[0], f[1]);
            while (function.more()) {
                long tag = function.tag();
                if ((tag >>> 3) == 10 && (tag & 7) == 2) {
                    functionDomains.add(function.string());
                } else {
                    function.skip(tag);
                }
            }
        }
        graph(graph, graphEnd, 0);
        for (int[] f : functions) {
            Reader function = new Reader(f[0], f[1]);
            while (function.more()) {
                long tag = function.tag();
                if ((tag >>> 3) == 7 && (tag & 7) == 2) {
                    int start = function.lengthDelimited();
                    node(start, function.position, 1);
                } else {
                    function.skip(tag);
                }
            }
        }
    }

    private void graph(int start, int end, int depth) throws IOException {
        if (depth > MAX_GRAPH_DEPTH) {
            throw new MalformedModelException("ONNX subgraphs nested more than " + MAX_GRAPH_DEPTH + " deep");
        }
        Reader graph = new Reader(start, end);
        while (graph.more()) {
            long tag = graph.tag();
            int field = (int) (tag >>> 3);
            if ((tag & 7) != 2) {
                graph.skip(tag);
                continue;
            }
            int s = graph.lengthDelimited();
            switch (field) {
                case 1 -> node(s, graph.position, depth);
                case 5 -> tensor(s, graph.position);
                case 15 -> sparseTensor(s, graph.position);
                default -> {
                }
            }
        }
    }

    private void node(int start, int end, int depth) throws IOException {
        Reader node = new Reader(start, end);
        String domain = "";
        String op = "";
        while (node.more()) {
            long tag = node.tag();
            int field = (int) (tag >>> 3);
            if ((tag & 7) != 2) {
                node.skip(tag);
                continue;
            }
            if (field == 7) {
                domain = node.string();
            } else if (field == 4) {
                op = node.string();
            } else if (field == 5) {
                int s = node.lengthDelimited();
                attribute(s, node.position, depth);
            } else {
                node.lengthDelimited();
            }
        }
        if (!STANDARD_DOMAINS.contains(domain) && !functionDomains.contains(domain) && reported.add(domain)) {
            sink.hit(new Hit(Hit.Kind.ONNX_CUSTOM_DOMAIN, member, start, domain,
                    "operator " + op + " of domain '" + domain + "' needs a custom operator library (native code)",
                    "node " + op + " in domain " + domain));
        }
    }

    private void attribute(int start, int end, int depth) throws IOException {
        Reader attribute = new Reader(start, end);
        while (attribute.more()) {
            long tag = attribute.tag();
            int field = (int) (tag >>> 3);
            if ((tag & 7) != 2) {
                attribute.skip(tag);
                continue;
            }
            int s = attribute.lengthDelimited();
            switch (field) {
                case 5, 10 -> tensor(s, attribute.position);
                case 6, 11 -> graph(s, attribute.position, depth + 1);
                case 22, 23 -> sparseTensor(s, attribute.position);
                default -> {
                }
            }
        }
    }

    private void sparseTensor(int start, int end) throws IOException {
        Reader sparse = new Reader(start, end);
        while (sparse.more()) {
            long tag = sparse.tag();
            if (((tag >>> 3) == 1 || (tag >>> 3) == 2) && (tag & 7) == 2) {
                int s = sparse.lengthDelimited();
                tensor(s, sparse.position);
            } else {
                sparse.skip(tag);
            }
        }
    }

    private void tensor(int start, int end) throws IOException {
        Reader tensor = new Reader(start, end);
        String name = "";
        String location = null;
        long dataLocation = 0;
        while (tensor.more()) {
            long tag = tensor.tag();
            int field = (int) (tag >>> 3);
            if (field == 8 && (tag & 7) == 2) {
                name = tensor.string();
            } else if (field == 14 && (tag & 7) == 0) {
                dataLocation = tensor.varint();
            } else if (field == 13 && (tag & 7) == 2) {
                int s = tensor.lengthDelimited();
                Reader entry = new Reader(s, tensor.position);
                String key = null;
                String value = null;
                while (entry.more()) {
                    long t = entry.tag();
                    if ((t >>> 3) == 1 && (t & 7) == 2) {
                        key = entry.string();
                    } else if ((t >>> 3) == 2 && (t & 7) == 2) {
                        value = entry.string();
                    } else {
                        entry.skip(t);
                    }
                }
                if ("location".equals(key)) {
                    location = value;
                }
            } else {
                tensor.skip(tag);
            }
        }
        if (dataLocation == 1 || location != null) {
            external(name, location == null ? "" : location, start);
        }
    }

    private void external(String tensor, String location, int offset) throws IOException {
        String problem = null;
        if (location.isEmpty()) {
            throw new MalformedModelException("ONNX tensor '" + tensor + "' is stored externally but names no"
                    + " location");
        }
        if (location.startsWith("/") || location.startsWith("\\") || location.startsWith("~")
                || location.length() > 1 && location.charAt(1) == ':') {
            problem = "an absolute path";
        } else if (location.indexOf('\\') >= 0) {
            problem = "a backslash (a Windows path separator)";
        } else if (location.indexOf('\u0000') >= 0) {
            problem = "a NUL character";
        } else {
            for (String segment : location.split("/")) {
                if (segment.equals("..")) {
                    problem = "'..', leaving the model's folder";
                }
            }
        }
        if (problem == null && file != null) {
            Path dir = file.toAbsolutePath().getParent();
            Path resolved = dir.resolve(location).normalize();
            if (!resolved.startsWith(dir)) {
                problem = "a path outside the model's folder";
            } else if (!Files.exists(resolved)) {
                throw new MalformedModelException("ONNX tensor '" + tensor + "' external data '" + location
                        + "' does not exist");
            } else {
                Path real = resolved.toRealPath();
                if (!real.startsWith(dir.toRealPath())) {
                    problem = "a symbolic link to " + real + ", outside the model's folder";
                } else if (!Files.isRegularFile(real)) {
                    throw new MalformedModelException("ONNX tensor '" + tensor + "' external data '" + location
                            + "' is not a regular file");
                } else {
                    externalData.add(real.toString());
                }
            }
        }
        if (problem != null) {
            sink.hit(new Hit(Hit.Kind.ONNX_EXTERNAL_DATA, member, offset, location,
                    "external data location is " + problem, "tensor '" + tensor + "' reads " + location));
        }
    }

    /** A bounded protobuf reader over {@code [position, limit)} of the buffer. */
    private final class Reader {
        int position;
        final int limit;

        Reader(int position, int limit) {
            this.position = position;
            this.limit = limit;
        }

        boolean more() {
            return position < limit;
        }

        long tag() {
            long tag = varint();
            int wire = (int) (tag & 7);
            if ((tag >>> 3) == 0 || wire == 3 || wire == 4 || wire > 5) {
                throw new MalformedModelException("not a valid ONNX model: bad protobuf tag at offset " + position);
            }
            return tag;
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= limit) {
                    throw new MalformedModelException("not a valid ONNX model: truncated varint at offset "
                            + position);
                }
                byte b = buffer.get(position++);
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new MalformedModelException("not a valid ONNX model: varint too long at offset " + position);
        }

        int lengthDelimited() {
            long length = varint();
            if (length < 0 || length > limit - position) {
                throw new MalformedModelException("not a valid ONNX model: length " + length + " at offset "
                        + position + " runs past its message");
            }
            int start = position;
            position += (int) length;
            return start;
        }

        String string() {
            int start = lengthDelimited();
            int length = position - start;
            if (length > 1 << 20) {
                throw new MalformedModelException("not a valid ONNX model: string of " + length + " bytes");
            }
            byte[] bytes = new byte[length];
            buffer.get(start, bytes);
            return Utf8.decode(bytes, 0, length).orElse(new String(bytes, StandardCharsets.ISO_8859_1));
        }

        void skip(long tag) {
            switch ((int) (tag & 7)) {
                case 0 -> varint();
                case 1 -> advance(8);
                case 2 -> lengthDelimited();
                case 5 -> advance(4);
                default -> throw new MalformedModelException("not a valid ONNX model: wire type " + (tag & 7));
            }
        }

        private void advance(int bytes) {
            if (limit - position < bytes) {
                throw new MalformedModelException("not a valid ONNX model: truncated field at offset " + position);
            }
            position += bytes;
        }
    }
}
