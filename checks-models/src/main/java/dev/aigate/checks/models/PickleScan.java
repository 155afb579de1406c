package dev.aigate.checks.models;

import dev.aigate.checks.models.Globals.Judgement;
import dev.aigate.checks.models.Globals.Verdict;
import dev.aigate.checks.models.PickleValue.Called;
import dev.aigate.checks.models.PickleValue.Dict;
import dev.aigate.checks.models.PickleValue.Global;
import dev.aigate.checks.models.PickleValue.Int;
import dev.aigate.checks.models.PickleValue.Sequence;
import dev.aigate.checks.models.PickleValue.Str;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Scans the pickle streams of one file or member: stacked streams to the end (a loader may call {@code pickle.load}
 * again), legacy PyTorch files (the magic number, then four more streams, then raw storages), and joblib's arrays,
 * whose raw bytes sit between the opcodes of the stream (object arrays as a nested stream). Every import, call, BUILD
 * and mutation of an import is judged by {@link Globals}; what is not safe becomes a {@link Hit}.
 */
final class PickleScan implements PickleMachine.Listener {
    /** PyTorch's legacy serialization magic number, the first stream of a legacy file. */
    static final BigInteger TORCH_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final Set<String> JOBLIB_WRAPPERS = Set.of("joblib.numpy_pickle.NumpyArrayWrapper",
            "sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper");

    private static final byte[] ZIP_LOCAL_HEADER = {'P', 'K', 3, 4};

    /** What one scanned file or member held. */
    record Summary(int streams, long opcodes, int protocol, boolean legacyTorch, int joblibArrays) {
    }

    private final Globals globals;
    private final ScanLimits limits;
    private final String member;
    private final boolean torchScript;
    private final ScanSink sink;
    private final Map<Global, Judgement> judged = new IdentityHashMap<>();
    private PickleInput input;
    private int joblibArrays;
    private int nested;

    PickleScan(Globals globals, ScanLimits limits, String member, boolean torchScript, ScanSink sink) {
        this.globals = globals;
        this.limits = limits;
        this.member = member;
        this.torchScript = torchScript;
        this.sink = sink;
    }

    /** Scans every stream from the current position to the end of {@code in}. */
    Summary scan(InputStream in, long knownLength) throws IOException {
        return scan(in, knownLength, false);
    }

    /** @param zipFollows whether a zip archive may follow the streams (it is scanned as a zip) */
    Summary scan(InputStream in, long knownLength, boolean zipFollows) throws IOException {
        input = new PickleInput(in, knownLength);
        if (input.atEnd()) {
            throw new MalformedModelException("empty: no pickle stream");
        }
        PickleMachine machine = new PickleMachine(limits, this);
        int streams = 0;
        long opcodes = 0;
        int protocol = 0;
        boolean legacy = false;
        while (!input.atEnd()) {
            if (zipFollows && streams > 0 && input.startsWith(ZIP_LOCAL_HEADER)) {
                break;
            }
            if (streams >= limits.maxStreams()) {
                throw new MalformedModelException("more than " + limits.maxStreams() + " stacked pickle streams");
            }
            long start = input.offset();
            PickleMachine.Stream stream;
            try {
                stream = machine.run(input);
            } catch (MalformedModelException e) {
                throw streams == 0 ? e : new MalformedModelException("pickle stream " + (streams + 1) + " (after the"
                        + " STOP of stream " + streams + ", from offset " + start + "): " + e.getMessage(), e);
            }
            streams++;
            opcodes += stream.opcodes();
            protocol = Math.max(protocol, stream.protocol());
            if (streams == 1 && stream.value() instanceof Int i && i.value.equals(TORCH_MAGIC)) {
                legacy = true;
            }
            if (legacy && streams == 5) {
                // magic, protocol version, system info, the object, the storage keys: raw storages follow.
                break;
            }
        }
        if (legacy && streams < 5) {
            throw new MalformedModelException("legacy PyTorch file ends after " + streams + " of its 5 pickle streams");
        }
        return new Summary(streams, opcodes, protocol, legacy, joblibArrays);
    }

    @Override
    public void onImport(Global global, String opcode) {
        Judgement judgement = globals.judge(global.module, global.name, torchScript);
        judged.put(global, judgement);
        if (judgement.verdict() == Verdict.DANGEROUS) {
            sink.hit(new Hit(Hit.Kind.CODE_EXECUTION, member, global.offset, global.qualified(),
                    judgement.technique(), opcode + " imports " + global.qualified()));
        } else if (judgement.verdict() == Verdict.UNKNOWN) {
            sink.hit(new Hit(Hit.Kind.UNKNOWN_GLOBAL, member, global.offset, global.qualified(),
                    judgement.technique() == null ? "import on neither the allowlist nor the denylist"
                            : judgement.technique(), opcode + " imports " + global.qualified()));
        }
    }

    @Override
    public void onCall(Called call) {
        Global callee = call.callee();
        if (callee == null) {
            sink.hit(new Hit(Hit.Kind.CODE_EXECUTION, member, call.offset, "<computed callable>",
                    "calls a computed value (" + call.callable.describe() + "), not an import",
                    call.how + " calls " + call.callable.describe()));
            return;
        }
        Judgement judgement = judged.get(callee);
        if (judgement != null && judgement.verdict() == Verdict.DANGEROUS) {
            sink.hit(new Hit(Hit.Kind.CODE_EXECUTION, member, call.offset, callee.qualified(),
                    judgement.technique(), call.how + " calls " + callee.qualified()));
        } else if (judgement != null && judgement.verdict() == Verdict.UNKNOWN) {
            sink.hit(new Hit(Hit.Kind.UNKNOWN_GLOBAL, member, call.offset, callee.qualified(),
                    judgement.technique() == null ? "calls an import on neither the allowlist nor the denylist"
                            : judgement.technique(), call.how + " calls " + callee.qualified()));
        }
    }

    @Override
    public void onBuild(PickleValue target, PickleValue state, long offset, PickleInput in) throws IOException {
        if (target instanceof Global g) {
            sink.hit(new Hit(Hit.Kind.CODE_EXECUTION, member, offset, g.qualified(),
                    "BUILD sets attributes on the imported object itself (monkey-patching)",
                    "BUILD on " + g.qualified()));
            return;
        }
        if (state instanceof Sequence s && s.kind.equals("tuple") && s.items.size() == 2
                && s.items.get(1) instanceof Dict slots) {
            for (PickleValue key : slots.keys) {
                if (key instanceof Str k && k.text.startsWith("__")) {
                    sink.hit(new Hit(Hit.Kind.CODE_EXECUTION, member, offset, target.describe() + "." + k.text,
                            "BUILD sets the special attribute " + k.text + " (changes the object's class or methods)",
                            "BUILD sets " + k.text));
                }
            }
        }
        if (target instanceof Called c && c.callee() != null && JOBLIB_WRAPPERS.contains(c.callee().qualified())) {
            skipJoblibArray(state, offset, in);
        }
    }

    @Override
    public void onMutate(PickleValue target, String opcode, long offset) {
        if (target instanceof Global g) {
            sink.hit(new Hit(Hit.Kind.CODE_EXECUTION, member, offset, g.qualified(),
                    opcode + " on the imported object itself calls its methods", opcode + " on " + g.qualified()));
        }
    }

    @Override
    public void onExtension(long code, long offset) {
        sink.hit(new Hit(Hit.Kind.CODE_EXECUTION, member, offset, "copyreg extension code " + code,
                "import through the extension registry, which cannot be resolved without running the loader",
                "EXT imports extension code " + code));
    }

    /**
     * joblib writes an array's bytes straight after the BUILD of its wrapper (outside any frame): an optional
     * alignment padding, then the data; an object array is a pickle stream of its own, scanned like the rest.
     */
    private void skipJoblibArray(PickleValue state, long offset, PickleInput in) throws IOException {
        if (!(state instanceof Dict d)) {
            throw new MalformedModelException("joblib array wrapper at offset " + offset + " has no state dict");
        }
        in.requireOutsideFrame("joblib array data");
        joblibArrays++;
        NumpyDtype dtype = NumpyDtype.fromPickled(d.get("dtype"));
        if (dtype == null) {
            throw new MalformedModelException("joblib array wrapper at offset " + offset + " has a dtype that"
                    + " cannot be read");
        }
        if (dtype.hasObject()) {
            if (++nested > limits.maxDepth()) {
                throw new MalformedModelException("joblib object arrays nested more than " + limits.maxDepth()
                        + " deep");
            }
            new PickleMachine(limits, this).run(in);
            nested--;
            return;
        }
        if (d.get("numpy_array_alignment_bytes") instanceof Int) {
            int padding = in.u8("joblib array padding length");
            in.skipKeeping(padding, 0, "joblib array padding");
        }
        long count = 1;
        PickleValue shape = d.get("shape");
        if (!(shape instanceof Sequence s) || s.items.size() != s.count) {
            throw new MalformedModelException("joblib array wrapper at offset " + offset + " has no shape tuple");
        }
        for (PickleValue dim : s.items) {
            if (!(dim instanceof Int i) || i.value.signum() < 0 || i.value.bitLength() > 62) {
                throw new MalformedModelException("joblib array wrapper at offset " + offset + " has a bad shape");
            }
            try {
                count = Math.multiplyExact(count, i.value.longValue());
            } catch (ArithmeticException e) {
                throw new MalformedModelException("joblib array wrapper at offset " + offset + " shape overflows");
            }
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(count, dtype.itemSize());
        } catch (ArithmeticException e) {
            throw new MalformedModelException("joblib array wrapper at offset " + offset + " size overflows");
        }
        in.skipKeeping(bytes, 0, "joblib array data of " + bytes + " bytes");
    }
}
