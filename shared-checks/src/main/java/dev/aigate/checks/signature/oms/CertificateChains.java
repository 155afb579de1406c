package dev.aigate.checks.signature.oms;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/** X.509 for the {@code certificate} method: PEM and DER certificates, and the JDK's PKIX path validation. */
public final class CertificateChains {
    private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    private static final int MAX_CERTIFICATES = 64;

    private CertificateChains() {
    }

    /** Every certificate of a PEM text (one or more {@code CERTIFICATE} blocks), in order. */
    public static List<X509Certificate> readPem(String text) throws CertificateException {
        List<X509Certificate> certificates = new ArrayList<>();
        String begin = "-----BEGIN CERTIFICATE-----";
        String end = "-----END CERTIFICATE-----";
        int from = text.indexOf(begin);
        while (from >= 0) {
            int to = text.indexOf(end, from);
            if (to < 0) {
                throw new CertificateException("a PEM certificate block has no END line");
            }
            byte[] der = EcKeys.decodePem(text.substring(from, to + end.length()), "CERTIFICATE");
            if (der == null) {
                throw new CertificateException("a PEM certificate block is not base64");
            }
            certificates.add(parse(der));
            if (certificates.size() > MAX_CERTIFICATES) {
                throw new CertificateException("more than " + MAX_CERTIFICATES + " certificates");
            }
            from = text.indexOf(begin, to);
        }
        if (certificates.isEmpty()) {
            throw new CertificateException("no PEM 'CERTIFICATE' block");
        }
        return certificates;
    }

    public static X509Certificate parse(byte[] der) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(der));
    }

    public static String fingerprint(X509Certificate certificate) {
        try {
            return "sha256:" + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Why {@code chain} (leaf first, then intermediates) does not lead to one of {@code roots} at time {@code at}, or
     * why its leaf may not sign; null when it is valid. Revocation is not checked (no network, no CRLs given).
     */
    public static String problem(List<X509Certificate> chain, List<X509Certificate> roots, Instant at) {
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate root : roots) {
            anchors.add(new TrustAnchor(root, null));
        }
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate certificate : chain) {
            // A bundle may carry the root itself; the path ends below the anchor.
            if (!roots.contains(certificate)) {
                path.add(certificate);
            }
        }
        if (path.isEmpty()) {
            return "the signing certificate is itself a trusted root, not a certificate issued by one";
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (CertPathValidatorException e) {
            String reason = e.getReason() == null ? "" : " (" + e.getReason() + ")";
            return "the certificate chain does not verify against the trusted roots: " + e.getMessage() + reason;
        } catch (GeneralSecurityException e) {
            return "the certificate chain cannot be validated: " + e.getMessage();
        }
        X509Certificate leaf = chain.get(0);
        boolean[] usage = leaf.getKeyUsage();
        boolean digitalSignature = usage != null && usage.length > 0 && usage[0];
        boolean codeSigning = false;
        try {
            codeSigning = leaf.getExtendedKeyUsage() != null && leaf.getExtendedKeyUsage().contains(CODE_SIGNING);
        } catch (CertificateException e) {
            return "the signing certificate's extended key usage cannot be read";
        }
        if (!digitalSignature && !codeSigning) {
            return "the signing certificate may not sign (no digitalSignature key usage, no codeSigning extended key"
                    + " usage)";
        }
        return null;
    }
}
