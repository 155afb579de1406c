package dev.aigate.checks.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bounds and details of the readers that the corpus does not pin down one by one. */
class ReadersTest {
    private static final ScanLimits TIGHT = new ScanLimits(1000, 50, 20, 1 << 16, 64, 4, 8, 2, 1 << 20, 1 << 22,
            1000, 1 << 20, 1 << 16);

    private static ModelScanner.Report scan(byte[] data, String name, ScanLimits limits) throws IOException {
        return new ModelScanner(new Globals(List.of()), limits).scan(data, name);
    }

    private static byte[] repeat(String prefix, String body, int times, String suffix) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        for (int i = 0; i < times; i++) {
            out.writeBytes(body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(suffix.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    @Test
    void everyPickleBoundIsAnError() {
        MalformedModelException opcodes = assertThrows(MalformedModelException.class,
                () -> scan(repeat("\u0080\u0002", "N0", 600, "N."), "x.pkl", TIGHT));
        assertTrue(opcodes.getMessage().contains("more than 1000 opcodes"), opcodes.getMessage());
        MalformedModelException stack = assertThrows(MalformedModelException.class,
                () -> scan(repeat("\u0080\u0002", "N", 60, "."), "x.pkl", TIGHT));
        assertTrue(stack.getMessage().contains("values on the pickle stack"), stack.getMessage());
        StringBuilder memo = new StringBuilder("\u0080\u0002N");
        for (int i = 0; i < 30; i++) {
            memo.append('q').append((char) i);
        }
        MalformedModelException entries = assertThrows(MalformedModelException.class,
                () -> scan(memo.append('.').toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                        "x.pkl", TIGHT));
        assertTrue(entries.getMessage().contains("memo entries"), entries.getMessage());
        MalformedModelException name = assertThrows(MalformedModelException.class,
                () -> scan(("c" + "m".repeat(100) + "\nx\n.").getBytes(), "x.pkl", TIGHT));
        assertTrue(name.getMessage().contains("import name longer than 64"), name.getMessage());
        MalformedModelException streams = assertThrows(MalformedModelException.class,
                () -> scan(repeat("", "\u0080\u0002N.", 5, ""), "x.pkl", TIGHT));
        assertTrue(streams.getMessage().contains("stacked pickle streams"), streams.getMessage());
    }

    @Test
    void pythonTwoNamesAreRenamedOnlyBelowProtocolThree() throws IOException {
        ModelScanner.Report old = scan("c__builtin__\nset\n)\u0085R.".getBytes(java.nio.charset.StandardCharsets
                .ISO_8859_1), "x.pkl", ScanLimits.DEFAULT);
        assertEquals(List.of(), old.hits());
        ModelScanner.Report renamed = scan("\u0080\u0002ccopy_reg\n_reconstructor\n.".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1), "x.pkl", ScanLimits.DEFAULT);
        assertEquals(List.of(), renamed.hits());
        ModelScanner.Report three = scan("\u0080\u0003ccopy_reg\n_reconstructor\n.".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1), "x.pkl", ScanLimits.DEFAULT);
        assertEquals(Hit.Kind.UNKNOWN_GLOBAL, three.hits().get(0).kind());
    }

    @Test
    void chatTemplatesThatOnlyFormatPass() {
        assertEquals(Optional.empty(), ChatTemplate.judge("{%- for message in messages %}{{- '<|' + message['role']"
                + " + '|>\\n' + message['content'] | trim }}{%- if loop.last and add_generation_prompt %}"
                + "{{ '<|assistant|>' }}{% endif %}{% endfor %}{% set ns = namespace(found=false) %}"
                + "{{ raise_exception('no') if false }}{{ tools | tojson(indent=2) }}{# comment __x__ #}"));
        assertTrue(ChatTemplate.judge("{{ self.__init__.__globals__ }}").isPresent());
        assertTrue(ChatTemplate.judge("{{ cycler.next }}").isPresent());
        assertTrue(ChatTemplate.judge("{% include 'other.j2' %}").isPresent());
        assertTrue(ChatTemplate.judge("{{ x|attr('a' ~ 'b') }}").isPresent());
        assertTrue(ChatTemplate.judge("{{ '{0.__class__}'.format(x) }}").isPresent());
    }

    @Test
    void npyHeadersAreChecked() {
        assertTrue(NumpyDtype.parse("<f8").itemSize() == 8 && !NumpyDtype.parse("<f8").hasObject());
        assertTrue(NumpyDtype.parse("|O").hasObject());
        assertEquals(40, NumpyDtype.parse("<U10").itemSize());
        assertEquals(null, NumpyDtype.parse("weird"));
    }
}
