package dev.aigate.checks.signature.sigstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.checks.signature.oms.DsseEnvelope;
import dev.aigate.checks.signature.oms.EcKeys;
import dev.aigate.checks.signature.oms.OmsFormat;
import dev.sigstore.encryption.certificates.transparency.CertificateEntry;
import dev.sigstore.encryption.certificates.transparency.DigitallySigned;
import dev.sigstore.encryption.certificates.transparency.SignedCertificateTimestamp;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private Sigstore instance made at test time (no network): a Fulcio-like CA, a CT log that embeds SCTs in the
 * certificates it sees, and a Rekor-like log of one entry with its inclusion proof and signed checkpoint. It writes the
 * trusted root that names them, and signs OMS bundles keylessly, as a real instance would.
 */
final class PrivateSigstore {
    static final String REKOR = "https://rekor.aigate.test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCT_OID = "1.3.6.1.4.1.11129.2.4.2";

    final KeyPair caKeys = EcKeys.generate(EcKeys.Curve.P384);
    final X509Certificate ca;
    final KeyPair ctKeys = EcKeys.generate(EcKeys.Curve.P256);
    final KeyPair rekorKeys = EcKeys.generate(EcKeys.Curve.P256);

    PrivateSigstore() throws Exception {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("O=aigate test,CN=fulcio"),
                BigInteger.ONE, Date.from(Instant.now().minus(Duration.ofDays(10))),
                Date.from(Instant.now().plus(Duration.ofDays(3650))), new X500Name("O=aigate test,CN=fulcio"),
                caKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        ca = new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(
                "SHA384withECDSA").build(caKeys.getPrivate())));
    }

    static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static byte[] sign(PrivateKey key, byte[] data) throws Exception {
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(key);
        signature.update(data);
        return signature.sign();
    }

    /** The trusted root file naming this instance's CA, CT log and transparency log. */
    Path writeTrustedRoot(Path file) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("mediaType", "application/vnd.dev.sigstore.trustedroot+json;version=0.1");
        root.putArray("tlogs").add(log(REKOR, rekorKeys));
        ObjectNode authority = root.putArray("certificateAuthorities").addObject();
        authority.putObject("subject").put("organization", "aigate test").put("commonName", "fulcio");
        authority.put("uri", "https://fulcio.aigate.test");
        authority.putObject("certChain").putArray("certificates").addObject().put("rawBytes",
                Base64.getEncoder().encodeToString(ca.getEncoded()));
        authority.putObject("validFor").put("start", "2020-01-01T00:00:00Z");
        root.putArray("ctlogs").add(log("https://ctfe.aigate.test", ctKeys));
        root.putArray("timestampAuthorities");
        Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        return file;
    }

    private static ObjectNode log(String url, KeyPair keys) throws Exception {
        ObjectNode log = JSON.createObjectNode();
        log.put("baseUrl", url);
        log.put("hashAlgorithm", "SHA2_256");
        ObjectNode key = log.putObject("publicKey");
        key.put("rawBytes", Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
        key.put("keyDetails", "PKIX_ECDSA_P256_SHA_256");
        key.putObject("validFor").put("start", "2020-01-01T00:00:00Z");
        log.putObject("logId").put("keyId", Base64.getEncoder().encodeToString(sha256(keys.getPublic()
                .getEncoded())));
        return log;
    }

    /** A short-lived signing certificate for {@code email} from OIDC {@code issuer}, with an embedded SCT. */
    X509Certificate issue(KeyPair subject, String email, String issuer) throws Exception {
        Date from = Date.from(Instant.now().minus(Duration.ofMinutes(1)));
        Date to = Date.from(Instant.now().plus(Duration.ofMinutes(10)));
        BigInteger serial = BigInteger.valueOf(System.nanoTime());
        X509v3CertificateBuilder pre = leafBuilder(subject, email, issuer, from, to, serial);
        X509Certificate precertificate = new JcaX509CertificateConverter().getCertificate(pre.build(
                new JcaContentSignerBuilder("SHA384withECDSA").build(caKeys.getPrivate())));
        byte[] tbs = org.bouncycastle.asn1.x509.Certificate.getInstance(precertificate.getEncoded())
                .getTBSCertificate().getEncoded();
        CertificateEntry entry = CertificateEntry.createForPrecertificate(tbs, sha256(ca.getPublicKey()
                .getEncoded()));
        byte[] logId = sha256(ctKeys.getPublic().getEncoded());
        long timestamp = System.currentTimeMillis();
        SignedCertificateTimestamp unsigned = new SignedCertificateTimestamp(SignedCertificateTimestamp.Version.V1,
                logId, timestamp, new byte[0], new DigitallySigned(DigitallySigned.HashAlgorithm.SHA256,
                DigitallySigned.SignatureAlgorithm.ECDSA, new byte[0]), SignedCertificateTimestamp.Origin.EMBEDDED);
        byte[] sctSignature = sign(ctKeys.getPrivate(), unsigned.encodeTBS(entry));
        ByteArrayOutputStream sct = new ByteArrayOutputStream();
        sct.write(0);
        sct.write(logId);
        sct.write(ByteBuffer.allocate(8).putLong(timestamp).array());
        sct.write(new byte[] {0, 0, 4, 3, (byte) (sctSignature.length >> 8), (byte) sctSignature.length});
        sct.write(sctSignature);
        byte[] one = sct.toByteArray();
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        int total = one.length + 2;
        list.write(new byte[] {(byte) (total >> 8), (byte) total, (byte) (one.length >> 8), (byte) one.length});
        list.write(one);
        X509v3CertificateBuilder finalBuilder = leafBuilder(subject, email, issuer, from, to, serial);
        finalBuilder.addExtension(new ASN1ObjectIdentifier(SCT_OID), false, new DEROctetString(list.toByteArray()));
        return new JcaX509CertificateConverter().getCertificate(finalBuilder.build(new JcaContentSignerBuilder(
                "SHA384withECDSA").build(caKeys.getPrivate())));
    }

    private X509v3CertificateBuilder leafBuilder(KeyPair subject, String email, String issuer, Date from, Date to,
            BigInteger serial) throws Exception {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("O=aigate test,CN=fulcio"),
                serial, from, to, new X500Name(new org.bouncycastle.asn1.x500.RDN[0]), subject.getPublic());
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
        builder.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(new GeneralName(
                GeneralName.rfc822Name, email)));
        builder.addExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.1.8"), false, new DERUTF8String(issuer));
        return builder;
    }

    /**
     * A keyless bundle: the envelope signed with {@code signer}, the certificate, and a log entry of kind dsse with
     * its inclusion proof in a one-entry log and the log's signed checkpoint.
     */
    byte[] bundle(KeyPair signer, X509Certificate certificate, byte[] payload) throws Exception {
        Signature ecdsa = Signature.getInstance(EcKeys.curveOf(signer.getPublic()).signatureAlgorithm());
        ecdsa.initSign(signer.getPrivate());
        ecdsa.update(DsseEnvelope.pae(OmsFormat.PAYLOAD_TYPE, payload));
        byte[] sig = ecdsa.sign();
        ObjectNode body = JSON.createObjectNode();
        body.put("apiVersion", "0.0.1");
        body.put("kind", "dsse");
        ObjectNode spec = body.putObject("spec");
        String envelopeJson = JSON.writeValueAsString(JSON.createObjectNode().put("payload", Base64.getEncoder()
                .encodeToString(payload)).put("payloadType", OmsFormat.PAYLOAD_TYPE));
        spec.putObject("envelopeHash").put("algorithm", "sha256").put("value", HexFormat.of().formatHex(sha256(
                envelopeJson.getBytes(StandardCharsets.UTF_8))));
        spec.putObject("payloadHash").put("algorithm", "sha256").put("value", HexFormat.of().formatHex(sha256(
                payload)));
        String pem = dev.aigate.core.keys.Ed25519Keys.pem("CERTIFICATE", certificate.getEncoded());
        spec.putArray("signatures").addObject().put("signature", Base64.getEncoder().encodeToString(sig))
                .put("verifier", Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)));
        byte[] bodyBytes = JSON.writeValueAsBytes(body);
        byte[] leafInput = new byte[bodyBytes.length + 1];
        System.arraycopy(bodyBytes, 0, leafInput, 1, bodyBytes.length);
        byte[] rootHash = sha256(leafInput);
        String note = "rekor.aigate.test - 1\n1\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
        byte[] keyHint = java.util.Arrays.copyOf(sha256(rekorKeys.getPublic().getEncoded()), 4);
        byte[] noteSignature = sign(rekorKeys.getPrivate(), note.getBytes(StandardCharsets.UTF_8));
        byte[] hinted = new byte[4 + noteSignature.length];
        System.arraycopy(keyHint, 0, hinted, 0, 4);
        System.arraycopy(noteSignature, 0, hinted, 4, noteSignature.length);
        String checkpoint = note + "\n\u2014 rekor.aigate.test " + Base64.getEncoder().encodeToString(hinted) + "\n";

        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("mediaType", OmsFormat.BUNDLE_MEDIA_TYPE);
        ObjectNode material = bundle.putObject("verificationMaterial");
        material.putObject("certificate").put("rawBytes", Base64.getEncoder().encodeToString(certificate
                .getEncoded()));
        ObjectNode entry = material.putArray("tlogEntries").addObject();
        entry.put("logIndex", "0");
        entry.putObject("logId").put("keyId", Base64.getEncoder().encodeToString(sha256(rekorKeys.getPublic()
                .getEncoded())));
        entry.putObject("kindVersion").put("kind", "dsse").put("version", "0.0.1");
        long integrated = Instant.now().getEpochSecond();
        entry.put("integratedTime", String.valueOf(integrated));
        // The promise (signed entry timestamp): the log's signature over the canonical JSON of the entry.
        String logId = HexFormat.of().formatHex(sha256(rekorKeys.getPublic().getEncoded()));
        String signable = "{\"body\":\"" + Base64.getEncoder().encodeToString(bodyBytes) + "\",\"integratedTime\":"
                + integrated + ",\"logID\":\"" + logId + "\",\"logIndex\":0}";
        entry.putObject("inclusionPromise").put("signedEntryTimestamp", Base64.getEncoder().encodeToString(
                sign(rekorKeys.getPrivate(), signable.getBytes(StandardCharsets.UTF_8))));
        ObjectNode proof = entry.putObject("inclusionProof");
        proof.put("logIndex", "0");
        proof.put("rootHash", Base64.getEncoder().encodeToString(rootHash));
        proof.put("treeSize", "1");
        proof.putArray("hashes");
        proof.putObject("checkpoint").put("envelope", checkpoint);
        entry.put("canonicalizedBody", Base64.getEncoder().encodeToString(bodyBytes));
        ObjectNode dsse = bundle.putObject("dsseEnvelope");
        dsse.put("payload", Base64.getEncoder().encodeToString(payload));
        dsse.put("payloadType", OmsFormat.PAYLOAD_TYPE);
        ArrayNode signatures = dsse.putArray("signatures");
        signatures.addObject().put("sig", Base64.getEncoder().encodeToString(sig));
        return JSON.writeValueAsBytes(bundle);
    }
}
