package dev.aigate.checks.models;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * What the inert pickle machine keeps of a value: enough to resolve imports whose operands were built by earlier
 * opcodes, to tell a direct call of an import from a call of something computed, and to read the few values a format
 * needs (joblib's array wrappers). Nothing here is ever executed. Containers keep at most {@link #KEPT} elements and
 * strings at most {@link #KEPT_CHARS} characters, so a huge pickle never becomes a huge heap.
 */
abstract class PickleValue {
    static final int KEPT = 256;
    static final int KEPT_CHARS = 8192;

    static final PickleValue NONE = new Atom("None");
    static final PickleValue TRUE = new Atom("True");
    static final PickleValue FALSE = new Atom("False");

    /** A short description for messages. */
    abstract String describe();

    @Override
    public String toString() {
        return describe();
    }

    static final class Atom extends PickleValue {
        private final String text;

        Atom(String text) {
            this.text = text;
        }

        @Override
        String describe() {
            return text;
        }
    }

    static final class Int extends PickleValue {
        final BigInteger value;

        Int(BigInteger value) {
            this.value = value;
        }

        static Int of(long value) {
            return new Int(BigInteger.valueOf(value));
        }

        @Override
        String describe() {
            String text = value.toString();
            return text.length() > 40 ? "int of " + value.bitLength() + " bits" : text;
        }
    }

    static final class Float extends PickleValue {
        final double value;

        Float(double value) {
            this.value = value;
        }

        @Override
        String describe() {
            return Double.toString(value);
        }
    }

    /** A str; {@code complete} is false when only a prefix was kept. */
    static final class Str extends PickleValue {
        final String text;
        final long length;
        final boolean complete;

        Str(String text, long length, boolean complete) {
            this.text = text;
            this.length = length;
            this.complete = complete;
        }

        static Str of(String text) {
            return text.length() <= KEPT_CHARS ? new Str(text, text.length(), true)
                    : new Str(text.substring(0, KEPT_CHARS), text.length(), false);
        }

        @Override
        String describe() {
            String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
            return "'" + shown.replaceAll("[\\p{Cntrl}]", "?") + "'";
        }
    }

    /** bytes or bytearray: only the length and a prefix. */
    static final class Bytes extends PickleValue {
        final long length;
        final byte[] prefix;
        final boolean mutable;

        Bytes(long length, byte[] prefix, boolean mutable) {
            this.length = length;
            this.prefix = prefix;
            this.mutable = mutable;
        }

        @Override
        String describe() {
            return (mutable ? "bytearray" : "bytes") + " of " + length;
        }
    }

    /** tuple, list, set, frozenset: the first {@link #KEPT} elements and the count. */
    static final class Sequence extends PickleValue {
        final String kind;
        final List<PickleValue> items = new ArrayList<>();
        long count;

        Sequence(String kind) {
            this.kind = kind;
        }

        Sequence(String kind, List<PickleValue> values) {
            this(kind);
            values.forEach(this::add);
        }

        void add(PickleValue value) {
            if (items.size() < KEPT) {
                items.add(value);
            }
            count++;
        }

        boolean mutable() {
            return kind.equals("list") || kind.equals("set");
        }

        @Override
        String describe() {
            return kind + " of " + count;
        }
    }

    /** dict: the first {@link #KEPT} entries. */
    static final class Dict extends PickleValue {
        final List<PickleValue> keys = new ArrayList<>();
        final List<PickleValue> values = new ArrayList<>();
        long count;

        void put(PickleValue key, PickleValue value) {
            if (keys.size() < KEPT) {
                keys.add(key);
                values.add(value);
            }
            count++;
        }

        /** The value of a str key, or null. */
        PickleValue get(String key) {
            for (int i = keys.size() - 1; i >= 0; i--) {
                if (keys.get(i) instanceof Str s && s.complete && s.text.equals(key)) {
                    return values.get(i);
                }
            }
            return null;
        }

        @Override
        String describe() {
            return "dict of " + count;
        }
    }

    /** An imported object: {@code module.name} as the unpickler resolves it. */
    static final class Global extends PickleValue {
        final String module;
        final String name;
        final long offset;

        Global(String module, String name, long offset) {
            this.module = module;
            this.name = name;
            this.offset = offset;
        }

        String qualified() {
            return module + "." + name;
        }

        @Override
        String describe() {
            return qualified();
        }
    }

    /** What a call (REDUCE, NEWOBJ, NEWOBJ_EX, OBJ, INST) returned. */
    static final class Called extends PickleValue {
        final PickleValue callable;
        final PickleValue args;
        final String how;
        final long offset;
        PickleValue state;

        Called(PickleValue callable, PickleValue args, String how, long offset) {
            this.callable = callable;
            this.args = args;
            this.how = how;
            this.offset = offset;
        }

        /** The import that was called, or null when the callable was itself computed. */
        Global callee() {
            return callable instanceof Global g ? g : null;
        }

        @Override
        String describe() {
            return "result of " + (callable instanceof Global g ? g.qualified() : "a computed callable") + "()";
        }
    }

    /** A persistent id (PERSID / BINPERSID): resolved by the loader, e.g. a PyTorch storage. */
    static final class Persistent extends PickleValue {
        final PickleValue id;

        Persistent(PickleValue id) {
            this.id = id;
        }

        @Override
        String describe() {
            return "persistent id " + id.describe();
        }
    }

    /** An out-of-band buffer (NEXT_BUFFER). */
    static final class Buffer extends PickleValue {
        @Override
        String describe() {
            return "out-of-band buffer";
        }
    }
}
