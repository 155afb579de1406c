package dev.aigate.checks.signature.oms;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A DSSE envelope: the payload, its type, and signatures over the pre-authentication encoding of both.
 *
 * @param signatures each signature's bytes (OMS does not use {@code keyid}: the key is named by the bundle's
 *     verification material)
 */
public record DsseEnvelope(String payloadType, byte[] payload, List<byte[]> signatures) {
    public DsseEnvelope {
        signatures = List.copyOf(signatures);
    }

    /** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths in ASCII decimal bytes. */
    public static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ")
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + payload.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(payload, 0, out, head.length, payload.length);
        return out;
    }

    public byte[] pae() {
        return pae(payloadType, payload);
    }
}
