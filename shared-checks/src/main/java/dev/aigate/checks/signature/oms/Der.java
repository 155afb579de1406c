package dev.aigate.checks.signature.oms;

import dev.aigate.checks.signature.oms.EcKeys.KeyFormatException;
import java.util.Arrays;

/** Just enough DER to read an OpenSSL EC private key: tags, definite lengths, nested sequences; bounded by input. */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;

    record Element(int tag, byte[] value) {
    }

    private Der() {
    }

    static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean hasMore() {
            return position < bytes.length;
        }

        Element element() throws KeyFormatException {
            if (position + 2 > bytes.length) {
                throw new KeyFormatException("truncated DER");
            }
            int tag = bytes[position++] & 0xFF;
            int length = bytes[position++] & 0xFF;
            if (length > 0x80) {
                int octets = length - 0x80;
                if (octets > 3 || position + octets > bytes.length) {
                    throw new KeyFormatException("bad DER length");
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = length << 8 | bytes[position++] & 0xFF;
                }
            } else if (length == 0x80) {
                throw new KeyFormatException("indefinite DER length");
            }
            if (length > bytes.length - position) {
                throw new KeyFormatException("truncated DER");
            }
            byte[] value = Arrays.copyOfRange(bytes, position, position + length);
            position += length;
            return new Element(tag, value);
        }

        byte[] next(int tag) throws KeyFormatException {
            Element element = element();
            if (element.tag() != tag) {
                throw new KeyFormatException("unexpected DER tag " + element.tag());
            }
            return element.value();
        }

        Reader sequence() throws KeyFormatException {
            return new Reader(next(SEQUENCE));
        }
    }
}
