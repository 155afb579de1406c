package dev.aigate.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.spi.Action;
import dev.aigate.core.spi.Check;
import dev.aigate.core.spi.CheckRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every registered check action has its three spellings in the README's table, and each spelling exists: the CLI
 * command is generated from the same registry, the Maven goal is in this plugin's descriptor and runs that action,
 * and the Jenkins step is in the library. A new check or action without its row fails here.
 */
class ActionSpellingsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern ROW = Pattern.compile("^\\| ([a-z][a-z0-9-]*) ([a-z][a-z0-9-]*) \\| `aigate (\\S+) (\\S+)`"
            + " \\| `aigate:([a-z-]+)(?: -Daigate\\.action=([a-z0-9-]+):([a-z0-9-]+))?`[^|]* \\| `([^`]+)` \\|$");
    private static final Pattern RUN_STEP = Pattern.compile("aigateRun check: '([a-z0-9-]+)', action: '([a-z0-9-]+)'");

    record Row(String check, String action, String goal, String jenkins) {
    }

    private static Map<String, Row> table() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        int start = lines.indexOf(lines.stream().filter(l -> l.startsWith("<!-- actions-table")).findFirst()
                .orElseThrow(() -> new AssertionError("README.md has no actions table marker")));
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int i = start + 3; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            if (lines.get(i).startsWith("| every check")) {
                continue;
            }
            Matcher m = ROW.matcher(lines.get(i));
            assertTrue(m.matches(), "README actions table row not in the expected form: " + lines.get(i));
            assertEquals(m.group(1), m.group(3), lines.get(i));
            assertEquals(m.group(2), m.group(4), lines.get(i));
            if (m.group(6) != null) {
                assertEquals(m.group(1) + ":" + m.group(2), m.group(6) + ":" + m.group(7), lines.get(i));
            }
            rows.put(m.group(1) + " " + m.group(2), new Row(m.group(1), m.group(2), m.group(5), m.group(8)));
        }
        return rows;
    }

    private static Map<String, String> goals() throws IOException {
        Path descriptor = Path.of("target/classes/META-INF/maven/plugin.xml");
        String xml = Files.readString(descriptor);
        Map<String, String> goals = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<goal>([a-z-]+)</goal>.*?<implementation>([\\w.$]+)</implementation>",
                Pattern.DOTALL).matcher(xml);
        while (m.find()) {
            goals.put(m.group(1), m.group(2));
        }
        return goals;
    }

    @Test
    void everyRegisteredActionHasItsThreeSpellings() throws Exception {
        Map<String, Row> rows = table();
        Map<String, String> goals = goals();
        Set<String> registered = new TreeSet<>();
        CheckRegistry registry = CheckRegistry.load();
        for (Check<?> check : registry.all()) {
            registered.add(check.id() + " " + CheckRegistry.VERIFY);
            for (Action<?> action : check.actions()) {
                registered.add(check.id() + " " + action.name());
            }
        }
        assertEquals(registered, new TreeSet<>(rows.keySet()), "README.md's actions table must list exactly the"
                + " registered check actions");
        for (Row row : rows.values()) {
            String implementation = goals.get(row.goal());
            assertNotNull(implementation, "no Maven goal '" + row.goal() + "' in the plugin descriptor");
            Object mojo = Class.forName(implementation).getDeclaredConstructor().newInstance();
            if (mojo instanceof CheckVerifyMojo verify) {
                assertEquals(CheckRegistry.VERIFY, row.action(), row + ": " + row.goal() + " runs a check's verify");
                assertEquals(Set.of(row.check()), verify.onlyChecks(), row.toString());
            } else if (mojo instanceof RunMojo) {
                assertEquals("run", row.goal());
            } else {
                AbstractActionMojo action = (AbstractActionMojo) mojo;
                assertEquals(row.check() + " " + row.action(), action.checkId() + " " + action.actionName(),
                        row.goal() + " runs another action than its row says");
            }
            Matcher run = RUN_STEP.matcher(row.jenkins());
            if (run.matches()) {
                assertEquals(row.check() + " " + row.action(), run.group(1) + " " + run.group(2));
                assertTrue(Files.exists(ROOT.resolve("jenkins-plugin/vars/aigateRun.groovy")), "no aigateRun step");
                assertTrue(Files.readString(ROOT.resolve("jenkins-plugin/resources/dev/aigate/jenkins/actions.json"))
                        .contains("\"name\" : \"" + row.action() + "\""), "the Jenkins catalogue lacks " + row);
            } else {
                Path step = ROOT.resolve("jenkins-plugin/vars/" + row.jenkins() + ".groovy");
                assertTrue(Files.exists(step), "no Jenkins step " + row.jenkins());
                assertTrue(Files.readString(step).contains("'" + row.check() + "'"), step + " runs another check");
            }
        }
    }
}
