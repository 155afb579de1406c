package dev.aigate.checks.watermark;

import dev.aigate.core.io.BoundedFiles;
import dev.aigate.core.io.Digests;
import dev.aigate.core.keys.KeySource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The secret watermark key: 16 to 64 random bytes, written as hexadecimal in a key file or an environment variable.
 * Its material never appears in a message, log or report; only its {@link #fingerprint()} does.
 */
public final class WatermarkKey {
    public static final int MIN_BYTES = 16;
    public static final int MAX_BYTES = 64;
    private static final int MAX_FILE_BYTES = 4096;
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final String FORMAT = "expected " + (MIN_BYTES * 2) + " to " + (MAX_BYTES * 2)
            + " hexadecimal characters (generate a key with 'aigate watermark keygen')";

    private final byte[] material;
    private final String fingerprint;

    private WatermarkKey(byte[] material) {
        this.material = material.clone();
        byte[] digest = Digests.sha256().digest(concat("aigate-watermark-key-v1\0".getBytes(StandardCharsets.UTF_8),
                material));
        this.fingerprint = "sha256:" + HexFormat.of().formatHex(digest, 0, 16);
    }

    /** For tests and key generation; production keys come from {@link #fromFile} or {@link #fromEnv}. */
    public static WatermarkKey of(byte[] material) {
        if (material.length < MIN_BYTES || material.length > MAX_BYTES) {
            throw new IllegalArgumentException("a watermark key has " + MIN_BYTES + " to " + MAX_BYTES + " bytes");
        }
        return new WatermarkKey(material);
    }

    /** A new random key, as the hexadecimal text a key file holds. */
    public static String generateHex() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public static WatermarkKey fromFile(Path file) {
        return from(KeySource.Secret.ofFile(BoundedFiles.read(file, MAX_FILE_BYTES, "watermark key file"), file));
    }

    /** The key in {@code secret} (hexadecimal); the secret is wiped. Errors name where it came from, never the key. */
    public static WatermarkKey from(KeySource.Secret secret) {
        try {
            if (secret.bytes().length > MAX_FILE_BYTES) {
                throw secret.problem("watermark key is longer than " + MAX_FILE_BYTES + " bytes; " + FORMAT);
            }
            byte[] key = parse(secret.text());
            if (key == null) {
                throw secret.problem("malformed watermark key: " + FORMAT);
            }
            return new WatermarkKey(key);
        } finally {
            secret.wipe();
        }
    }

    private static byte[] parse(String text) {
        String compact = text.replaceAll("\\s+", "");
        if (compact.length() < MIN_BYTES * 2 || compact.length() > MAX_BYTES * 2 || compact.length() % 2 != 0
                || !HEX.matcher(compact).matches()) {
            return null;
        }
        return HexFormat.of().parseHex(compact);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    byte[] material() {
        return material.clone();
    }

    /** A one-way fingerprint that identifies the key in metadata and reports without revealing it. */
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return "WatermarkKey[" + fingerprint + "]";
    }
}
