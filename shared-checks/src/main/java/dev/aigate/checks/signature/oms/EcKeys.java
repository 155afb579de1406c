package dev.aigate.checks.signature.oms;

import dev.aigate.core.keys.Ed25519Keys;
import dev.aigate.core.io.AtomicFiles;
import dev.aigate.core.io.Digests;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * ECDSA keys on the curves OMS requires (P-256, P-384, P-521), with the JDK's own implementation: generation, PEM
 * reading (PKCS#8 {@code PRIVATE KEY}, OpenSSL's SEC1 {@code EC PRIVATE KEY}, {@code PUBLIC KEY}) and writing, the
 * signature hash that goes with each curve, and the {@code publicKey.hint} that names a key in a bundle.
 */
public final class EcKeys {
    /** A supported curve: its names and the signature algorithm (hash) that model_signing pairs with it. */
    public enum Curve {
        P256("secp256r1", "P-256", 256, "SHA256withECDSA", new byte[] {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D,
            0x03, 0x01, 0x07}),
        P384("secp384r1", "P-384", 384, "SHA384withECDSA", new byte[] {0x2B, (byte) 0x81, 0x04, 0x00, 0x22}),
        P521("secp521r1", "P-521", 521, "SHA512withECDSA", new byte[] {0x2B, (byte) 0x81, 0x04, 0x00, 0x23});

        private final String stdName;
        private final String nistName;
        private final int bits;
        private final String signatureAlgorithm;
        private final byte[] oid;

        Curve(String stdName, String nistName, int bits, String signatureAlgorithm, byte[] oid) {
            this.stdName = stdName;
            this.nistName = nistName;
            this.bits = bits;
            this.signatureAlgorithm = signatureAlgorithm;
            this.oid = oid;
        }

        public String nistName() {
            return nistName;
        }

        public String signatureAlgorithm() {
            return signatureAlgorithm;
        }

        public ECParameterSpec params() {
            try {
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                parameters.init(new ECGenParameterSpec(stdName));
                return parameters.getParameterSpec(ECParameterSpec.class);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no " + nistName, e);
            }
        }

        /** "p-256", "P256", "secp256r1", "prime256v1" and the like. */
        public static Curve named(String name) {
            String n = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
            for (Curve curve : values()) {
                if (n.equals("p" + curve.bits) || n.equals(curve.stdName) || n.equals("ecdsap" + curve.bits)
                        || curve == P256 && n.equals("prime256v1")) {
                    return curve;
                }
            }
            throw new IllegalArgumentException("unsupported curve '" + name + "' (use P-256, P-384 or P-521)");
        }

        static Curve ofOid(byte[] oid) {
            for (Curve curve : values()) {
                if (Arrays.equals(curve.oid, oid)) {
                    return curve;
                }
            }
            return null;
        }

        /** The curve of a key, or null when it is on another curve. */
        public static Curve of(ECParameterSpec params) {
            for (Curve curve : values()) {
                ECParameterSpec named = curve.params();
                if (named.getCurve().equals(params.getCurve()) && named.getGenerator().equals(params.getGenerator())
                        && named.getOrder().equals(params.getOrder())) {
                    return curve;
                }
            }
            return null;
        }
    }

    /** Why a key could not be read; the caller names the key's source (never its content). */
    public static final class KeyFormatException extends Exception {
        private static final long serialVersionUID = 1L;

        KeyFormatException(String message) {
            super(message);
        }
    }

    private EcKeys() {
    }

    public static KeyPair generate(Curve curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve.stdName));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make " + curve.nistName + " keys", e);
        }
    }

    public static Curve curveOf(PublicKey key) throws KeyFormatException {
        if (!(key instanceof ECPublicKey ec)) {
            throw new KeyFormatException("not an EC key (" + key.getAlgorithm() + "); OMS signs with ECDSA on P-256,"
                    + " P-384 or P-521");
        }
        Curve curve = Curve.of(ec.getParams());
        if (curve == null) {
            throw new KeyFormatException("an EC key on an unsupported curve (OMS: P-256, P-384 or P-521)");
        }
        return curve;
    }

    /** The public key in PEM (SubjectPublicKeyInfo, 64-character lines), exactly as OpenSSL and Python write it. */
    public static String publicPem(PublicKey key) {
        return Ed25519Keys.pem("PUBLIC KEY", key.getEncoded());
    }

    /** {@code publicKey.hint}: the hex SHA-256 of the public key's PEM text, as model_signing computes it. */
    public static String hint(PublicKey key) {
        return HexFormat.of().formatHex(Digests.sha256().digest(publicPem(key).getBytes(StandardCharsets.US_ASCII)));
    }

    /** Writes a key pair: the private key (PKCS#8 PEM) readable by its owner only, the public key world-readable. */
    public static void write(KeyPair pair, Path privateFile, Path publicFile, boolean force) throws IOException {
        if (!force && Files.exists(publicFile)) {
            throw new FileAlreadyExistsException(publicFile.toString());
        }
        Ed25519Keys.writeSecret(privateFile, Ed25519Keys.pem("PRIVATE KEY", pair.getPrivate().getEncoded()), force);
        AtomicFiles.write(publicFile, publicPem(pair.getPublic()).getBytes(StandardCharsets.US_ASCII));
        Files.setPosixFilePermissions(publicFile, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** A private key from PEM text: PKCS#8 ({@code PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}). */
    public static ECPrivateKey readPrivate(String pem) throws KeyFormatException {
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new KeyFormatException("an encrypted private key; aigate reads unencrypted PEM keys (decrypt it"
                    + " with 'openssl pkcs8', and keep it in a protected file or a CI secret)");
        }
        byte[] pkcs8 = decodePem(pem, "PRIVATE KEY");
        try {
            PrivateKey key;
            if (pkcs8 != null) {
                key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } else {
                byte[] sec1 = decodePem(pem, "EC PRIVATE KEY");
                if (sec1 == null) {
                    throw new KeyFormatException("not a PEM private key (expected 'PRIVATE KEY' or 'EC PRIVATE KEY';"
                            + " create one with 'aigate keygen')");
                }
                key = fromSec1(sec1);
            }
            if (!(key instanceof ECPrivateKey ec) || Curve.of(ec.getParams()) == null) {
                throw new KeyFormatException("not an ECDSA key on P-256, P-384 or P-521");
            }
            // The JDK takes any secret; 0 or a multiple of the order has no public key (its point is at infinity).
            if (ec.getS().signum() <= 0 || ec.getS().compareTo(ec.getParams().getOrder()) >= 0) {
                throw new KeyFormatException("not a valid EC private key (its secret is not between 1 and the"
                        + " curve order)");
            }
            return ec;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KeyFormatException("not a valid EC private key (" + e.getClass().getSimpleName() + ")");
        }
    }

    public static ECPublicKey readPublic(String pem) throws KeyFormatException {
        byte[] der = decodePem(pem, "PUBLIC KEY");
        if (der == null) {
            throw new KeyFormatException("not a PEM public key (expected a 'PUBLIC KEY' block)");
        }
        return parsePublic(der);
    }

    /** A public key from its DER SubjectPublicKeyInfo. */
    public static ECPublicKey parsePublic(byte[] der) throws KeyFormatException {
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
            curveOf(key);
            return (ECPublicKey) key;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KeyFormatException("not a valid EC public key (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The public key of a private key: Q = d x G. The JDK has no API for it, and a PKCS#8 file need not carry Q, so it
     * is computed (affine double-and-add; signing-time only, on the signer's machine).
     */
    public static ECPublicKey publicOf(ECPrivateKey key) {
        ECParameterSpec params = key.getParams();
        BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
        BigInteger a = params.getCurve().getA();
        ECPoint result = ECPoint.POINT_INFINITY;
        ECPoint addend = params.getGenerator();
        BigInteger d = key.getS();
        for (int i = 0; i < d.bitLength(); i++) {
            if (d.testBit(i)) {
                result = add(result, addend, p, a);
            }
            addend = add(addend, addend, p, a);
        }
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(result, params));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the EC public key", e);
        }
    }

    private static ECPoint add(ECPoint s, ECPoint t, BigInteger p, BigInteger a) {
        if (s.equals(ECPoint.POINT_INFINITY)) {
            return t;
        }
        if (t.equals(ECPoint.POINT_INFINITY)) {
            return s;
        }
        BigInteger lambda;
        if (s.equals(t)) {
            if (s.getAffineY().signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            BigInteger x = s.getAffineX();
            lambda = x.multiply(x).multiply(BigInteger.valueOf(3)).add(a)
                    .multiply(s.getAffineY().shiftLeft(1).modInverse(p)).mod(p);
        } else {
            BigInteger dx = t.getAffineX().subtract(s.getAffineX()).mod(p);
            if (dx.signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            lambda = t.getAffineY().subtract(s.getAffineY()).multiply(dx.modInverse(p)).mod(p);
        }
        BigInteger x = lambda.multiply(lambda).subtract(s.getAffineX()).subtract(t.getAffineX()).mod(p);
        BigInteger y = lambda.multiply(s.getAffineX().subtract(x)).subtract(s.getAffineY()).mod(p);
        return new ECPoint(x, y);
    }

    /** SEC1 ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] curve OID, [1] public key }. */
    private static PrivateKey fromSec1(byte[] der) throws KeyFormatException, GeneralSecurityException {
        Der.Reader sequence = new Der.Reader(der).sequence();
        sequence.next(Der.INTEGER);
        byte[] secret = sequence.next(Der.OCTET_STRING);
        Curve curve = null;
        while (sequence.hasMore()) {
            Der.Element element = sequence.element();
            if (element.tag() == 0xA0) {
                byte[] oid = new Der.Reader(element.value()).next(Der.OID);
                curve = Curve.ofOid(oid);
            }
        }
        if (curve == null) {
            throw new KeyFormatException("an EC private key without a supported named curve (P-256, P-384, P-521)");
        }
        return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, secret),
                curve.params()));
    }

    static byte[] decodePem(String text, String type) {
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
