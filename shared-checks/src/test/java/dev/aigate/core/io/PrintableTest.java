package dev.aigate.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.Finding;
import dev.aigate.core.InputException;
import dev.aigate.core.Rule;
import dev.aigate.core.Severity;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Control characters from file names and YAML keys never reach an output raw (issue 11). */
class PrintableTest {
    @Test
    void controlCharactersAndBidiOverridesAreEscapedLineBreaksKept() {
        assertEquals("a\\x1b[31mb\\x07c\\x00d\\x7f\\x9b\\u202e\n\tz", Printable.escape(
                "a\u001b[31mb\u0007c\u0000d\u007f\u009b\u202e\n\tz"));
        String clean = "plain text, é, 日本";
        assertSame(clean, Printable.escape(clean));
    }

    @Test
    void messagesAndFindingsAreEscapedWhereTheyAreMade() {
        InputException e = new InputException(Path.of("data/a\u001b]0;t\u0007.csv"), "bad");
        assertFalse(e.getMessage().contains("\u001b"), e.getMessage());
        assertTrue(e.getMessage().contains("a\\x1b]0;t\\x07.csv"), e.getMessage());
        Finding finding = Finding.of(new Rule("x/y", Severity.HIGH, "t", null), "key '\u0000k'").build();
        assertEquals("key '\\x00k'", finding.message());
    }

    @Test
    void theWriterEscapesEverythingWrittenThroughIt() throws IOException {
        StringWriter out = new StringWriter();
        try (Writer writer = Printable.writer(out)) {
            writer.write("x\u001by");
            writer.write('\u0007');
            writer.write("ab\u0000cd".toCharArray(), 1, 3);
        }
        assertEquals("x\\x1by\\x07b\\x00c", out.toString());
    }
}
