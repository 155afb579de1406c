package dev.aigate.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fenced code blocks of the project's documents. The convention: a fence's info string is the language, then
 * what the block is, which decides the test that runs or loads it (docs/README's "Docs that are tested"):
 *
 * <ul>
 *   <li>{@code yaml}: a policy or policy sections, loaded by the PolicyLoader ({@code version: 1} is added when
 *       missing); {@code yaml policy}: the README's sample policy, also the policy of tools/first-hour's project; {@code yaml checklist} and {@code yaml signoffs}: compliance files, judged by the compliance check;
 *   <li>{@code sh}: commands; {@code aigate} lines are parsed by the CLI, {@code mvn} lines checked against the plugin
 *       descriptor, {@code bench/} scripts must exist; {@code sh cli} blocks run as they stand against the built CLI
 *       (DocsCommandsIT); {@code sh quickstart} are the README's set-up commands (.ci/run and tools/first-hour);
 *   <li>{@code groovy}: a Jenkinsfile snippet, run in the Pipeline harness (jenkins-plugin's DocsPipelinesTest);
 *   <li>{@code xml plugin}: the plugin declaration, used as it stands by tools/first-hour; {@code json}: parsed;
 *   <li>{@code java file=PATH}: the tested source at PATH (ExtendingGuideTest);
 *   <li>{@code text}: output or a layout, not run.
 * </ul>
 *
 * A block without an info string, or with one not listed here, fails DocsSnippetsTest: a new snippet comes with its
 * test.
 */
public record DocSnippets(Path root, List<Snippet> all) {

    /** One fenced block: where it starts (1-based line of the fence) and its info string and body. */
    public record Snippet(Path file, int line, String info, String body) {
        public String language() {
            int space = info.indexOf(' ');
            return space < 0 ? info : info.substring(0, space);
        }

        public String where() {
            return file + ":" + line + " (```" + info + ")";
        }
    }

    /** The repository root, from the module's working directory. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** The documents whose snippets are tested: README.md, docs/*.md and every module's README.md. */
    public static List<Path> documents(Path root) {
        List<Path> documents = new ArrayList<>();
        documents.add(Path.of("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(p -> documents.add(root.relativize(p)));
        }  catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String module : List.of("jenkins-plugin", "examples/digits-classifier", "fixtures", "bench")) {
            if (Files.isRegularFile(root.resolve(module).resolve("README.md"))) {
                documents.add(Path.of(module, "README.md"));
            }
        }
        return documents;
    }

    public static DocSnippets load() {
        Path root = repositoryRoot();
        List<Snippet> snippets = new ArrayList<>();
        for (Path document : documents(root)) {
            snippets.addAll(parse(document, readString(root.resolve(document))));
        }
        return new DocSnippets(root, List.copyOf(snippets));
    }

    static List<Snippet> parse(Path file, String text) {
        List<Snippet> snippets = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("```")) {
                continue;
            }
            String info = lines[i].substring(3).strip();
            StringBuilder body = new StringBuilder();
            int j = i + 1;
            while (j < lines.length && !lines[j].startsWith("```")) {
                body.append(lines[j]).append('\n');
                j++;
            }
            if (j == lines.length) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": a code fence that is never closed");
            }
            snippets.add(new Snippet(file, i + 1, info, body.toString()));
            i = j;
        }
        return snippets;
    }

    public List<Snippet> withInfo(String info) {
        return all.stream().filter(s -> s.info().equals(info)).toList();
    }

    public List<Snippet> withLanguage(String language) {
        return all.stream().filter(s -> s.language().equals(language)).toList();
    }

    static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
