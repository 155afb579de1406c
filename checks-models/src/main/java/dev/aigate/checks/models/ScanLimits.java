package dev.aigate.checks.models;

/**
 * The bounds every reader keeps, so that no input makes a scan hang or run out of memory. Exceeding one is an ERROR
 * naming the file and the bound, never a pass.
 *
 * @param maxOpcodes opcodes in one pickle stream
 * @param maxStack values on the pickle stack (and marks) at once
 * @param maxMemo memo entries of one pickle stream
 * @param maxLineBytes one text line of a protocol 0 opcode
 * @param maxNameChars a module or name of an import
 * @param maxStreams pickle streams stacked in one file or member
 * @param maxMembers archive members (per archive)
 * @param maxDepth archives and compressions nested in one another
 * @param maxMemberBytes uncompressed size of one member or decompressed stream
 * @param maxTotalBytes uncompressed bytes read for one input file, across its members
 * @param maxRatio uncompressed to compressed size of one member (zip bombs)
 * @param maxInMemoryBytes a compressed member that must be read at random (a nested archive) is decompressed into
 *     memory up to this size
 * @param maxHeaderBytes a SafeTensors JSON header, a GGUF metadata string or array, a Keras config
 */
record ScanLimits(
        long maxOpcodes,
        int maxStack,
        int maxMemo,
        int maxLineBytes,
        int maxNameChars,
        int maxStreams,
        int maxMembers,
        int maxDepth,
        long maxMemberBytes,
        long maxTotalBytes,
        long maxRatio,
        int maxInMemoryBytes,
        int maxHeaderBytes) {

    static final ScanLimits DEFAULT = new ScanLimits(
            100_000_000L,
            1_000_000,
            4_000_000,
            64 << 20,
            4096,
            1024,
            100_000,
            4,
            16L << 30,
            64L << 30,
            1000,
            64 << 20,
            100_000_000);
}
