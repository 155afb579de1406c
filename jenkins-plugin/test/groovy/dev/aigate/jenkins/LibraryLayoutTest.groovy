package dev.aigate.jenkins

import java.nio.file.Files
import java.nio.file.Path
import org.junit.jupiter.api.Test

/** The shared library's layout, help texts, packaged resources and documentation stay complete. */
class LibraryLayoutTest {
    static final Path ROOT = PipelineHarness.LIBRARY_ROOT
    /** The per-check steps by check id; aigate (null) runs the gate. */
    static final Map<String, String> STEPS = [
        aigate: null, aigateVerifyDatasets: 'datasets', aigateRobustness: 'robustness', aigateWatermark: 'watermark',
        aigateSignature: 'signature', aigateCompliance: 'compliance',
    ]
    static final String RUN_STEP = 'aigateRun'

    static List<String> names(String dir, String extension) {
        return ROOT.resolve(dir).toFile().listFiles().findAll { it.name.endsWith(extension) }
                .collect { it.name - extension }.sort()
    }

    @Test
    void everyStepIsAThinVarWithHelpForTheSnippetGenerator() {
        List<String> steps = (STEPS.keySet() + RUN_STEP).sort()
        assert names('vars', '.groovy') == steps
        assert names('vars', '.txt') == steps
        STEPS.each { step, id ->
            String source = ROOT.resolve("vars/${step}.groovy").text
            assert source.contains("new GateStep(this).run(args, ${id == null ? 'null' : "'${id}'"})")
            assert source.readLines().size() < 10
            String help = ROOT.resolve("vars/${step}.txt").text
            assert help.contains(step)
            assert id == null || (help.contains("<code>aigate ${id} verify</code>") &&
                    help.contains("<code>aigateRun check: '${id}', action: 'verify'</code>"))
        }
        String run = ROOT.resolve("vars/${RUN_STEP}.groovy").text
        assert run.contains('new GateStep(this).runAction(args)') && run.readLines().size() < 10
    }

    @Test
    void theHelpAndTheReadmeDocumentEveryParameter() {
        String help = ROOT.resolve('vars/aigate.txt').text
        String runHelp = ROOT.resolve("vars/${RUN_STEP}.txt").text
        String readme = ROOT.resolve('README.md').text
        Class config = LibraryClasses.load('GateConfig')
        config.PARAMETERS.each { String parameter ->
            String where = config.RUN_PARAMETERS.contains(parameter) ? runHelp : help
            assert where.contains("<code>${parameter}</code>"): "the step help does not document ${parameter}"
            assert readme.contains("`${parameter}`"): "README.md does not document ${parameter}"
        }
        (STEPS.keySet() + RUN_STEP).each { assert readme.contains("`${it}`"): "README.md does not mention ${it}" }
    }

    /** The README's table of check actions lists every action of the catalogue, with its CLI and Jenkins spelling. */
    @Test
    void theReadmeListsEveryCheckAction() {
        String readme = ROOT.resolve('README.md').text
        List<String> rows = readme.readLines().findAll { it.startsWith('| `aigate ') }
        LibraryClasses.load('ActionCatalogue').commands(ActionCatalogueTest.catalogue()).each { List<String> c ->
            String jenkins = "`aigateRun check: '${c[0]}', action: '${c[1]}'`"
            assert rows.any { it.startsWith("| `aigate ${c[0]} ${c[1]}` |") && it.contains(jenkins) }:
                    "README.md's table of check actions has no row for ${c.join(' ')} (${jenkins})"
        }
        STEPS.each { step, id ->
            if (id != null) {
                assert rows.any { it.startsWith("| `aigate ${id} verify` |") && it.contains("`${step}`") }
            }
        }
    }

    @Test
    void theDefaultCliVersionIsTheLibraryVersion() {
        Properties properties = new Properties()
        ROOT.resolve('resources/dev/aigate/jenkins/aigate-library.properties').withReader { properties.load(it) }
        assert properties.getProperty('cli.version') == System.getProperty('aigate.version')
    }

    @Test
    void theJarKeepsTheLibraryLayout() {
        Path classes = ROOT.resolve('target/classes')
        ['vars/aigate.groovy', 'vars/aigate.txt', 'vars/aigateRun.groovy', 'src/dev/aigate/jenkins/GateStep.groovy',
         'src/dev/aigate/jenkins/ActionCatalogue.groovy', 'resources/dev/aigate/jenkins/actions.json',
         'resources/dev/aigate/jenkins/aigate-library.properties', 'README.md'].each {
            assert Files.isRegularFile(classes.resolve(it)): "${it} is not packaged"
        }
        assert !Files.exists(classes.resolve('test')) && !Files.exists(classes.resolve('dev'))
    }
}
