package dev.aigate.checks.signature;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.core.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** A DSSE envelope (payload, payloadType, signatures[keyid, sig]) signed over the DSSE v1 pre-authentication encoding. */
public final class Dsse {
    static final int MAX_ENVELOPE_BYTES = 64 * 1024 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One signature of an envelope. */
    public record Sig(String keyid, byte[] sig) {
    }

    /** A parsed envelope. */
    public record Envelope(String payloadType, byte[] payload, List<Sig> signatures) {
    }

    private Dsse() {
    }

    /** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body. */
    public static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ")
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + payload.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(payload, 0, out, head.length, payload.length);
        return out;
    }

    public static byte[] sign(String payloadType, byte[] payload, PrivateKey key, String keyid) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(pae(payloadType, payload));
            byte[] sig = signer.sign();
            ObjectNode root = MAPPER.createObjectNode();
            root.put("payload", Base64.getEncoder().encodeToString(payload));
            root.put("payloadType", payloadType);
            ObjectNode s = root.putArray("signatures").addObject();
            s.put("keyid", keyid);
            s.put("sig", Base64.getEncoder().encodeToString(sig));
            return (MAPPER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign with Ed25519: " + e.getMessage(), e);
        }
    }

    public static boolean verify(Envelope envelope, Sig sig, PublicKey key) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(pae(envelope.payloadType(), envelope.payload()));
            return verifier.verify(sig.sig());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public static Envelope read(Path file) {
        byte[] bytes = dev.aigate.core.io.BoundedFiles.read(file, MAX_ENVELOPE_BYTES, "signature file");
        try {
            JsonNode root = MAPPER.readTree(bytes);
            if (root == null || !root.path("payload").isTextual() || !root.path("payloadType").isTextual()
                    || !root.path("signatures").isArray() || root.path("signatures").isEmpty()) {
                throw new InputException(file, "not a DSSE envelope (needs payload, payloadType and signatures)");
            }
            List<Sig> sigs = new ArrayList<>();
            for (JsonNode s : root.path("signatures")) {
                sigs.add(new Sig(s.path("keyid").asText(""), Base64.getDecoder().decode(s.path("sig").asText(""))));
            }
            return new Envelope(root.path("payloadType").asText(),
                    Base64.getDecoder().decode(root.path("payload").asText()), sigs);
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException(file, "malformed DSSE envelope: " + e.getMessage(), e);
        }
    }
}
