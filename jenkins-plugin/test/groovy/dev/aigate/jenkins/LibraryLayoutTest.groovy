package dev.aigate.jenkins

import java.nio.file.Files
import java.nio.file.Path
import org.junit.jupiter.api.Test

/** The shared library's layout, help texts, packaged resources and documentation stay complete. */
class LibraryLayoutTest {
    static final Path ROOT = PipelineHarness.LIBRARY_ROOT
    static final Map<String, String> STEPS = [
        aigate: null, aigateVerifyDatasets: 'datasets', aigateRobustness: 'robustness', aigateWatermark: 'watermark',
        aigateSignature: 'signature', aigateCompliance: 'compliance',
    ]

    static List<String> names(String dir, String extension) {
        return ROOT.resolve(dir).toFile().listFiles().findAll { it.name.endsWith(extension) }
                .collect { it.name - extension }.sort()
    }

    @Test
    void everyStepIsAThinVarWithHelpForTheSnippetGenerator() {
        assert names('vars', '.groovy') == STEPS.keySet().sort()
        assert names('vars', '.txt') == STEPS.keySet().sort()
        STEPS.each { step, id ->
            String source = ROOT.resolve("vars/${step}.groovy").text
            assert source.contains("new GateStep(this).run(args, ${id == null ? 'null' : "'${id}'"})")
            assert source.readLines().size() < 10
            String help = ROOT.resolve("vars/${step}.txt").text
            assert help.contains(step) && (id == null || help.contains("--checks=${id}"))
        }
    }

    @Test
    void theHelpAndTheReadmeDocumentEveryParameter() {
        String help = ROOT.resolve('vars/aigate.txt').text
        String readme = ROOT.resolve('README.md').text
        LibraryClasses.load('GateConfig').PARAMETERS.each { String parameter ->
            assert help.contains("<code>${parameter}</code>"): "vars/aigate.txt does not document ${parameter}"
            assert readme.contains("`${parameter}`"): "README.md does not document ${parameter}"
        }
        STEPS.keySet().each { assert readme.contains("`${it}`"): "README.md does not mention ${it}" }
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
        ['vars/aigate.groovy', 'vars/aigate.txt', 'src/dev/aigate/jenkins/GateStep.groovy',
         'resources/dev/aigate/jenkins/aigate-library.properties', 'README.md'].each {
            assert Files.isRegularFile(classes.resolve(it)): "${it} is not packaged"
        }
        assert !Files.exists(classes.resolve('test')) && !Files.exists(classes.resolve('dev'))
    }
}
