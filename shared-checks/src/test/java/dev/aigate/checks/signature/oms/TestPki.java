package dev.aigate.checks.signature.oms;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test PKI made at test time with BouncyCastle (tests only): a root CA, an intermediate, signing certificates,
 * and the broken variants the verifier must refuse.
 */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    /** A certificate and its key. */
    public record Issued(X509Certificate certificate, KeyPair keys) {
    }

    private TestPki() {
    }

    public static Issued root(String name) {
        KeyPair keys = EcKeys.generate(EcKeys.Curve.P384);
        return new Issued(build(name, name, keys, keys, Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(365)), true, true), keys);
    }

    public static Issued intermediate(String name, Issued issuer) {
        KeyPair keys = EcKeys.generate(EcKeys.Curve.P256);
        return new Issued(build(name, issuer.certificate().getSubjectX500Principal().getName(), keys, issuer.keys(),
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(300)), true, true), keys);
    }

    /** A code-signing leaf valid from {@code from} to {@code to}; {@code maySign} false leaves out every usage. */
    public static Issued leaf(String name, Issued issuer, EcKeys.Curve curve, Instant from, Instant to, boolean maySign) {
        KeyPair keys = EcKeys.generate(curve);
        return new Issued(build(name, issuer.certificate().getSubjectX500Principal().getName(), keys, issuer.keys(),
                from, to, false, maySign), keys);
    }

    public static Issued leaf(String name, Issued issuer) {
        return leaf(name, issuer, EcKeys.Curve.P256, Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(30)), true);
    }

    private static X509Certificate build(String subject, String issuer, KeyPair subjectKeys, KeyPair issuerKeys,
            Instant from, Instant to, boolean ca, boolean usage) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(to),
                    new X500Name(subject), subjectKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else if (usage) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyEncipherment));
            }
            String algorithm = EcKeys.curveOf(issuerKeys.getPublic()).signatureAlgorithm();
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder(algorithm).build(issuerKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(X509Certificate certificate) {
        try {
            return dev.aigate.core.keys.Ed25519Keys.pem("CERTIFICATE", certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path writePem(Path file, List<X509Certificate> certificates) throws java.io.IOException {
        StringBuilder text = new StringBuilder();
        certificates.forEach(c -> text.append(pem(c)));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        return file;
    }
}
