package dev.aigate.checks.signature.oms;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.core.InputException;
import dev.aigate.core.io.Digests;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The in-toto Statement v1 an OMS bundle signs: one subject (the model's name and root digest) and the OMS predicate
 * ({@code resources} and {@code serialization}).
 *
 * @param subjectName the model's name (informational: the folder's or file's name)
 * @param subjectDigest the root digest: SHA-256 over the raw digests of the resources, in their listed order
 * @param predicateType the statement's predicate type (parsing keeps it, so verification can name a wrong one)
 */
public record Statement(String statementType, String subjectName, String subjectDigest, String predicateType,
        Serialization serialization, List<Resource> resources) {
    /** Most resources a statement may list: a million files, or a large model in small shards. */
    public static final int MAX_RESOURCES = 4_000_000;
    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder().streamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(16 * 1024 * 1024)
                    .maxNumberLength(64).build()).build()).enable(SerializationFeature.INDENT_OUTPUT);

    /** A statement for {@code resources} (sorted by the caller), with its root digest computed the spec's way. */
    public static Statement of(String modelName, Serialization serialization, List<Resource> resources) {
        return new Statement(OmsFormat.STATEMENT_TYPE, modelName, rootDigest(resources), OmsFormat.PREDICATE_TYPE,
                serialization, List.copyOf(resources));
    }

    /** SHA-256 over the concatenated raw digests of the resources, in their order. */
    public static String rootDigest(List<Resource> resources) {
        java.security.MessageDigest digest = Digests.sha256();
        for (Resource resource : resources) {
            digest.update(resource.digestBytes());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The payload bytes: the statement as JSON. */
    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("_type", statementType);
        ObjectNode subject = root.putArray("subject").addObject();
        subject.put("name", subjectName);
        subject.putObject("digest").put("sha256", subjectDigest);
        root.put("predicateType", predicateType);
        ObjectNode predicate = root.putObject("predicate");
        ArrayNode list = predicate.putArray("resources");
        for (Resource resource : resources) {
            list.addObject().put("name", resource.name()).put("algorithm", resource.algorithm())
                    .put("digest", resource.digest());
        }
        ObjectNode s = predicate.putObject("serialization");
        s.put("method", serialization.method());
        s.put("hash_type", serialization.hashType());
        if (serialization.sharded()) {
            s.put("shard_size", serialization.shardSize());
        }
        s.put("allow_symlinks", serialization.allowSymlinks());
        if (!serialization.ignorePaths().isEmpty()) {
            ArrayNode ignores = s.putArray("ignore_paths");
            serialization.ignorePaths().forEach(ignores::add);
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The header of a payload: its {@code _type} and {@code predicateType}, read before anything else so that a
     * statement of another kind is named as such rather than reported as malformed.
     */
    public record Header(String statementType, String predicateType, JsonNode root) {
    }

    public static Header header(byte[] payload, Path bundle) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            throw new InputException(bundle, "the signed payload is not JSON: " + jsonProblem(e));
        }
        if (root == null || !root.isObject()) {
            throw new InputException(bundle, "the signed payload is not a JSON object");
        }
        return new Header(root.path("_type").asText(""), root.path("predicateType").asText(""), root);
    }

    /** Parses an OMS v1.0 statement; anything missing or mistyped is an error naming the bundle and the field. */
    public static Statement parse(Header header, Path bundle) {
        JsonNode root = header.root();
        JsonNode subjects = root.path("subject");
        if (!subjects.isArray() || subjects.size() != 1) {
            throw new InputException(bundle, "the statement must have exactly one subject (the model), has "
                    + (subjects.isArray() ? subjects.size() : "none"));
        }
        String subjectName = text(subjects.get(0), "name", "subject name", bundle);
        String subjectDigest = hex(subjects.get(0).path("digest"), "sha256", 32, "subject digest", bundle);
        JsonNode predicate = root.path("predicate");
        if (!predicate.isObject()) {
            throw new InputException(bundle, "the statement has no predicate object");
        }
        Serialization serialization = serialization(predicate.path("serialization"), bundle);
        JsonNode list = predicate.path("resources");
        if (!list.isArray()) {
            throw new InputException(bundle, "the predicate has no 'resources' list");
        }
        if (list.size() > MAX_RESOURCES) {
            throw new InputException(bundle, "the predicate lists more than " + MAX_RESOURCES + " resources");
        }
        List<Resource> resources = new ArrayList<>(list.size());
        for (JsonNode entry : list) {
            String name = text(entry, "name", "resource name", bundle);
            String algorithm = text(entry, "algorithm", "algorithm of resource '" + name + "'", bundle);
            String digest = hex(entry, "digest", 0, "digest of resource '" + name + "'", bundle);
            if (serialization.sharded()) {
                try {
                    Resource.ShardName.parse(name);
                } catch (IllegalArgumentException e) {
                    throw new InputException(bundle, e.getMessage());
                }
            }
            resources.add(new Resource(name, algorithm, digest));
        }
        return new Statement(header.statementType(), subjectName, subjectDigest, header.predicateType(),
                serialization, resources);
    }

    private static Serialization serialization(JsonNode node, Path bundle) {
        if (!node.isObject()) {
            throw new InputException(bundle, "the predicate has no 'serialization' object");
        }
        String method = text(node, "method", "serialization method", bundle);
        String hashType = text(node, "hash_type", "serialization hash_type", bundle);
        long shardSize = 0;
        if (method.equals(Serialization.SHARDS)) {
            JsonNode size = node.path("shard_size");
            // model_signing writes the shard size through a protobuf Struct, as a float: 1000000000.0.
            if (!size.isNumber() || size.doubleValue() != Math.rint(size.doubleValue()) || size.doubleValue() < 1
                    || size.doubleValue() > Long.MAX_VALUE / 2) {
                throw new InputException(bundle, "the 'shards' serialization needs a positive whole shard_size, has "
                        + size);
            }
            shardSize = size.longValue();
        } else if (!method.equals(Serialization.FILES)) {
            throw new InputException(bundle, "unknown serialization method '" + method + "' (expected files or"
                    + " shards)");
        }
        JsonNode symlinks = node.path("allow_symlinks");
        boolean allowSymlinks;
        if (symlinks.isBoolean()) {
            allowSymlinks = symlinks.booleanValue();
        } else if (symlinks.isTextual() && (symlinks.asText().equals("true") || symlinks.asText().equals("false"))) {
            allowSymlinks = Boolean.parseBoolean(symlinks.asText());
        } else {
            throw new InputException(bundle, "the serialization has no boolean 'allow_symlinks'");
        }
        List<String> ignores = new ArrayList<>();
        JsonNode ignoreNode = node.path("ignore_paths");
        if (!ignoreNode.isMissingNode() && !ignoreNode.isNull()) {
            if (!ignoreNode.isArray() || ignoreNode.size() > 10_000) {
                throw new InputException(bundle, "'ignore_paths' must be a list of paths");
            }
            for (JsonNode ignore : ignoreNode) {
                if (!ignore.isTextual()) {
                    throw new InputException(bundle, "'ignore_paths' must hold paths, has " + ignore);
                }
                ignores.add(ignore.asText());
            }
        }
        return new Serialization(method, hashType, shardSize, allowSymlinks, ignores);
    }

    private static String text(JsonNode node, String field, String what, Path bundle) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new InputException(bundle, "the statement has no " + what);
        }
        return value.asText();
    }

    private static String hex(JsonNode node, String field, int bytes, String what, Path bundle) {
        String value = text(node, field, what, bundle);
        boolean length = bytes > 0 ? value.length() == bytes * 2 : value.length() >= 32 && value.length() <= 128
                && value.length() % 2 == 0;
        if (!length || !value.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f'
                || c >= 'A' && c <= 'F')) {
            throw new InputException(bundle, "the " + what + " is not a hex digest" + (bytes > 0 ? " of " + bytes + " bytes" : ""));
        }
        return value.toLowerCase(java.util.Locale.ROOT);
    }

    static String jsonProblem(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException json ? json.getOriginalMessage()
                : e.getClass().getSimpleName();
    }
}
