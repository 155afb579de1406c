package dev.aigate.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.core.keys.Ed25519Keys;
import dev.aigate.core.InputException;
import dev.aigate.core.io.Digests;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The signature of a report set. With an ECDSA key (the default since OMS): an OpenSSF Model Signing bundle,
 * {@value #SET_FILE_NAME}, over every file of the report folder, so that editing, deleting or adding any report file
 * fails verification, and the HTML a release manager reads is covered like the JSON. With an Ed25519 key (legacy, one
 * more release): a detached signature over the exact bytes of {@code aigate-report.json}, {@value #FILE_NAME}, which
 * covers the JSON only (and the HTML through the JSON digest it records).
 */
public final class ReportSignature {
    public static final String FILE_NAME = JsonReport.FILE_NAME + ".sig";
    /** The OMS bundle over the whole report set. */
    public static final String SET_FILE_NAME = "aigate-report.sig";
    public static final String FORMAT = "aigate-report-signature";
    private static final int MAX_SIGNATURE_FILE = 16 * 1024;
    private static final int MAX_HTML_HEAD = 8 * 1024;
    private static final Pattern DIGEST_META = Pattern.compile(
            "<meta name=\"" + HtmlReport.DIGEST_META + "\" content=\"([0-9a-f]{64})\">");

    private ReportSignature() {
    }

    /** A report signing key in PEM: ECDSA (P-256/384/521: the report set is signed) or Ed25519 (legacy). */
    public static PrivateKey readSigningKey(dev.aigate.core.keys.KeySource.Secret secret) {
        try {
            PrivateKey key = dev.aigate.checks.signature.oms.EcKeys.readPrivate(secret.text());
            secret.wipe();
            return key;
        } catch (dev.aigate.checks.signature.oms.EcKeys.KeyFormatException e) {
            return Ed25519Keys.readPrivate(secret);
        }
    }

    /** A report verification key in PEM: ECDSA or Ed25519. */
    public static PublicKey readPublicKey(Path file) {
        String text = new String(dev.aigate.core.io.BoundedFiles.read(file, dev.aigate.core.keys.KeySource.MAX_BYTES,
                "public key file"), StandardCharsets.US_ASCII);
        try {
            return dev.aigate.checks.signature.oms.EcKeys.readPublic(text);
        } catch (dev.aigate.checks.signature.oms.EcKeys.KeyFormatException e) {
            return Ed25519Keys.readPublic(file);
        }
    }

    /**
     * The OMS bundle over the report files about to be written ({@code files}: name to bytes, the bundle itself
     * excluded), signed with an ECDSA key.
     */
    public static byte[] signSet(java.util.Map<String, byte[]> files, java.security.interfaces.ECPrivateKey key) {
        List<dev.aigate.checks.signature.oms.Resource> resources = new ArrayList<>();
        for (java.util.Map.Entry<String, byte[]> file : files.entrySet()) {
            resources.add(new dev.aigate.checks.signature.oms.Resource(file.getKey(), "sha256",
                    Digests.sha256Hex(file.getValue())));
        }
        resources.sort(dev.aigate.checks.signature.oms.Resource.SPEC_ORDER);
        List<String> ignores = new ArrayList<>(dev.aigate.checks.signature.oms.OmsFormat.DEFAULT_IGNORES);
        ignores.add(SET_FILE_NAME);
        var statement = dev.aigate.checks.signature.oms.Statement.of("aigate-report",
                dev.aigate.checks.signature.oms.Serialization.files(false, ignores), resources);
        return dev.aigate.checks.signature.oms.OmsSigner.bundle(statement,
                dev.aigate.checks.signature.oms.OmsSigner.SigningKey.key(key));
    }

    /** The signature file's content for {@code json}, the bytes of the JSON report. */
    public static byte[] sign(byte[] json, PrivateKey key) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(key);
            ed25519.update(json);
            ObjectNode node = JsonReport.mapper().createObjectNode();
            node.put("format", FORMAT);
            node.put("formatVersion", 1);
            node.put("algorithm", "Ed25519");
            node.put("report", JsonReport.FILE_NAME);
            node.put("reportSha256", Digests.sha256Hex(json));
            node.put("keyFingerprint", Ed25519Keys.fingerprint(Ed25519Keys.publicOf(key)));
            node.put("signature", Base64.getEncoder().encodeToString(ed25519.sign()));
            return JsonReport.mapper().writeValueAsBytes(node);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign the report: " + e.getMessage(), e);
        }
    }

    /**
     * What verification found: {@code problems} is empty when the report is intact, signed by {@code key} and the
     * HTML matches it.
     */
    public record Verification(String signerFingerprint, String expectedFingerprint, String reportSha256,
            boolean htmlChecked, List<String> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /**
     * Verifies the reports in {@code directory} against {@code key}. Missing or malformed files are
     * {@link InputException}s (the check cannot be made); a changed report or a wrong key are problems.
     */
    public static Verification verify(Path directory, PublicKey key) {
        if (key instanceof java.security.interfaces.ECPublicKey ec) {
            return verifySet(directory, ec);
        }
        Path jsonFile = directory.resolve(JsonReport.FILE_NAME);
        Path signatureFile = directory.resolve(FILE_NAME);
        byte[] json = read(jsonFile, JsonReportReader.MAX_BYTES, "gate report");
        byte[] signatureBytes = read(signatureFile, MAX_SIGNATURE_FILE, "report signature");
        JsonNode signature;
        try {
            signature = JsonReport.mapper().readTree(signatureBytes);
        } catch (IOException e) {
            throw new InputException(signatureFile, "malformed report signature: not JSON");
        }
        if (signature == null || !FORMAT.equals(signature.path("format").asText())
                || !"Ed25519".equals(signature.path("algorithm").asText())) {
            throw new InputException(signatureFile, "not an aigate Ed25519 report signature");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(signature.path("signature").asText(""));
        } catch (IllegalArgumentException e) {
            throw new InputException(signatureFile, "malformed report signature: the signature is not Base64");
        }
        String actualSha = Digests.sha256Hex(json);
        String expected = Ed25519Keys.fingerprint(key);
        String signer = signature.path("keyFingerprint").asText("");
        List<String> problems = new ArrayList<>();
        if (!actualSha.equals(signature.path("reportSha256").asText())) {
            problems.add(jsonFile + ": changed after it was signed (sha256 " + actualSha + ", signed "
                    + signature.path("reportSha256").asText() + ")");
        }
        if (!verifies(json, raw, key)) {
            problems.add(signatureFile + ": the signature does not verify with the given key (" + expected
                    + "); it names the signer " + signer);
        }
        Path htmlFile = directory.resolve(HtmlReport.FILE_NAME);
        boolean htmlChecked = Files.exists(htmlFile);
        if (htmlChecked) {
            String recorded = htmlDigest(htmlFile);
            if (recorded == null) {
                problems.add(htmlFile + ": records no digest of the JSON report it was generated from");
            } else if (!recorded.equals(actualSha)) {
                problems.add(htmlFile + ": was generated from another JSON report (sha256 " + recorded + ", not "
                        + actualSha + ")");
            }
        }
        return new Verification(signer, expected, actualSha, htmlChecked, List.copyOf(problems));
    }

    /**
     * Verifies the OMS bundle over the whole report folder: every file as signed, none missing, none added; and the
     * HTML's recorded JSON digest (a second binding, for readers who open the page alone).
     */
    private static Verification verifySet(Path directory, java.security.interfaces.ECPublicKey key) {
        Path bundle = directory.resolve(SET_FILE_NAME);
        if (!Files.exists(bundle)) {
            throw new InputException(bundle, Files.exists(directory.resolve(FILE_NAME))
                    ? "report set signature not found; the folder has a legacy Ed25519 signature of the JSON report"
                    + " only: verify it with the Ed25519 public key" : "report set signature not found");
        }
        var result = dev.aigate.checks.signature.oms.OmsVerifier.verify(directory, bundle,
                dev.aigate.checks.signature.oms.OmsVerifier.Trust.keys(List.of(key)),
                dev.aigate.checks.signature.oms.OmsVerifier.Options.defaults());
        List<String> problems = new ArrayList<>();
        for (var problem : result.problems()) {
            Path subject = problem.aboutSignature() ? bundle : directory.resolve(problem.subject());
            String detail = switch (problem.kind()) {
                case FILE_MODIFIED -> "changed after the report set was signed (" + problem.expected() + ", now "
                        + problem.actual() + ")";
                case FILE_MISSING -> "deleted after the report set was signed";
                case FILE_EXTRA -> "added after the report set was signed";
                default -> problem.message();
            };
            problems.add(subject + ": " + detail);
        }
        Path jsonFile = directory.resolve(JsonReport.FILE_NAME);
        String actualSha = Files.exists(jsonFile) ? Digests.sha256Hex(read(jsonFile, JsonReportReader.MAX_BYTES,
                "gate report")) : null;
        Path htmlFile = directory.resolve(HtmlReport.FILE_NAME);
        boolean htmlChecked = Files.exists(htmlFile) && actualSha != null;
        if (htmlChecked) {
            String recorded = htmlDigest(htmlFile);
            if (recorded == null || !recorded.equals(actualSha)) {
                problems.add(htmlFile + ": was not generated from the signed JSON report");
            }
        }
        String expected = dev.aigate.checks.signature.oms.EcKeys.hint(key);
        return new Verification(result.signer(), expected, actualSha, htmlChecked, List.copyOf(problems));
    }

    private static boolean verifies(byte[] json, byte[] raw, PublicKey key) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key);
            ed25519.update(json);
            return ed25519.verify(raw);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static String htmlDigest(Path html) {
        try (InputStream in = dev.aigate.core.io.BoundedFiles.openRegular(html, "HTML report")) {
            String head = new String(in.readNBytes(MAX_HTML_HEAD), StandardCharsets.UTF_8);
            Matcher matcher = DIGEST_META.matcher(head);
            return matcher.find() ? matcher.group(1) : null;
        } catch (IOException e) {
            throw new InputException(html, "cannot read the HTML report: " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file, long limit, String what) {
        return dev.aigate.core.io.BoundedFiles.read(file, (int) Math.min(Integer.MAX_VALUE - 16, limit), what);
    }
}
