package dev.aigate.core.keys;

import dev.aigate.core.InputException;
import dev.aigate.core.io.Digests;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/** Ed25519 keys in PEM (PKCS#8 private, X.509 SubjectPublicKeyInfo public), with the JDK's own implementation. */
public final class Ed25519Keys {
    private static final int MAX_KEY_FILE_BYTES = 16 * 1024;

    private Ed25519Keys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    /** "sha256:" and the SHA-256 of the public key's DER encoding (SubjectPublicKeyInfo). */
    public static String fingerprint(PublicKey key) {
        return "sha256:" + HexFormat.of().formatHex(Digests.sha256().digest(key.getEncoded()));
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /**
     * Writes a key pair: the private key readable by its owner only (600), the public key world-readable. Refuses to
     * overwrite existing files unless {@code force}.
     */
    public static void write(KeyPair pair, Path privateFile, Path publicFile, boolean force) throws IOException {
        writeSecret(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), force);
        byte[] pub = pem("PUBLIC KEY", pair.getPublic().getEncoded()).getBytes(StandardCharsets.US_ASCII);
        if (!force && Files.exists(publicFile)) {
            throw new FileAlreadyExistsException(publicFile.toString());
        }
        dev.aigate.core.io.AtomicFiles.write(publicFile, pub);
        Files.setPosixFilePermissions(publicFile, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** Writes a secret text file created with permissions 600 (never readable by others, even for a moment). */
    public static void writeSecret(Path file, String text, boolean force) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (!force && Files.exists(absolute)) {
            throw new FileAlreadyExistsException(absolute.toString());
        }
        Files.createDirectories(absolute.getParent());
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(text.getBytes(StandardCharsets.US_ASCII));
            }
            Files.move(temp, absolute, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.setPosixFilePermissions(absolute, PosixFilePermissions.fromString("rw-------"));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public static PrivateKey readPrivate(Path file) {
        return readPrivate(KeySource.Secret.ofFile(dev.aigate.core.io.BoundedFiles.read(file, MAX_KEY_FILE_BYTES,
                "private key file"), file));
    }

    /** The private key in {@code secret} (PEM PKCS#8); the secret is wiped. Errors name where it came from. */
    public static PrivateKey readPrivate(KeySource.Secret secret) {
        try {
            byte[] der = decodePem(secret.text(), "PRIVATE KEY");
            if (der == null) {
                throw secret.problem("malformed Ed25519 private key (expected a PEM 'PRIVATE KEY' PKCS#8 block;"
                        + " create one with 'aigate signature keygen')");
            }
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw secret.problem("malformed Ed25519 private key (expected a PEM 'PRIVATE KEY' PKCS#8 block;"
                    + " create one with 'aigate signature keygen')");
        } finally {
            secret.wipe();
        }
    }

    public static PublicKey readPublic(Path file) {
        byte[] der = pemFile(file, "PUBLIC KEY", "public");
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InputException(file, "malformed Ed25519 public key (expected a PEM 'PUBLIC KEY' block)");
        }
    }

    /**
     * The public key that belongs to {@code privateKey}. The JDK has no API for this, but its Ed25519 key pair
     * generator takes the 32-byte private seed from its random source, so feeding it the seed reproduces the pair.
     * {@code SigningTest} checks that the derived key's fingerprint equals the generated public key's.
     */
    public static PublicKey publicOf(PrivateKey privateKey) {
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            java.security.spec.EdECPrivateKeySpec spec = factory.getKeySpec(privateKey,
                    java.security.spec.EdECPrivateKeySpec.class);
            byte[] seed = spec.getBytes();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(255, new FixedRandom(seed));
            return generator.generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the Ed25519 public key", e);
        }
    }

    private static final class FixedRandom extends java.security.SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        FixedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }

    private static byte[] pemFile(Path file, String type, String what) {
        byte[] bytes = dev.aigate.core.io.BoundedFiles.read(file, MAX_KEY_FILE_BYTES, what + " key file");
        byte[] der = decodePem(new String(bytes, StandardCharsets.US_ASCII), type);
        if (der == null) {
            throw new InputException(file, "malformed Ed25519 " + what + " key (expected a PEM '" + type + "' block)");
        }
        return der;
    }

    private static byte[] decodePem(String text, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        // The END marker is looked for after the whole BEGIN marker: the two may share their dashes.
        int to = from < 0 ? -1 : text.indexOf(end, from + begin.length());
        if (from < 0 || to < 0) {
            return null;
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to).trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
