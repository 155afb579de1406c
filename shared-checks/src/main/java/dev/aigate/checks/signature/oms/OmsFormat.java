package dev.aigate.checks.signature.oms;

import java.util.List;

/**
 * The constants of the OpenSSF Model Signing (OMS) v1.0 format: a Sigstore bundle (v0.3) holding a DSSE envelope of an
 * in-toto Statement v1 whose predicate lists every file of the model.
 */
public final class OmsFormat {
    public static final String BUNDLE_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
    public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
    public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    public static final String PREDICATE_TYPE = "https://model_signing/signature/v1.0";
    /** The predicate of model_signing 0.2, with the digests in the subjects: recognised, to say so, not verified. */
    public static final String LEGACY_PREDICATE_TYPE = "https://model_signing/Digests/v0.1";
    /** The spec's default exclusions, matched as top-level names of the model folder. */
    public static final List<String> DEFAULT_IGNORES = List.of(".git", ".gitattributes", ".github", ".gitignore");
    /** The spec's (and model_signing's) default shard size: 1 GB. */
    public static final long DEFAULT_SHARD_SIZE = 1_000_000_000L;
    /** The usual name of a bundle (the spec's "SHOULD be named with a .sig extension"; model_signing's default). */
    public static final String DEFAULT_BUNDLE_NAME = "model.sig";

    private OmsFormat() {
    }
}
