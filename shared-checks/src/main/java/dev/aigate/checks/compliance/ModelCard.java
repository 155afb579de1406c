package dev.aigate.checks.compliance;

import dev.aigate.core.PolicyException;
import dev.aigate.core.policy.YamlDocument;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model card in the Hugging Face format: optional YAML front matter between {@code ---} lines (metadata such as
 * {@code license}, {@code datasets}, {@code base_model}, {@code model-index}), then Markdown whose ATX headings
 * ({@code #} to {@code ######}) open sections. A section runs to the next heading of the same or a higher level, so
 * it includes its subsections.
 */
final class ModelCard {
    /**
     * An ATX heading; the title is what lies between the hashes' blank and a closing run of blanks and hashes. The
     * blank is possessive and the title ends on a character of neither kind, so a long line is matched in linear time
     * (a lazy title before {@code [ \\t#]*$} took time quadratic in the line: minutes for a line of 100,000 blanks).
     */
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]++(.*[^ \\t#])?)?[ \\t#]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");
    /** Spans that are not content, removed by a linear scan: HTML comments, then Jinja fields and statements. */
    private static final String[][] COMMENTS = {{"<!--", "-->"}};
    private static final String[][] TEMPLATE_FIELDS = {{"{{", "}}"}, {"{%", "%}"}};
    /** Template text that is not content: Hugging Face's placeholder and to-do markers. */
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "\\[?more information needed\\]?|\\b(?:todo|tbd|tbc|fixme|xxx|lorem ipsum)\\b", Pattern.CASE_INSENSITIVE);

    /** A Markdown section: its heading, level, the line of the heading, and its text without headings. */
    record Section(String heading, int level, int line, String text) {
        int words() {
            return ModelCard.words(text);
        }

        String excerpt() {
            return ModelCard.excerpt(text);
        }
    }

    private final String name;
    private final StructuredDocument frontMatter;
    private final List<Section> sections;

    private ModelCard(String name, StructuredDocument frontMatter, List<Section> sections) {
        this.name = name;
        this.frontMatter = frontMatter;
        this.sections = sections;
    }

    static ModelCard parse(String name, byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PolicyException(name + ": model card is not valid UTF-8");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r?\n", -1);
        int bodyStart = 0;
        StructuredDocument frontMatter = null;
        if (lines.length > 0 && lines[0].strip().equals("---")) {
            int end = -1;
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.equals("---") || line.equals("...")) {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                throw new PolicyException(name + ":1: the YAML front matter opened by '---' is never closed");
            }
            frontMatter = frontMatter(name, lines, end);
            bodyStart = end + 1;
        }
        return new ModelCard(name, frontMatter, sections(lines, bodyStart));
    }

    private static StructuredDocument frontMatter(String name, String[] lines, int end) {
        // A leading comment line keeps YAML line numbers equal to the model card's (the YAML starts on line 2).
        StringBuilder yaml = new StringBuilder("#\n");
        boolean blank = true;
        for (int i = 1; i < end; i++) {
            yaml.append(lines[i]).append('\n');
            blank &= lines[i].isBlank() || lines[i].strip().startsWith("#");
        }
        if (blank) {
            return null;
        }
        YamlDocument document = YamlDocument.parse(Path.of(name), yaml.toString().getBytes(StandardCharsets.UTF_8));
        if (!document.root().isObject()) {
            throw new PolicyException(name + ":2: the model card's front matter must be a mapping of keys to values");
        }
        return StructuredDocument.of(document, name);
    }

    private static List<Section> sections(String[] lines, int start) {
        record Heading(String text, int level, int index) {
        }
        List<Heading> headings = new ArrayList<>();
        boolean fenced = false;
        for (int i = start; i < lines.length; i++) {
            if (FENCE.matcher(lines[i]).find()) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher heading = HEADING.matcher(lines[i]);
            if (heading.matches()) {
                String title = heading.group(2) == null ? "" : heading.group(2).strip();
                headings.add(new Heading(title, heading.group(1).length(), i));
            }
        }
        List<Section> sections = new ArrayList<>();
        for (int h = 0; h < headings.size(); h++) {
            Heading heading = headings.get(h);
            int end = lines.length;
            for (int next = h + 1; next < headings.size(); next++) {
                if (headings.get(next).level() <= heading.level()) {
                    end = headings.get(next).index();
                    break;
                }
            }
            StringBuilder text = new StringBuilder();
            int nextHeading = h + 1;
            for (int i = heading.index() + 1; i < end; i++) {
                if (nextHeading < headings.size() && headings.get(nextHeading).index() == i) {
                    nextHeading++;
                    continue;
                }
                text.append(lines[i]).append('\n');
            }
            sections.add(new Section(heading.text(), heading.level(), heading.index() + 1, text.toString()));
        }
        return sections;
    }

    String name() {
        return name;
    }

    /** The front matter, or null when the card has none. */
    StructuredDocument frontMatter() {
        return frontMatter;
    }

    List<Section> sections() {
        return sections;
    }

    /** The first section whose heading matches one of {@code headings} (case and punctuation ignored). */
    Optional<Section> section(List<String> headings) {
        for (String wanted : headings) {
            String key = normalize(wanted);
            for (Section section : sections) {
                if (normalize(section.heading()).equals(key)) {
                    return Optional.of(section);
                }
            }
        }
        return Optional.empty();
    }

    /** Lower case, '&' as "and", every run of other punctuation or space as one space. */
    static String normalize(String heading) {
        String text = heading.toLowerCase(Locale.ROOT).replace("&", " and ");
        return text.replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    /** The content words of {@code text}: comments and placeholders removed, tokens with a letter or digit. */
    static int words(String text) {
        int count = 0;
        for (String token : clean(text).split("\\s+")) {
            if (token.codePoints().anyMatch(Character::isLetterOrDigit)) {
                count++;
            }
        }
        return count;
    }

    static String clean(String text) {
        String content = withoutSpans(withoutSpans(text, COMMENTS), TEMPLATE_FIELDS);
        return PLACEHOLDER.matcher(content).replaceAll(" ");
    }

    /**
     * {@code text} with every span from an opener to the first closer after it replaced by a space, leftmost first,
     * as a lazy {@code open.*?close} regex would; but in linear time, where the regex rescans the rest of the text for
     * every opener that is never closed (quadratic: hours for a 4 MiB card of {@code <!--}).
     */
    static String withoutSpans(String text, String[][] pairs) {
        StringBuilder out = new StringBuilder(text.length());
        int[] next = new int[pairs.length];
        for (int k = 0; k < pairs.length; k++) {
            next[k] = text.indexOf(pairs[k][0]);
        }
        int copied = 0;
        while (true) {
            int kind = -1;
            for (int k = 0; k < pairs.length; k++) {
                if (next[k] >= 0 && next[k] < copied) {
                    next[k] = text.indexOf(pairs[k][0], copied);
                }
                if (next[k] >= 0 && (kind < 0 || next[k] < next[kind])) {
                    kind = k;
                }
            }
            if (kind < 0) {
                break;
            }
            int open = next[kind];
            int close = text.indexOf(pairs[kind][1], open + pairs[kind][0].length());
            if (close < 0) {
                next[kind] = -1; // no later opener of this kind is closed either
                continue;
            }
            out.append(text, copied, open).append(' ');
            copied = close + pairs[kind][1].length();
        }
        return out.append(text, copied, text.length()).toString();
    }

    static String excerpt(String text) {
        String flat = clean(text).replaceAll("\\s+", " ").strip();
        return flat.length() <= 120 ? flat : flat.substring(0, 117) + "...";
    }

    /** Whether a front matter or document value counts as present: not null, blank, empty or a placeholder. */
    static boolean hasValue(com.fasterxml.jackson.databind.JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return false;
        }
        if (node.isTextual()) {
            return words(node.asText()) > 0;
        }
        if (node.isContainerNode()) {
            for (com.fasterxml.jackson.databind.JsonNode child : node) {
                if (hasValue(child)) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    static String excerpt(com.fasterxml.jackson.databind.JsonNode node) {
        String text = node.isTextual() ? node.asText() : node.toString();
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 120 ? flat : flat.substring(0, 117) + "...";
    }
}
