package dev.aigate.checks.models;

/**
 * Something the scan found in one file, before it becomes a finding: which rule, where (archive member, byte offset),
 * what (the import or call as {@code module.name}, a layer class, an external-data path...) and how (the technique).
 *
 * @param member the archive member path (members of nested archives joined by '!'), or null for the file itself
 * @param offset the byte offset of the opcode or field inside the member (or file), or -1
 */
record Hit(Kind kind, String member, long offset, String what, String technique, String detail) {
    enum Kind {
        CODE_EXECUTION, UNKNOWN_GLOBAL, KERAS_LAMBDA, KERAS_CUSTOM_OBJECT, ONNX_EXTERNAL_DATA, ONNX_CUSTOM_DOMAIN,
        GGUF_TEMPLATE_CODE, UNSCANNED
    }

    /** Hits about the same thing in the same place are reported once. */
    String key() {
        return kind + "\u0000" + member + "\u0000" + what;
    }
}
