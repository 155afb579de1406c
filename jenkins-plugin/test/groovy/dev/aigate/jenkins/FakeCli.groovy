package dev.aigate.jenkins

import java.nio.file.Files
import java.nio.file.Path

/**
 * A stand-in for the agent's shell in unit tests: an aigate command that judges writes a recorded report (real CLI
 * output, from test/resources/reports) into the report directory and exits with the given status; one that makes
 * something writes the given standard output and error where the script redirects them; the Maven command
 * "downloads" the CLI jar.
 */
class FakeCli {
    final PipelineHarness harness
    String report = 'pass'
    int status = 0
    /** Where the report is written; null: where the command's --report-dir says. */
    String reportDirectory = 'aigate-report'
    /** Extra report files to write, such as the HTML and SARIF reports later CLI versions add. */
    List<String> extraFiles = []
    boolean writeReport = true
    int mavenStatus = 0
    int gateRuns
    int mavenRuns
    /** What an action that makes something prints, and its exit status. */
    String output = 'wrote it\n'
    String errors = ''
    int actionStatus = 0
    int actionRuns
    /** The aigate commands run, e.g. 'gate', 'datasets verify', 'datasets lock'. */
    final List<String> commands = []

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
                String version = matcher.group(1)
                // dependency:get with a repository of the step's own puts the jar in that local repository.
                Path jar = script.contains('-Dmaven.repo.local=')
                        ? cwd.resolve(".aigate/cli/repository/dev/aigate/aigate-cli/${version}/aigate-cli-${version}-all.jar")
                        : cwd.resolve(".aigate/cli/aigate-cli-${version}-all.jar")
                Files.createDirectories(jar.parent)
                jar.text = 'jar'
            }
            return mavenStatus
        }
        assert call.label.startsWith('aigate ')
        commands << (call.label - 'aigate ')
        if (script.contains('AIGATE_STATUS') || script.contains('status=0')) {
            return make(script, cwd)
        }
        assert script.contains('--report-dir=')
        gateRuns++
        if (writeReport) {
            String directory = reportDirectory
            if (directory == null) { // the command's own
                def given = script =~ /--report-dir=([^' \n]+)/
                assert given.find()
                directory = given.group(1)
            }
            Path dir = cwd.resolve(directory)
            Files.createDirectories(dir)
            dir.resolve('aigate-report.json').text = FakeCli.getResource("/reports/${report}.json").getText('UTF-8')
            dir.resolve('aigate-junit.xml').text = '<testsuite name="aigate" tests="1"/>'
            dir.resolve('aigate-summary.md').text = "# aigate: ${report}"
            extraFiles.each { dir.resolve(it).text = 'report' }
        }
        return status
    }

    /** Writes the output where the script sends it: {@code >FILE} and {@code 2>FILE}. */
    int make(String script, Path cwd) {
        actionRuns++
        def out = script =~ / >(\S+)/
        assert out.find()
        write(cwd, out.group(1), output)
        def err = script =~ / 2>(\S+)/
        if (err.find()) {
            write(cwd, err.group(1), errors)
        }
        return actionStatus
    }

    static void write(Path cwd, String path, String text) {
        Path file = cwd.resolve(path.replace('\\', '/'))
        Files.createDirectories(file.parent)
        file.text = text
    }
}
