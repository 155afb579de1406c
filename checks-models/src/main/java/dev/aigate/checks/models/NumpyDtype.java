package dev.aigate.checks.models;

import dev.aigate.checks.models.PickleValue.Called;
import dev.aigate.checks.models.PickleValue.Int;
import dev.aigate.checks.models.PickleValue.Sequence;
import dev.aigate.checks.models.PickleValue.Str;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The little of a NumPy dtype a scan needs: whether it holds Python objects, and its item size. */
record NumpyDtype(boolean hasObject, long itemSize) {
    private static final Pattern SIMPLE = Pattern.compile("[<>|=]?([a-zA-Z])(\\d*)(\\[[a-zA-Z0-9]+\\])?");

    /** A type string such as {@code <f8}, {@code |b1}, {@code O}, {@code <U10}; null when not a simple type. */
    static NumpyDtype parse(String descr) {
        Matcher m = SIMPLE.matcher(descr);
        if (!m.matches()) {
            return null;
        }
        char kind = m.group(1).charAt(0);
        long digits = m.group(2).isEmpty() ? -1 : Long.parseLong(m.group(2).length() > 12 ? "-1" : m.group(2));
        if (kind == 'O') {
            return new NumpyDtype(true, 8);
        }
        long size = switch (kind) {
            case 'U' -> digits < 0 ? -1 : digits * 4;
            case 'b', 'B' -> digits < 0 ? 1 : digits;
            case '?' -> 1;
            case 'M', 'm' -> digits < 0 ? 8 : digits;
            case 'e' -> 2;
            case 'f', 'd', 'g', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q', 'u', 'c', 'S', 'a', 'V', 'F', 'D', 'G' ->
                    digits;
            default -> -1;
        };
        return size < 0 ? null : new NumpyDtype(false, size);
    }

    /** A dtype as numpy pickles it: {@code numpy.dtype('f8', False, True)} with a BUILD state tuple. */
    static NumpyDtype fromPickled(PickleValue value) {
        if (!(value instanceof Called c) || c.callee() == null || !c.callee().name.equals("dtype")
                || !(c.args instanceof Sequence args) || args.items.isEmpty()
                || !(args.items.get(0) instanceof Str s)) {
            return null;
        }
        NumpyDtype simple = parse(s.text);
        if (c.state instanceof Sequence state && state.items.size() >= 6 && state.items.get(5) instanceof Int size
                && size.value.signum() > 0 && size.value.bitLength() < 40) {
            // Flexible and structured dtypes carry their item size in the state; objects are named by the type.
            return new NumpyDtype(simple != null && simple.hasObject(), size.value.longValue());
        }
        return simple;
    }
}
