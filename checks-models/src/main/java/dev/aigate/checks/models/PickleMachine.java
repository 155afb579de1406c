package dev.aigate.checks.models;

import dev.aigate.checks.models.PickleValue.Bytes;
import dev.aigate.checks.models.PickleValue.Called;
import dev.aigate.checks.models.PickleValue.Dict;
import dev.aigate.checks.models.PickleValue.Global;
import dev.aigate.checks.models.PickleValue.Int;
import dev.aigate.checks.models.PickleValue.Sequence;
import dev.aigate.checks.models.PickleValue.Str;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An inert pickle machine: it runs every opcode of protocols 0 to 5 the way CPython's unpickler does (stack, marks,
 * memo, frames), but an import only yields the name it would import and a call only yields a record of what would be
 * called with what. It never imports or calls anything. Every import, call, BUILD and mutation of an imported object
 * is reported to a {@link Listener} with the offset of its opcode; anything CPython would refuse (an unknown opcode, a
 * stack underflow, a memo reference to nothing, a stream that ends before STOP) is a {@link MalformedModelException},
 * and so is a bound of {@link ScanLimits} exceeded.
 */
final class PickleMachine {
    static final int HIGHEST_PROTOCOL = 5;

    /** What the machine saw, as it saw it. */
    interface Listener {
        /** GLOBAL, INST or STACK_GLOBAL resolved {@code global} (names already mapped as fix_imports would). */
        void onImport(Global global, String opcode);

        /** REDUCE, NEWOBJ, NEWOBJ_EX, OBJ or INST would call {@code call.callable}. */
        void onCall(Called call);

        /** BUILD would set {@code state} on {@code target}: {@code __setstate__}, or attributes. */
        default void onBuild(PickleValue target, PickleValue state, long offset, PickleInput in) throws IOException {
        }

        /** APPEND(S), SETITEM(S) or ADDITEMS would call a method of {@code target}, which is not a plain container. */
        default void onMutate(PickleValue target, String opcode, long offset) {
        }

        /** EXT1/2/4: an import through the extension registry, which a scanner cannot resolve. */
        default void onExtension(long code, long offset) {
        }
    }

    /** One stream run to its STOP. */
    record Stream(long start, long end, int protocol, long opcodes, PickleValue value) {
    }

    private static final Map<String, String[]> NAME_MAPPING = new HashMap<>();
    private static final Map<String, String> IMPORT_MAPPING = new HashMap<>();

    static {
        try (var in = PickleMachine.class.getResourceAsStream("compat-pickle.tsv")) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                String[] f = line.split("\t");
                if (f[0].equals("N") && f.length == 5) {
                    NAME_MAPPING.put(f[1] + "\u0000" + f[2], new String[] {f[3], f[4]});
                } else if (f[0].equals("I") && f.length == 3) {
                    IMPORT_MAPPING.put(f[1], f[2]);
                }
            }
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("compat-pickle.tsv missing from the models check", e);
        }
    }

    private final ScanLimits limits;
    private final Listener listener;

    PickleMachine(ScanLimits limits, Listener listener) {
        this.limits = limits;
        this.listener = listener;
    }

    /** Runs one stream from the current offset of {@code in} to its STOP. */
    Stream run(PickleInput in) throws IOException {
        return new Run(in).go();
    }

    private final class Run {
        private final PickleInput in;
        private List<PickleValue> stack = new ArrayList<>();
        private final List<List<PickleValue>> metastack = new ArrayList<>();
        private int depth;
        private final Map<Long, PickleValue> memo = new HashMap<>();
        private int protocol;
        private int highestProtocol;
        private long opcodes;
        private long at;

        Run(PickleInput in) {
            this.in = in;
        }

        Stream go() throws IOException {
            long start = in.offset();
            boolean[] overflow = new boolean[1];
            while (true) {
                in.startOpcode();
                at = in.offset();
                if (in.atEnd()) {
                    throw new MalformedModelException("truncated: the pickle stream that starts at offset " + start
                            + " ends at offset " + at + " before STOP");
                }
                int op = in.u8("opcode");
                if (++opcodes > limits.maxOpcodes()) {
                    throw new MalformedModelException("more than " + limits.maxOpcodes() + " opcodes in the pickle"
                            + " stream that starts at offset " + start);
                }
                if (op == '.') {
                    PickleValue value = pop("STOP");
                    return new Stream(start, in.offset(), highestProtocol, opcodes, value);
                }
                // One method per family of opcodes rather than one switch: the JIT then compiles small methods, and
                // only the hot ones (a single 2.8 KB loop cost more compile time than 10,000 small files' scan).
                if (!(stackOrMemo(op, overflow) || scalar(op, overflow) || container(op, overflow)
                        || callOrImport(op, overflow))) {
                    throw new MalformedModelException(String.format(
                            "invalid pickle opcode 0x%02x at offset %d", op, at));
                }
            }
        }

        /** Marks, stack and memo opcodes, the protocol and frames; false when {@code op} is not one of them. */
        private boolean stackOrMemo(int op, boolean[] overflow) throws IOException {
            switch (op) {
                case '(' -> mark();
                case '0' -> {
                    if (!stack.isEmpty()) {
                        stack.remove(stack.size() - 1);
                        depth--;
                    } else {
                        popMark("POP");
                    }
                }
                case '1' -> popMark("POP_MARK");
                case '2' -> push(top("DUP"));
                case 'g' -> push(get(parseMemoIndex(text("GET", overflow), "GET")));
                case 'h' -> push(get(in.u8("BINGET")));
                case 'j' -> push(get(in.little(4, "LONG_BINGET")));
                case 'p' -> put(parseMemoIndex(text("PUT", overflow), "PUT"));
                case 'q' -> put(in.u8("BINPUT"));
                case 'r' -> put(in.little(4, "LONG_BINPUT"));
                case 0x94 -> put(memo.size());
                case 0x80 -> {
                    int version = in.u8("PROTO");
                    if (version > HIGHEST_PROTOCOL) {
                        throw malformed("unsupported pickle protocol " + version);
                    }
                    protocol = version;
                    highestProtocol = Math.max(highestProtocol, version);
                }
                case 0x95 -> in.frame(in.little(8, "FRAME"), at);
                default -> {
                    return false;
                }
            }
            return true;
        }

        /** Opcodes that push a number, a string, bytes or a buffer; false when {@code op} is not one of them. */
        private boolean scalar(int op, boolean[] overflow) throws IOException {
            switch (op) {
                case 'F' -> push(new PickleValue.Float(parseFloat(text("FLOAT", overflow))));
                case 'I' -> {
                    String t = text("INT", overflow);
                    push(t.equals("00") ? PickleValue.FALSE : t.equals("01") ? PickleValue.TRUE
                            : new Int(parseInt(t, "INT")));
                }
                case 'J' -> push(Int.of((int) in.little(4, "BININT")));
                case 'K' -> push(Int.of(in.u8("BININT1")));
                case 'M' -> push(Int.of(in.little(2, "BININT2")));
                case 'L' -> {
                    String t = text("LONG", overflow);
                    push(new Int(parseInt(t.endsWith("L") ? t.substring(0, t.length() - 1) : t, "LONG")));
                }
                case 0x8a -> push(new Int(longBytes(in.u8("LONG1"), "LONG1")));
                case 0x8b -> {
                    long n = (int) in.little(4, "LONG4");
                    if (n < 0) {
                        throw malformed("LONG4 with a negative byte count");
                    }
                    push(new Int(longBytes(n, "LONG4")));
                }
                case 'N' -> push(PickleValue.NONE);
                case 0x88 -> push(PickleValue.TRUE);
                case 0x89 -> push(PickleValue.FALSE);
                case 'G' -> push(new PickleValue.Float(Double.longBitsToDouble(in.bigEndian8("BINFLOAT"))));
                case 'P' -> {
                    byte[] line = in.line(limits.maxNameChars(), "PERSID", overflow);
                    push(new PickleValue.Persistent(Str.of(PickleInput.ascii(line))));
                }
                case 'Q' -> push(new PickleValue.Persistent(pop("BINPERSID")));
                case 'S' -> push(quotedString(in.line(limits.maxLineBytes(), "STRING", overflow), overflow[0]));
                case 'T' -> {
                    long n = (int) in.little(4, "BINSTRING");
                    if (n < 0) {
                        throw malformed("BINSTRING with a negative length");
                    }
                    push(latin1(n, "BINSTRING"));
                }
                case 'U' -> push(latin1(in.u8("SHORT_BINSTRING"), "SHORT_BINSTRING"));
                case 'B' -> push(bytes(in.little(4, "BINBYTES"), "BINBYTES", false));
                case 'C' -> push(bytes(in.u8("SHORT_BINBYTES"), "SHORT_BINBYTES", false));
                case 0x8e -> push(bytes(in.little(8, "BINBYTES8"), "BINBYTES8", false));
                case 0x96 -> push(bytes(in.little(8, "BYTEARRAY8"), "BYTEARRAY8", true));
                case 0x97 -> push(new PickleValue.Buffer());
                case 0x98 -> top("READONLY_BUFFER");
                case 'V' -> push(rawUnicodeEscape(in.line(limits.maxLineBytes(), "UNICODE", overflow),
                        overflow[0]));
                case 'X' -> push(utf8(in.little(4, "BINUNICODE"), "BINUNICODE"));
                case 0x8c -> push(utf8(in.u8("SHORT_BINUNICODE"), "SHORT_BINUNICODE"));
                case 0x8d -> push(utf8(in.little(8, "BINUNICODE8"), "BINUNICODE8"));
                default -> {
                    return false;
                }
            }
            return true;
        }

        /** Opcodes that build or fill a tuple, list, dict or set; false when {@code op} is not one of them. */
        private boolean container(int op, boolean[] overflow) throws IOException {
            switch (op) {
                case ')' -> push(new Sequence("tuple"));
                case 't' -> push(new Sequence("tuple", popMark("TUPLE")));
                case 0x85 -> push(new Sequence("tuple", List.of(pop("TUPLE1"))));
                case 0x86 -> {
                    PickleValue b = pop("TUPLE2");
                    PickleValue a = pop("TUPLE2");
                    push(new Sequence("tuple", List.of(a, b)));
                }
                case 0x87 -> {
                    PickleValue c = pop("TUPLE3");
                    PickleValue b = pop("TUPLE3");
                    PickleValue a = pop("TUPLE3");
                    push(new Sequence("tuple", List.of(a, b, c)));
                }
                case ']' -> push(new Sequence("list"));
                case 'l' -> push(new Sequence("list", popMark("LIST")));
                case '}' -> push(new Dict());
                case 'd' -> push(dict(popMark("DICT"), "DICT"));
                case 0x8f -> push(new Sequence("set"));
                case 0x91 -> push(new Sequence("frozenset", popMark("FROZENSET")));
                case 'a' -> {
                    PickleValue value = pop("APPEND");
                    append(top("APPEND"), List.of(value), "APPEND");
                }
                case 'e' -> {
                    List<PickleValue> items = popMark("APPENDS");
                    append(top("APPENDS"), items, "APPENDS");
                }
                case 's' -> {
                    PickleValue value = pop("SETITEM");
                    PickleValue key = pop("SETITEM");
                    setItems(top("SETITEM"), List.of(key, value), "SETITEM");
                }
                case 'u' -> {
                    List<PickleValue> items = popMark("SETITEMS");
                    setItems(top("SETITEMS"), items, "SETITEMS");
                }
                case 0x90 -> {
                    List<PickleValue> items = popMark("ADDITEMS");
                    PickleValue target = top("ADDITEMS");
                    if (target instanceof Sequence s && s.kind.equals("set")) {
                        items.forEach(s::add);
                    } else {
                        mutate(target, "ADDITEMS");
                    }
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        /** Imports, calls, extensions and BUILD: what the judge looks at; false when {@code op} is not one of them. */
        private boolean callOrImport(int op, boolean[] overflow) throws IOException {
            switch (op) {
                case 'c' -> {
                    String module = name(in.line(limits.maxNameChars(), "GLOBAL module", overflow), overflow);
                    String name = name(in.line(limits.maxNameChars(), "GLOBAL name", overflow), overflow);
                    push(resolve(module, name, "GLOBAL"));
                }
                case 0x93 -> {
                    PickleValue name = pop("STACK_GLOBAL");
                    PickleValue module = pop("STACK_GLOBAL");
                    push(resolve(operand(module), operand(name), "STACK_GLOBAL"));
                }
                case 'i' -> {
                    String module = name(in.line(limits.maxNameChars(), "INST module", overflow), overflow);
                    String name = name(in.line(limits.maxNameChars(), "INST name", overflow), overflow);
                    Global cls = resolve(module, name, "INST");
                    push(call(cls, new Sequence("tuple", popMark("INST")), "INST"));
                }
                case 'o' -> {
                    List<PickleValue> items = popMark("OBJ");
                    if (items.isEmpty()) {
                        throw malformed("OBJ without a class");
                    }
                    push(call(items.get(0), new Sequence("tuple", items.subList(1, items.size())), "OBJ"));
                }
                case 0x81 -> {
                    PickleValue args = pop("NEWOBJ");
                    PickleValue cls = pop("NEWOBJ");
                    requireTuple(args, "NEWOBJ");
                    push(call(cls, args, "NEWOBJ"));
                }
                case 0x92 -> {
                    pop("NEWOBJ_EX");
                    PickleValue args = pop("NEWOBJ_EX");
                    PickleValue cls = pop("NEWOBJ_EX");
                    requireTuple(args, "NEWOBJ_EX");
                    push(call(cls, args, "NEWOBJ_EX"));
                }
                case 0x82 -> extension(in.u8("EXT1"));
                case 0x83 -> extension(in.little(2, "EXT2"));
                case 0x84 -> extension((int) in.little(4, "EXT4"));
                case 'R' -> {
                    PickleValue args = pop("REDUCE");
                    PickleValue callable = pop("REDUCE");
                    requireTuple(args, "REDUCE");
                    push(call(callable, args, "REDUCE"));
                }
                case 'b' -> {
                    PickleValue state = pop("BUILD");
                    PickleValue target = top("BUILD");
                    if (target instanceof Called c) {
                        c.state = state;
                    }
                    listener.onBuild(target, state, at, in);
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private MalformedModelException malformed(String problem) {
            return new MalformedModelException(problem + " at offset " + at);
        }

        private void push(PickleValue value) {
            if (++depth > limits.maxStack()) {
                throw malformed("more than " + limits.maxStack() + " values on the pickle stack");
            }
            stack.add(value);
        }

        private PickleValue pop(String opcode) {
            if (stack.isEmpty()) {
                throw malformed(opcode + " on an empty stack (stack underflow)");
            }
            depth--;
            return stack.remove(stack.size() - 1);
        }

        private PickleValue top(String opcode) {
            if (stack.isEmpty()) {
                throw malformed(opcode + " on an empty stack (stack underflow)");
            }
            return stack.get(stack.size() - 1);
        }

        private void mark() {
            if (++depth > limits.maxStack()) {
                throw malformed("more than " + limits.maxStack() + " values and marks on the pickle stack");
            }
            metastack.add(stack);
            stack = new ArrayList<>();
        }

        private List<PickleValue> popMark(String opcode) {
            if (metastack.isEmpty()) {
                throw malformed(opcode + " without a MARK");
            }
            List<PickleValue> items = stack;
            depth -= items.size() + 1;
            stack = metastack.remove(metastack.size() - 1);
            return items;
        }

        private PickleValue get(long index) {
            PickleValue value = memo.get(index);
            if (value == null) {
                throw malformed("memo reference to index " + index + ", which nothing was stored at (dangling memo"
                        + " reference)");
            }
            return value;
        }

        private void put(long index) {
            if (index < 0) {
                throw malformed("negative memo index");
            }
            PickleValue value = top("PUT");
            if (memo.put(index, value) == null && memo.size() > limits.maxMemo()) {
                throw malformed("more than " + limits.maxMemo() + " memo entries");
            }
        }

        private String text(String opcode, boolean[] overflow) throws IOException {
            byte[] line = in.line(1 << 16, opcode, overflow);
            if (overflow[0]) {
                throw malformed(opcode + " argument longer than 65536 bytes");
            }
            return PickleInput.ascii(line);
        }

        private String name(byte[] line, boolean[] overflow) {
            if (overflow[0]) {
                throw malformed("import name longer than " + limits.maxNameChars() + " characters");
            }
            return Utf8.decode(line, 0, line.length).orElseThrow(() -> malformed("import name is not valid UTF-8"));
        }

        private String operand(PickleValue value) {
            if (!(value instanceof Str s)) {
                throw malformed("STACK_GLOBAL operand is " + value.describe() + ", not a str");
            }
            if (!s.complete || s.length > limits.maxNameChars()) {
                throw malformed("STACK_GLOBAL operand longer than " + limits.maxNameChars() + " characters");
            }
            return s.text;
        }

        private Global resolve(String module, String name, String opcode) {
            if (protocol < 3) {
                String[] renamed = NAME_MAPPING.get(module + "\u0000" + name);
                if (renamed != null) {
                    module = renamed[0];
                    name = renamed[1];
                } else if (IMPORT_MAPPING.containsKey(module)) {
                    module = IMPORT_MAPPING.get(module);
                }
            }
            Global global = new Global(module, name, at);
            listener.onImport(global, opcode);
            return global;
        }

        private Called call(PickleValue callable, PickleValue args, String how) {
            Called called = new Called(callable, args, how, at);
            listener.onCall(called);
            return called;
        }

        private void requireTuple(PickleValue args, String opcode) {
            if (!(args instanceof Sequence s && s.kind.equals("tuple"))) {
                // CPython would raise here, after the callable is imported; it still counts as malformed.
                throw malformed(opcode + " arguments are " + args.describe() + ", not a tuple");
            }
        }

        private void extension(long code) {
            if (code <= 0) {
                throw malformed("extension code " + code + " is not positive");
            }
            listener.onExtension(code, at);
            push(new Global("copyreg._extension_registry", "<code " + code + ">", at));
        }

        private void append(PickleValue target, List<PickleValue> items, String opcode) {
            if (target instanceof Sequence s && s.kind.equals("list")) {
                items.forEach(s::add);
            } else {
                mutate(target, opcode);
            }
        }

        private void setItems(PickleValue target, List<PickleValue> items, String opcode) {
            if (items.size() % 2 != 0) {
                throw malformed("odd number of items for " + opcode);
            }
            if (target instanceof Dict d) {
                for (int i = 0; i < items.size(); i += 2) {
                    d.put(items.get(i), items.get(i + 1));
                }
            } else {
                mutate(target, opcode);
            }
        }

        /** APPEND and friends on something that is not a plain list, dict or set call one of its methods. */
        private void mutate(PickleValue target, String opcode) {
            if (target instanceof Called || target instanceof Global || target instanceof PickleValue.Persistent) {
                listener.onMutate(target, opcode, at);
                return;
            }
            throw malformed(opcode + " on " + target.describe());
        }

        private Dict dict(List<PickleValue> items, String opcode) {
            if (items.size() % 2 != 0) {
                throw malformed("odd number of items for " + opcode);
            }
            Dict d = new Dict();
            for (int i = 0; i < items.size(); i += 2) {
                d.put(items.get(i), items.get(i + 1));
            }
            return d;
        }

        private BigInteger longBytes(long n, String opcode) throws IOException {
            if (n > 1 << 20) {
                in.skipKeeping(n, 0, opcode);
                return BigInteger.ONE.shiftLeft(62);
            }
            byte[] little = in.bytes((int) n, opcode);
            if (little.length == 0) {
                return BigInteger.ZERO;
            }
            byte[] big = new byte[little.length];
            for (int i = 0; i < little.length; i++) {
                big[i] = little[little.length - 1 - i];
            }
            return new BigInteger(big);
        }

        private BigInteger parseInt(String text, String opcode) {
            String t = text.strip().replace("_", "");
            int radix = 10;
            boolean negative = false;
            if (t.startsWith("-") || t.startsWith("+")) {
                negative = t.startsWith("-");
                t = t.substring(1);
            }
            if (t.length() > 2 && t.charAt(0) == '0' && "xXoObB".indexOf(t.charAt(1)) >= 0) {
                radix = switch (Character.toLowerCase(t.charAt(1))) {
                    case 'x' -> 16;
                    case 'o' -> 8;
                    default -> 2;
                };
                t = t.substring(2);
            }
            try {
                BigInteger value = new BigInteger(t, radix);
                return negative ? value.negate() : value;
            } catch (NumberFormatException e) {
                throw malformed(opcode + " argument '" + clip(text) + "' is not an integer");
            }
        }

        private long parseMemoIndex(String text, String opcode) {
            BigInteger value = parseInt(text, opcode);
            if (value.bitLength() > 62) {
                throw malformed(opcode + " memo index " + clip(text) + " is out of range");
            }
            return value.longValue();
        }

        private double parseFloat(String text) {
            String t = text.strip().toLowerCase(java.util.Locale.ROOT);
            switch (t) {
                case "nan", "+nan", "-nan":
                    return Double.NaN;
                case "inf", "+inf", "infinity", "+infinity":
                    return Double.POSITIVE_INFINITY;
                case "-inf", "-infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
            if (!t.matches("[+-]?(\\d[\\d_]*(\\.[\\d_]*)?|\\.\\d[\\d_]*)(e[+-]?\\d+)?")) {
                throw malformed("FLOAT argument '" + clip(text) + "' is not a number");
            }
            return Double.parseDouble(t.replace("_", ""));
        }

        private Str latin1(long n, String opcode) throws IOException {
            byte[] kept = in.skipKeeping(n, PickleValue.KEPT_CHARS, opcode);
            return new Str(PickleInput.ascii(kept), n, kept.length == n);
        }

        private Bytes bytes(long n, String opcode, boolean mutable) throws IOException {
            if (n < 0) {
                throw malformed(opcode + " length " + Long.toUnsignedString(n) + " is out of range");
            }
            return new Bytes(n, in.skipKeeping(n, 16, opcode), mutable);
        }

        private Str utf8(long n, String opcode) throws IOException {
            if (n < 0) {
                throw malformed(opcode + " length " + Long.toUnsignedString(n) + " is out of range");
            }
            int keep = PickleValue.KEPT_CHARS * 4;
            if (n <= keep) {
                byte[] raw = in.bytes((int) n, opcode);
                String text = Utf8.decode(raw, 0, raw.length).orElseThrow(() -> malformed(opcode
                        + " string is not valid UTF-8"));
                return Str.of(text);
            }
            byte[] prefix = in.skipKeeping(n, keep, opcode);
            return new Str(Utf8.decodeLenient(prefix), n, false);
        }

        private Str quotedString(byte[] line, boolean overflow) {
            boolean quoted = line.length >= 2 && (line[0] == '\'' || line[0] == '"')
                    && (overflow || line[0] == line[line.length - 1]);
            if (!quoted) {
                throw malformed("the STRING opcode argument must be quoted");
            }
            String decoded = Escapes.escapeDecode(line, 1, overflow ? line.length : line.length - 1)
                    .orElseThrow(() -> malformed("STRING argument has an invalid escape"));
            return overflow ? new Str(decoded, Long.MAX_VALUE, false) : Str.of(decoded);
        }

        private Str rawUnicodeEscape(byte[] line, boolean overflow) {
            String decoded = Escapes.rawUnicodeEscape(line)
                    .orElseThrow(() -> malformed("UNICODE argument has an invalid \\u escape"));
            return overflow ? new Str(decoded, Long.MAX_VALUE, false) : Str.of(decoded);
        }

        private String clip(String text) {
            return text.length() > 40 ? text.substring(0, 40) + "..." : text;
        }
    }
}
