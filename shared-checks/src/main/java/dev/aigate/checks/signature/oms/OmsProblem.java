package dev.aigate.checks.signature.oms;

/**
 * One reason a model does not verify against its bundle. Each kind is a distinct check rule; {@code subject} names
 * the file (the bundle, or the model file that differs).
 */
public record OmsProblem(Kind kind, String subject, String message, String expected, String actual) {
    public enum Kind {
        /** The bundle is not a Sigstore bundle v0.3 (the media type). */
        MEDIA_TYPE,
        /** The bundle uses another signing method than the policy trusts (key, certificate, sigstore). */
        METHOD,
        /** The bundle names a public key (its hint or raw key) that is not a trusted one. */
        UNKNOWN_KEY,
        /** The certificate chain does not lead to a trusted root, is expired, or its leaf may not sign. */
        CERTIFICATE,
        /** The Sigstore certificate, log entry, timestamp or identity does not verify. */
        SIGSTORE,
        /** The DSSE signature over the pre-authentication encoding does not verify. */
        SIGNATURE,
        /** The DSSE payload is not an in-toto statement. */
        PAYLOAD_TYPE,
        /** The statement is not an in-toto Statement v1. */
        STATEMENT_TYPE,
        /** The statement is not an OMS v1.0 model signature. */
        PREDICATE_TYPE,
        /** The subject's root digest is not the digest of the listed resources. */
        SUBJECT_DIGEST,
        /** A file's content differs from its signed digest. */
        FILE_MODIFIED,
        /** A signed file is missing. */
        FILE_MISSING,
        /** A file is in the model folder but not signed (and not ignored). */
        FILE_EXTRA,
        /** A symbolic link where the signature allows none. */
        SYMLINK,
        /** A path that leaves the model folder (a resource name, or a link's target). */
        PATH_ESCAPES
    }

    /** True for problems with the signature itself, after which the signed manifest is not trusted at all. */
    public boolean aboutSignature() {
        return kind.ordinal() <= Kind.SUBJECT_DIGEST.ordinal();
    }
}
