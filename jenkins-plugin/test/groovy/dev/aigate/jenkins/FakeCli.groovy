package dev.aigate.jenkins

import java.nio.file.Files
import java.nio.file.Path

/**
 * A stand-in for the agent's shell in unit tests: the aigate command writes a recorded report (real CLI output,
 * from test/resources/reports) into the report directory and exits with the given status; the Maven command
 * "downloads" the CLI jar.
 */
class FakeCli {
    final PipelineHarness harness
    String report = 'pass'
    int status = 0
    String reportDirectory = 'aigate-report'
    /** Extra report files to write, such as the HTML and SARIF reports later CLI versions add. */
    List<String> extraFiles = []
    boolean writeReport = true
    int mavenStatus = 0
    int gateRuns
    int mavenRuns

    FakeCli(PipelineHarness harness) {
        this.harness = harness
    }

    int run(Map call) {
        String script = call.script
        Path cwd = (Path) call.cwd
        if (script.contains('maven-dependency-plugin')) {
            mavenRuns++
            def matcher = script =~ /aigate-cli:([^:]+):jar:all/
            assert matcher.find()
            if (mavenStatus == 0) {
                Path jar = cwd.resolve(".aigate/cli/aigate-cli-${matcher.group(1)}-all.jar")
                Files.createDirectories(jar.parent)
                jar.text = 'jar'
            }
            return mavenStatus
        }
        assert script.contains(' gate ')
        gateRuns++
        if (writeReport) {
            Path dir = cwd.resolve(reportDirectory)
            Files.createDirectories(dir)
            dir.resolve('aigate-report.json').text = FakeCli.getResource("/reports/${report}.json").getText('UTF-8')
            dir.resolve('aigate-junit.xml').text = '<testsuite name="aigate" tests="1"/>'
            dir.resolve('aigate-summary.md').text = "# aigate: ${report}"
            extraFiles.each { dir.resolve(it).text = 'report' }
        }
        return status
    }
}
