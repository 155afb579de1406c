package dev.aigate.checks.models;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a SafeTensors header the way a strict loader should: the length inside the file and bounded, strict JSON
 * without duplicate keys, {@code __metadata__} a map of strings, every tensor's dtype known, its shape non-negative,
 * its byte range the size that dtype and shape need, and the ranges contiguous from the start of the data to the end
 * of the file, without gaps or overlaps (bytes hidden between tensors are where polyglot files put their payload).
 * Any violation is an error: SafeTensors cannot run code, so a file that breaks its rules is malformed, not a finding.
 */
final class SafeTensorsScan {
    private static final Map<String, Integer> DTYPE_BITS = Map.ofEntries(
            Map.entry("BOOL", 8), Map.entry("U8", 8), Map.entry("I8", 8), Map.entry("F8_E5M2", 8),
            Map.entry("F8_E4M3", 8), Map.entry("F8_E8M0", 8), Map.entry("I16", 16), Map.entry("U16", 16),
            Map.entry("F16", 16), Map.entry("BF16", 16), Map.entry("I32", 32), Map.entry("U32", 32),
            Map.entry("F32", 32), Map.entry("F64", 64), Map.entry("I64", 64), Map.entry("U64", 64),
            Map.entry("C64", 64), Map.entry("F4", 4), Map.entry("F6_E2M3", 6), Map.entry("F6_E3M2", 6));
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(1 << 24)
                    .build())
            .build();

    private record Tensor(String name, long begin, long end) {
    }

    private SafeTensorsScan() {
    }

    static void check(Blob blob, ScanLimits limits) throws IOException {
        if (blob.size() < 8) {
            throw new MalformedModelException("SafeTensors file shorter than its 8-byte header length");
        }
        long n = ZipArchive.i64(blob.readFully(0, 8), 0);
        if (n < 2 || n > limits.maxHeaderBytes() || n > blob.size() - 8) {
            throw new MalformedModelException("SafeTensors header length " + Long.toUnsignedString(n)
                    + " is out of bounds (file of " + blob.size() + " bytes, limit " + limits.maxHeaderBytes() + ")");
        }
        long dataLength = blob.size() - 8 - n;
        List<Tensor> tensors = new ArrayList<>();
        try (InputStream in = blob.open(8, n); JsonParser p = JSON.createParser(in)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "the header is not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (name.equals("__metadata__")) {
                    metadata(p);
                } else {
                    tensors.add(tensor(p, name));
                    if (tensors.size() > limits.maxMembers() * 10) {
                        throw new MalformedModelException("SafeTensors header has more than "
                                + limits.maxMembers() * 10 + " tensors");
                    }
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new MalformedModelException("SafeTensors header is not a JSON object of tensors");
            }
            if (p.nextToken() != null) {
                throw new MalformedModelException("SafeTensors header has content after its JSON object");
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new MalformedModelException("SafeTensors header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        byte[] tail = blob.readFully(8 + n - 1, 1);
        tensors.sort(Comparator.comparingLong(Tensor::begin).thenComparingLong(Tensor::end));
        long expected = 0;
        for (Tensor t : tensors) {
            if (t.begin() != expected) {
                throw new MalformedModelException("SafeTensors tensor '" + t.name() + "' starts at data offset "
                        + t.begin() + " but the previous one ends at " + expected + " ("
                        + (t.begin() < expected ? "overlapping" : "a gap of hidden bytes") + ")");
            }
            expected = t.end();
        }
        if (expected != dataLength) {
            throw new MalformedModelException("SafeTensors tensors cover " + expected + " bytes of data but the file"
                    + " holds " + dataLength + (expected < dataLength ? " (bytes after the last tensor)"
                    : " (a tensor runs past the end of the file)"));
        }
        if (tail.length == 1 && tail[0] != '}' && tail[0] != ' ') {
            throw new MalformedModelException("SafeTensors header ends with an unexpected byte");
        }
    }

    private static void metadata(JsonParser p) throws IOException {
        expect(p.nextToken(), JsonToken.START_OBJECT, "__metadata__ is not an object");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw new MalformedModelException("SafeTensors __metadata__ entry '" + p.currentName()
                        + "' is not a string");
            }
        }
    }

    private static Tensor tensor(JsonParser p, String name) throws IOException {
        expect(p.nextToken(), JsonToken.START_OBJECT, "tensor '" + name + "' is not an object");
        String dtype = null;
        List<Long> shape = null;
        long[] offsets = null;
        Set<String> seen = new HashSet<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            seen.add(key);
            switch (key) {
                case "dtype" -> {
                    expect(p.nextToken(), JsonToken.VALUE_STRING, "tensor '" + name + "' dtype is not a string");
                    dtype = p.getText();
                }
                case "shape" -> shape = integers(p, name, "shape", 64);
                case "data_offsets" -> {
                    List<Long> pair = integers(p, name, "data_offsets", 2);
                    if (pair.size() != 2) {
                        throw new MalformedModelException("SafeTensors tensor '" + name
                                + "' data_offsets is not a [begin, end] pair");
                    }
                    offsets = new long[] {pair.get(0), pair.get(1)};
                }
                default -> throw new MalformedModelException("SafeTensors tensor '" + name + "' has an unknown key '"
                        + key + "'");
            }
        }
        if (dtype == null || shape == null || offsets == null) {
            throw new MalformedModelException("SafeTensors tensor '" + name + "' lacks dtype, shape or data_offsets");
        }
        Integer bits = DTYPE_BITS.get(dtype);
        if (bits == null) {
            throw new MalformedModelException("SafeTensors tensor '" + name + "' has an unknown dtype '" + dtype + "'");
        }
        if (offsets[1] < offsets[0]) {
            throw new MalformedModelException("SafeTensors tensor '" + name + "' ends before it begins");
        }
        long elements = 1;
        try {
            for (long d : shape) {
                elements = Math.multiplyExact(elements, d);
            }
            long needBits = Math.multiplyExact(elements, bits);
            long need = needBits / 8 + (needBits % 8 == 0 ? 0 : 1);
            if (need != offsets[1] - offsets[0]) {
                throw new MalformedModelException("SafeTensors tensor '" + name + "' is " + dtype + " of shape "
                        + shape + " (" + need + " bytes) but its data_offsets span " + (offsets[1] - offsets[0])
                        + " bytes");
            }
        } catch (ArithmeticException e) {
            throw new MalformedModelException("SafeTensors tensor '" + name + "' shape " + shape + " overflows");
        }
        return new Tensor(name, offsets[0], offsets[1]);
    }

    private static List<Long> integers(JsonParser p, String name, String key, int max) throws IOException {
        expect(p.nextToken(), JsonToken.START_ARRAY, "tensor '" + name + "' " + key + " is not an array");
        List<Long> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || p.getLongValue() < 0) {
                throw new MalformedModelException("SafeTensors tensor '" + name + "' " + key
                        + " holds a negative or too large number");
            }
            out.add(p.getLongValue());
            if (out.size() > max) {
                throw new MalformedModelException("SafeTensors tensor '" + name + "' " + key + " is too long");
            }
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw new MalformedModelException("SafeTensors tensor '" + name + "' " + key
                    + " holds something other than integers");
        }
        return out;
    }

    private static void expect(JsonToken token, JsonToken wanted, String problem) {
        if (token != wanted) {
            throw new MalformedModelException("SafeTensors " + problem);
        }
    }
}
