package dev.aigate.checks.signature.oms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.core.InputException;
import dev.aigate.core.io.BoundedFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A Sigstore bundle (JSON) as OMS uses it: a media type, verification material (a public key hint, a certificate
 * chain, or a Sigstore certificate with transparency log entries) and a DSSE envelope.
 *
 * @param material how the signer is identified
 * @param json the whole bundle as parsed (what a Sigstore verifier reads: log entries, timestamps)
 */
public record OmsBundle(String mediaType, Material material, DsseEnvelope envelope, JsonNode json) {
    /** Far above any real bundle: a million resources take about 150 MB of JSON. */
    public static final int MAX_BYTES = 256 * 1024 * 1024;
    private static final int MAX_SIGNATURES = 16;
    private static final int MAX_CERTIFICATES = 16;
    private static final ObjectMapper COMPACT = new ObjectMapper(Statement.JSON.getFactory());

    /** Which of the three kinds of verification material a bundle carries. */
    public enum Kind {
        /** {@code publicKey}: the {@code key} method. */
        PUBLIC_KEY("key"),
        /** {@code x509CertificateChain}: the {@code certificate} method. */
        CERTIFICATE_CHAIN("certificate"),
        /** {@code certificate} (one Fulcio certificate) and log entries: the {@code sigstore} method. */
        SIGSTORE_CERTIFICATE("sigstore");

        private final String method;

        Kind(String method) {
            this.method = method;
        }

        public String method() {
            return method;
        }
    }

    /**
     * @param hint {@code publicKey.hint}: hex SHA-256 of the signer's public key in PEM, or null
     * @param rawKey {@code publicKey.rawBytes} of bundles before model_signing 1.1, or null
     * @param certificates DER certificates, leaf first
     */
    public record Material(Kind kind, String hint, byte[] rawKey, List<byte[]> certificates) {
        public Material {
            certificates = certificates == null ? List.of() : List.copyOf(certificates);
        }
    }

    /** Reads and parses a bundle file; a file that is not a bundle of this shape is an error naming it. */
    public static OmsBundle read(Path file) {
        return parse(BoundedFiles.read(file, MAX_BYTES, "signature bundle"), file);
    }

    public static OmsBundle parse(byte[] bytes, Path file) {
        JsonNode root;
        try {
            root = Statement.JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InputException(file, "not a signature bundle (malformed JSON: " + jsonProblem(e) + ")");
        }
        if (root == null || !root.isObject()) {
            throw new InputException(file, "not a signature bundle (not a JSON object)");
        }
        JsonNode envelope = root.path("dsseEnvelope");
        if (!envelope.isObject()) {
            throw new InputException(file, root.has("messageSignature")
                    ? "the bundle signs a message digest, not a DSSE envelope: it is not a model signature"
                    : "not a signature bundle (no 'dsseEnvelope')");
        }
        String payloadType = envelope.path("payloadType").asText("");
        byte[] payload = base64(envelope.path("payload"), "DSSE payload", file);
        JsonNode signatures = envelope.path("signatures");
        if (!signatures.isArray() || signatures.isEmpty()) {
            throw new InputException(file, "the DSSE envelope has no signatures");
        }
        if (signatures.size() > MAX_SIGNATURES) {
            throw new InputException(file, "the DSSE envelope has more than " + MAX_SIGNATURES + " signatures");
        }
        List<byte[]> sigs = new ArrayList<>();
        for (JsonNode signature : signatures) {
            sigs.add(base64(signature.path("sig"), "DSSE signature", file));
        }
        JsonNode material = root.path("verificationMaterial");
        if (!material.isObject()) {
            throw new InputException(file, "the bundle has no 'verificationMaterial'");
        }
        return new OmsBundle(root.path("mediaType").asText(""), material(material, file),
                new DsseEnvelope(payloadType, payload, sigs), root);
    }

    private static Material material(JsonNode material, Path file) {
        if (material.has("publicKey")) {
            JsonNode key = material.path("publicKey");
            String hint = key.path("hint").isTextual() && !key.path("hint").asText().isEmpty()
                    ? key.path("hint").asText() : null;
            byte[] raw = key.has("rawBytes") ? base64(key.path("rawBytes"), "public key", file) : null;
            return new Material(Kind.PUBLIC_KEY, hint, raw, List.of());
        }
        if (material.has("x509CertificateChain")) {
            JsonNode list = material.path("x509CertificateChain").path("certificates");
            if (!list.isArray() || list.isEmpty() || list.size() > MAX_CERTIFICATES) {
                throw new InputException(file, "the bundle's certificate chain must hold 1 to " + MAX_CERTIFICATES
                        + " certificates");
            }
            List<byte[]> certificates = new ArrayList<>();
            for (JsonNode certificate : list) {
                certificates.add(base64(certificate.path("rawBytes"), "certificate", file));
            }
            return new Material(Kind.CERTIFICATE_CHAIN, null, null, certificates);
        }
        if (material.has("certificate")) {
            return new Material(Kind.SIGSTORE_CERTIFICATE, null, null, List.of(base64(material.path("certificate")
                    .path("rawBytes"), "certificate", file)));
        }
        throw new InputException(file, "the bundle's verification material has no public key, certificate chain or"
                + " certificate");
    }

    private static byte[] base64(JsonNode node, String what, Path file) {
        if (!node.isTextual() || node.asText().isEmpty()) {
            throw new InputException(file, "the bundle has no " + what);
        }
        try {
            return Base64.getDecoder().decode(node.asText());
        } catch (IllegalArgumentException e) {
            throw new InputException(file, "the bundle's " + what + " is not base64");
        }
    }

    /** A bundle for the {@code key} method: the public key named by its hint, as model_signing writes it. */
    public static byte[] withPublicKeyHint(String hint, DsseEnvelope envelope) {
        ObjectNode root = head();
        ObjectNode material = root.putObject("verificationMaterial");
        material.putObject("publicKey").put("hint", hint);
        material.putArray("tlogEntries");
        return finish(root, envelope);
    }

    /** A bundle for the {@code certificate} method: the signing certificate, then its chain (DER). */
    public static byte[] withCertificateChain(List<byte[]> chain, DsseEnvelope envelope) {
        ObjectNode root = head();
        ObjectNode material = root.putObject("verificationMaterial");
        ArrayNode certificates = material.putObject("x509CertificateChain").putArray("certificates");
        for (byte[] der : chain) {
            certificates.addObject().put("rawBytes", Base64.getEncoder().encodeToString(der));
        }
        material.putArray("tlogEntries");
        return finish(root, envelope);
    }

    private static ObjectNode head() {
        ObjectNode root = COMPACT.createObjectNode();
        root.put("mediaType", OmsFormat.BUNDLE_MEDIA_TYPE);
        return root;
    }

    private static byte[] finish(ObjectNode root, DsseEnvelope envelope) {
        ObjectNode dsse = root.putObject("dsseEnvelope");
        dsse.put("payload", Base64.getEncoder().encodeToString(envelope.payload()));
        dsse.put("payloadType", envelope.payloadType());
        ArrayNode signatures = dsse.putArray("signatures");
        for (byte[] sig : envelope.signatures()) {
            signatures.addObject().put("sig", Base64.getEncoder().encodeToString(sig)).put("keyid", "");
        }
        try {
            return COMPACT.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String jsonProblem(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException json ? json.getOriginalMessage()
                : e.getClass().getSimpleName();
    }
}
