package dev.aigate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigate.core.Gate;
import dev.aigate.core.GateException;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.ToolVersion;
import dev.aigate.core.Verdict;
import dev.aigate.core.policy.PolicyLoader;
import dev.aigate.core.spi.ActionOption;
import dev.aigate.core.spi.CheckRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every code block of README.md, docs/*.md and the modules' READMEs is run or loaded by a test, chosen by its info
 * string (see {@link DocSnippets}): a block of an unknown kind fails here, so a new snippet cannot go untested.
 */
class DocsSnippetsTest {
    private static final DocSnippets DOCS = DocSnippets.load();
    private static final Set<String> KINDS = Set.of("yaml", "yaml policy", "yaml checklist", "yaml signoffs", "sh", "sh cli",
            "sh quickstart", "groovy", "xml plugin", "xml", "json", "text");

    @TempDir
    Path dir;

    @Test
    void everyBlockSaysWhatItIsSoThatATestRunsIt() {
        List<String> unknown = new ArrayList<>();
        for (DocSnippets.Snippet snippet : DOCS.all()) {
            if (!KINDS.contains(snippet.info()) && !snippet.info().startsWith("java file=")) {
                unknown.add(snippet.where());
            }
        }
        assertEquals(List.of(), unknown, "blocks of no known kind (write e.g. ```yaml, ```sh, ```groovy or ```text"
                + " for output; DocSnippets lists the kinds and the test each one gets)");
        assertTrue(DOCS.all().size() > 30, "found " + DOCS.all().size() + " blocks");
    }

    @Test
    void everyPolicySnippetLoads() throws IOException {
        List<DocSnippets.Snippet> policies = new ArrayList<>(DOCS.withInfo("yaml"));
        policies.addAll(DOCS.withInfo("yaml policy"));
        assertTrue(policies.size() >= 10, policies.size() + " policy blocks");
        for (DocSnippets.Snippet snippet : policies) {
            Path project = Files.createDirectories(dir.resolve("policy-" + snippet.file().toString()
                    .replace('/', '-') + "-" + snippet.line()));
            Path policy = project.resolve("aigate.yml");
            String body = snippet.body();
            Files.writeString(policy, Pattern.compile("(?m)^version:").matcher(body).find() ? body
                    : "version: 1\n" + body);
            try {
                new PolicyLoader(CheckRegistry.load()).load(policy);
            } catch (GateException e) {
                fail(snippet.where() + " does not load: " + e.getMessage());
            }
        }
    }

    @Test
    void complianceFilesInTheDocsAreJudgedWithoutError() throws IOException {
        List<DocSnippets.Snippet> checklists = DOCS.withInfo("yaml checklist");
        List<DocSnippets.Snippet> signoffs = DOCS.withInfo("yaml signoffs");
        assertTrue(!checklists.isEmpty() && !signoffs.isEmpty());
        for (DocSnippets.Snippet checklist : checklists) {
            for (DocSnippets.Snippet signoff : signoffs) {
                Path project = Files.createDirectories(dir.resolve("compliance-" + checklist.line() + "-"
                        + signoff.line()));
                Files.createDirectories(project.resolve("compliance"));
                Files.writeString(project.resolve("compliance/checklist.yml"), checklist.body());
                Files.writeString(project.resolve("compliance/signoffs.yml"), signoff.body());
                // A checklist the example extends, as a team would have it.
                Matcher extended = Pattern.compile("- file: (\\S+)").matcher(checklist.body());
                while (extended.find()) {
                    Path file = project.resolve(extended.group(1));
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, "version: 1\nitems: []\n");
                }
                Files.writeString(project.resolve("aigate.yml"), "version: 1\ncompliance:\n"
                        + "  checklist: compliance/checklist.yml\n  signoffs: compliance/signoffs.yml\n");
                GateResult result = Gate.withInstalledChecks(null).run(new GateRequest(
                        project.resolve("aigate.yml"), Set.of(), Set.of(), null, 1, Map.of(), null));
                assertNotEquals(Verdict.ERROR, result.verdict(), checklist.where() + " with " + signoff.where()
                        + ": " + result.errors());
            }
        }
    }

    @Test
    void datesInExamplesAreAtLeastAYearAway() {
        LocalDate soon = LocalDate.now(ZoneOffset.UTC).plusYears(1);
        Pattern expires = Pattern.compile("expires: (\\d{4}-\\d{2}-\\d{2})");
        for (DocSnippets.Snippet snippet : DOCS.all()) {
            if (!snippet.language().equals("yaml")) {
                continue;
            }
            Matcher m = expires.matcher(snippet.body());
            while (m.find()) {
                assertTrue(LocalDate.parse(m.group(1)).isAfter(soon), snippet.where() + ": 'expires: " + m.group(1)
                        + "' lapses within a year; an example must not expire under its readers");
            }
        }
    }

    @Test
    void everyAigateCommandInTheDocsParses() {
        int commands = 0;
        for (DocSnippets.Snippet snippet : DOCS.all()) {
            if (!snippet.language().equals("sh")) {
                continue;
            }
            for (List<String> words : commands(snippet.body())) {
                if (words.get(0).equals("aigate")) {
                    commands++;
                    String[] args = words.subList(1, words.size()).toArray(String[]::new);
                    StringWriter err = new StringWriter();
                    try {
                        parser(args, err).parseArgs(args);
                    } catch (CommandLine.ParameterException e) {
                        fail(snippet.where() + ": '" + String.join(" ", words) + "': " + e.getMessage());
                    }
                }
            }
        }
        assertTrue(commands >= 20, commands + " aigate commands");
    }

    @Test
    void everyMavenCommandNamesGoalsAndPropertiesThePluginHas() throws IOException {
        Set<String> goals = new TreeSet<>();
        Set<String> properties = new TreeSet<>(Set.of("aigate.action"));
        Path mojos = DOCS.root().resolve("maven-plugin/src/main/java/dev/aigate/maven");
        try (Stream<Path> files = Files.list(mojos)) {
            for (Path file : files.toList()) {
                String source = Files.readString(file);
                Matcher goal = Pattern.compile("@Mojo\\(name = \"([a-z-]+)\"").matcher(source);
                while (goal.find()) {
                    goals.add(goal.group(1));
                }
                Matcher property = Pattern.compile("property = \"(aigate\\.[A-Za-z.]+)\"").matcher(source);
                while (property.find()) {
                    properties.add(property.group(1));
                }
            }
        }
        // aigate:run takes every action option as -Daigate.<name>.
        CheckRegistry.load().all().forEach(check -> check.actions().forEach(action -> action.options().stream()
                .map(ActionOption::name).forEach(name -> properties.add("aigate." + name))));
        int checked = 0;
        for (DocSnippets.Snippet snippet : DOCS.all()) {
            if (!snippet.language().equals("sh")) {
                continue;
            }
            for (List<String> words : commands(snippet.body())) {
                if (!words.get(0).equals("mvn")) {
                    continue;
                }
                for (String word : words) {
                    if (word.startsWith("aigate:")) {
                        checked++;
                        assertTrue(goals.contains(word.substring("aigate:".length())), snippet.where()
                                + ": no goal " + word + " (goals: " + goals + ")");
                    }
                    if (word.startsWith("-Daigate.")) {
                        String property = word.substring(2, word.contains("=") ? word.indexOf('=') : word.length());
                        assertTrue(properties.contains(property), snippet.where() + ": no parameter property "
                                + property);
                    }
                }
            }
        }
        assertTrue(checked >= 1);
    }

    @Test
    void scriptsTheDocsRunExistAndOtherShellParses() throws Exception {
        for (DocSnippets.Snippet snippet : DOCS.withInfo("sh")) {
            for (List<String> words : commands(snippet.body())) {
                for (String word : words) {
                    if (word.startsWith("bench/") || word.startsWith("tools/")) {
                        Path script = DOCS.root().resolve(word);
                        assertTrue(Files.isRegularFile(script), snippet.where() + ": no file " + word);
                        if (word.equals(words.get(0)) || words.get(0).contains("=")) {
                            assertTrue(Files.isExecutable(script), snippet.where() + ": " + word + " is not"
                                    + " executable");
                        }
                    }
                }
            }
            Process bash = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
            bash.getOutputStream().write(snippet.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            bash.getOutputStream().close();
            String output = new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, bash.waitFor(), snippet.where() + ": " + output);
        }
    }

    @Test
    void ciRunsExactlyTheQuickStartCommands() throws IOException {
        List<DocSnippets.Snippet> quickstart = DOCS.withInfo("sh quickstart");
        assertEquals(2, quickstart.size(), "the README promises two set-up commands");
        List<String> ci = Files.readAllLines(DOCS.root().resolve(".ci/run"));
        for (DocSnippets.Snippet snippet : quickstart) {
            List<String> lines = snippet.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
            assertEquals(1, lines.size(), snippet.where() + " is one command");
            assertTrue(ci.contains(lines.get(0)), ".ci/run must run '" + lines.get(0) + "' as the README writes it");
        }
    }

    @Test
    void thePluginDeclarationIsOfThisVersionAndWellFormed() throws Exception {
        List<DocSnippets.Snippet> plugins = DOCS.withInfo("xml plugin");
        assertEquals(1, plugins.size());
        org.w3c.dom.Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(plugins.get(0).body().getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)));
        org.w3c.dom.Element plugin = xml.getDocumentElement();
        assertEquals("dev.aigate", text(plugin, "groupId"));
        assertEquals("aigate-maven-plugin", text(plugin, "artifactId"));
        assertEquals(ToolVersion.get(), text(plugin, "version"));
        assertNoRepeatedChild(plugin, plugins.get(0).where());
        String example = Files.readString(DOCS.root().resolve("examples/digits-classifier/pom.xml"));
        assertTrue(example.contains("<aigate.version>" + ToolVersion.get() + "</aigate.version>"));
    }

    /** Maven refuses a POM element that appears twice where one is allowed ("Duplicated tag"), e.g. two dependencies. */
    private static void assertNoRepeatedChild(org.w3c.dom.Element element, String where) {
        java.util.Set<String> listElements = java.util.Set.of("dependency", "execution", "goal", "exclusion");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (org.w3c.dom.Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof org.w3c.dom.Element e) {
                assertTrue(listElements.contains(e.getTagName()) || seen.add(e.getTagName()),
                        where + ": <" + e.getTagName() + "> appears twice in <" + element.getTagName() + ">");
                assertNoRepeatedChild(e, where);
            }
        }
    }

    @Test
    void xmlBlocksAreWellFormed() throws Exception {
        for (DocSnippets.Snippet snippet : DOCS.withInfo("xml")) {
            try {
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new java.io.ByteArrayInputStream(
                        ("<snippet>" + snippet.body() + "</snippet>").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } catch (org.xml.sax.SAXException e) {
                fail(snippet.where() + ": " + e.getMessage());
            }
        }
    }

    @Test
    void jsonBlocksParse() throws IOException {
        for (DocSnippets.Snippet snippet : DOCS.withInfo("json")) {
            try {
                new ObjectMapper().readTree(snippet.body());
            } catch (IOException e) {
                fail(snippet.where() + ": " + e.getMessage());
            }
        }
    }

    @Test
    void groovyBlocksAreLeftToThePipelineHarness() {
        // jenkins-plugin's DocsPipelinesTest runs every ```groovy block of these documents; it needs at least these.
        assertTrue(DOCS.withInfo("groovy").size() >= 5);
    }

    private static String text(org.w3c.dom.Element parent, String child) {
        org.w3c.dom.NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof org.w3c.dom.Element e && e.getTagName().equals(child)) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }

    /** The CLI's full command tree, as {@link AigateCommand#execute} builds it for a command it does not know. */
    private static CommandLine parser(String[] args, StringWriter err) {
        CommandLine commandLine = new CommandLine(new AigateCommand());
        List.of(GateCommand.class, VerifyReportCommand.class, ActionsCommand.class)
                .forEach(commandLine::addSubcommand);
        CheckCommands.all(CheckRegistry.load()).forEach((id, spec) -> commandLine.addSubcommand(id,
                new CommandLine(spec)));
        commandLine.setErr(new PrintWriter(err));
        return commandLine;
    }

    /**
     * The simple commands of a shell block: comments dropped, continuation lines joined, split at {@code ;},
     * {@code &&} and {@code |}, words split the way the shell would for the quoting the docs use.
     */
    static List<List<String>> commands(String body) {
        List<List<String>> commands = new ArrayList<>();
        String joined = body.replace("\\\n", " ");
        for (String line : joined.split("\n")) {
            List<String> words = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            boolean inWord = false;
            char quote = 0;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        word.append(c);
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                    inWord = true;
                } else if (c == '#' && !inWord) {
                    break;
                } else if (c == ' ' || c == '\t' || c == ';' || c == '|' || c == '&') {
                    if (inWord) {
                        words.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                    if (c == ';' || c == '|' || c == '&') {
                        if (!words.isEmpty()) {
                            commands.add(words);
                        }
                        words = new ArrayList<>();
                    }
                } else {
                    word.append(c);
                    inWord = true;
                }
            }
            if (inWord) {
                words.add(word.toString());
            }
            if (!words.isEmpty()) {
                commands.add(words);
            }
        }
        return commands;
    }
}
