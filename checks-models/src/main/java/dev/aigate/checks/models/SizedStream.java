package dev.aigate.checks.models;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decompressed data checked as it is read: never more than a bound (a compression bomb stops there), and, when its
 * size was declared, exactly that size when read to the end. A mismatch is an error naming what was read.
 */
final class SizedStream extends FilterInputStream {
    private final long declared;
    private final long max;
    private final String what;
    private final Budget budget;
    private long count;

    /** The uncompressed bytes one input file may expand to, across all its members. */
    static final class Budget {
        private final long max;
        private long used;

        Budget(long max) {
            this.max = max;
        }

        void spend(long bytes, String what) {
            used += bytes;
            if (used > max) {
                throw new MalformedModelException(what + ": the file expands to more than " + max
                        + " bytes in all (compression bomb?)");
            }
        }

        long used() {
            return used;
        }
    }

    /** @param declared the declared uncompressed size, or -1 */
    SizedStream(InputStream in, long declared, long max, String what, Budget budget) {
        super(in);
        this.declared = declared;
        this.max = max;
        this.what = what;
        this.budget = budget;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = super.read(b, off, len);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new MalformedModelException(what + " cannot be decompressed: " + e.getMessage(), e);
        } catch (IOException e) {
            if (e.getClass().getName().startsWith("org.apache.commons.compress")
                    || e.getClass().getName().startsWith("org.tukaani")) {
                throw new MalformedModelException(what + " cannot be decompressed: " + e.getMessage(), e);
            }
            throw e;
        }
        if (n < 0) {
            if (declared >= 0 && count != declared) {
                throw new MalformedModelException(what + " declares " + declared + " bytes but holds " + count
                        + " (declared size does not match)");
            }
            return n;
        }
        count += n;
        if (budget != null) {
            budget.spend(n, what);
        }
        if (count > max || (declared >= 0 && count > declared)) {
            throw new MalformedModelException(what + (declared >= 0 && count > declared ? " holds more than the "
                    + declared + " bytes it declares" : " expands to more than " + max + " bytes"));
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
        long done = 0;
        while (done < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }
}
