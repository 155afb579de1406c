package dev.aigate.jenkins

import static dev.aigate.jenkins.Failures.shouldFail

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import org.junit.jupiter.api.Test

class CliCommandTest {
    static final Class CONFIG = LibraryClasses.load('GateConfig')
    static final Class CLI = LibraryClasses.load('CliCommand')

    static final List<String> AWKWARD = [
        'plain', 'with space', "it's", 'double " quote', '$HOME and $(id) and `id`', 'back\\slash', 'semi;colon&amp|pipe',
        '*.yml', '~', '-dash', '100%', 'tab\there', 'trailing\\', 'ünïcødé', '', '=leading', "'", '!bang',
    ]

    static List<String> gateArgs(Map args, String checkId = null) {
        return CLI.commandArgs(CONFIG.parse(args, checkId))
    }

    static Object run(Map args) {
        return CONFIG.parseRun(args, ActionCatalogueTest.catalogue())
    }

    @Test
    void buildsTheGateCommandLineFromTheParameters() {
        assert gateArgs([:]) == ['gate', '--policy=aigate.yml', '--report-dir=aigate-report', '--no-progress']
        assert gateArgs([policy: 'ml/aigate.yml', reportDirectory: 'out', failOn: 'critical',
                         checks: ['datasets', 'robustness'], skipChecks: 'compliance,watermark', threads: 3,
                         project: 'digits 1.0', overrides: ['robustness.epsilon': '0.03', 'datasets.maxFiles': 10],
                         progress: true, extraArgs: ['--quiet']]) ==
                ['gate', '--policy=ml/aigate.yml', '--report-dir=out', '--fail-on=critical',
                 '--checks=datasets,robustness', '--skip-checks=compliance,watermark', '--threads=3',
                 '--project=digits 1.0', '--set=robustness.epsilon=0.03', '--set=datasets.maxFiles=10', '--quiet']
    }

    @Test
    void perCheckStepsRunTheirChecksVerify() {
        assert gateArgs([:], 'watermark') ==
                ['watermark', 'verify', '--policy=aigate.yml', '--report-dir=aigate-report/watermark', '--no-progress']
        assert gateArgs([failOn: 'low', overrides: ['watermark.maxFalsePositive': 0.25]], 'watermark') ==
                ['watermark', 'verify', '--policy=aigate.yml', '--report-dir=aigate-report/watermark', '--fail-on=low',
                 '--set=watermark.maxFalsePositive=0.25', '--no-progress']
    }

    @Test
    void actionsRunAsCheckActionWithTheirOptionsAndOperandsLast() {
        assert CLI.commandArgs(run([check: 'datasets', action: 'lock', threads: 2])) ==
                ['datasets', 'lock', '--policy=aigate.yml', '--threads=2', '--no-progress']
        assert CLI.commandArgs(run([check: 'datasets', action: 'verify'])) ==
                ['datasets', 'verify', '--policy=aigate.yml', '--report-dir=aigate-report/datasets', '--no-progress']
        assert CLI.commandArgs(run([check: 'signature', action: 'sign', progress: true, extraArgs: ['--root=model'],
                                    options: [keyEnv: 'AIGATE_KEY_FILE', paths: ['model/a.onnx', '-b.onnx']]])) ==
                ['signature', 'sign', '--policy=aigate.yml', '--key-env=AIGATE_KEY_FILE', '--root=model', '--',
                 'model/a.onnx', '-b.onnx']
        assert CLI.commandArgs(run([check: 'signature', action: 'verify-files', project: 'digits', failOn: 'medium',
                                    options: [publicKey: 'keys/release.pub', paths: 'model']])) ==
                ['signature', 'verify-files', '--policy=aigate.yml', '--report-dir=aigate-report/signature-verify-files',
                 '--fail-on=medium', '--project=digits', '--no-progress', '--public-key=keys/release.pub', '--', 'model']
    }

    @Test
    void theJvmDefaultsAreTheLaunchersAndGivenOptionsReplaceThem() {
        String launcher = new File('../cli/src/main/dist/aigate').text
        assert launcher.contains('AIGATE_JVM_DEFAULTS-' + CONFIG.DEFAULT_JAVA_OPTIONS.join(' ') + '}')
        assert CLI.javaArgv(CONFIG.parse([:], null), 'a.jar').take(4) ==
                ['java', '-XX:+UseSerialGC', '-XX:MaxNewSize=128m', '-jar']
        assert CLI.javaArgv(CONFIG.parse([javaOptions: []], null), 'a.jar').take(2) == ['java', '-jar']
        assert CLI.javaArgv(CONFIG.parse([javaOptions: '-XX:+UseG1GC'], null), 'a.jar').take(3) ==
                ['java', '-XX:+UseG1GC', '-jar']
    }

    @Test
    void javaAndMavenCommandLines() {
        def c = CONFIG.parse([javaCommand: '/opt/jdk 17/bin/java', javaOptions: ['-Xmx512m'], cliDirectory: 'tools',
                              mavenCommand: './mvnw', mavenArgs: ['-s', 'ci settings.xml']], null)
        assert CLI.javaArgv(c, 'tools/aigate.jar').take(5) == ['/opt/jdk 17/bin/java', '-Xmx512m', '-jar',
                                                              'tools/aigate.jar', 'gate']
        assert CLI.mavenArgv(c, '1.2.0') == ['./mvnw', '-B', '-q', '-s', 'ci settings.xml',
                'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy',
                '-Dartifact=dev.aigate:aigate-cli:1.2.0:jar:all', '-DoutputDirectory=tools',
                '-Dmdep.useBaseVersion=true', '-Dmdep.overWriteSnapshots=true']
        assert CLI.resolvedJar(c, '1.2.0') == 'tools/aigate-cli-1.2.0-all.jar'
    }

    @Test
    void shQuotingLeavesPlainWordsAndSingleQuotesTheRest() {
        assert CLI.shQuote('--policy=aigate.yml') == '--policy=aigate.yml'
        assert CLI.shQuote('my dir/aigate.yml') == "'my dir/aigate.yml'"
        assert CLI.shQuote("it's") == "'it'\"'\"'s'"
        assert CLI.shQuote('$HOME') == "'\$HOME'"
        assert CLI.shQuote('') == "''"
    }

    @Test
    void shQuotingSurvivesARealShell() {
        Path dir = Files.createTempDirectory('aigate quoting')
        try {
            List<String> argv = ['printf', '%s\\n'] + AWKWARD
            Path script = dir.resolve('script.sh')
            script.text = CLI.shScript(argv)
            Process p = new ProcessBuilder('sh', '-e', script.toString()).directory(dir.toFile()).start()
            String out = p.inputStream.getText('UTF-8')
            assert p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0
            assert out == AWKWARD.collect { it + '\n' }.join('')
        } finally {
            dir.toFile().deleteDir()
        }
    }

    @Test
    void aFirstWordWithAnEqualsSignIsNotAnAssignment() {
        assert CLI.shScript(['A=b', 'x']) == "'A=b' x\n"
    }

    @Test
    void shScriptRemovesStaleReportsBeforeRunning() {
        String script = CLI.shScript(['java', '-jar', 'a.jar', 'gate'], 'my reports')
        assert script == "rm -f -- 'my reports/aigate-report.json' 'my reports/aigate-junit.xml' " +
                "'my reports/aigate-summary.md' 'my reports/aigate-report.html' 'my reports/aigate-report.sarif'\n" +
                'java -jar a.jar gate\n'
    }

    @Test
    void anActionScriptKeepsTheOutputAndTheStatusOfTheCommand() {
        Path dir = Files.createTempDirectory('aigate action')
        try {
            Map files = CLI.outputFiles(run([check: 'datasets', action: 'lock']))
            assert files == [out: '.aigate/run/datasets-lock.out', err: '.aigate/run/datasets-lock.err']
            List<String> argv = ['sh', '-c', 'echo "wrote it"; echo "aigate: ERROR: it broke" >&2; exit 2']
            Path script = dir.resolve('script.sh')
            script.text = CLI.shActionScript(argv, files)
            dir.resolve('.aigate/run').toFile().mkdirs()
            dir.resolve('.aigate/run/datasets-lock.out').text = 'stale'
            Process p = new ProcessBuilder('sh', '-xe', script.toString()).directory(dir.toFile()).start()
            String out = p.inputStream.getText('UTF-8')
            String err = p.errorStream.getText('UTF-8')
            assert p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 2
            assert out == 'wrote it\n' && err.contains('aigate: ERROR: it broke')
            assert dir.resolve(files.out).text == 'wrote it\n'
            assert dir.resolve(files.err).text == 'aigate: ERROR: it broke\n'
            assert CLI.outputFiles(run([check: 'datasets', action: 'lock', progress: true])) ==
                    [out: '.aigate/run/datasets-lock.out']
            assert !CLI.shActionScript(['true'], [out: 'o']).contains('2>')
        } finally {
            dir.toFile().deleteDir()
        }
    }

    @Test
    void aBatActionScriptRedirectsAndExitsWithTheCommandsStatus() {
        Map files = [out: '.aigate/run/datasets-lock.out', err: '.aigate/run/datasets-lock.err']
        assert CLI.batActionScript(['java', '-jar', 'C:/a b/aigate.jar', 'datasets', 'lock'], files).split('\r\n') as List ==
                ['@if not exist .aigate\\run mkdir .aigate\\run',
                 '@if exist .aigate\\run\\datasets-lock.out del /f /q .aigate\\run\\datasets-lock.out',
                 '@if exist .aigate\\run\\datasets-lock.err del /f /q .aigate\\run\\datasets-lock.err',
                 'java -jar "C:/a b/aigate.jar" datasets lock >.aigate\\run\\datasets-lock.out ' +
                         '2>.aigate\\run\\datasets-lock.err',
                 '@set AIGATE_STATUS=%ERRORLEVEL%',
                 '@type .aigate\\run\\datasets-lock.out',
                 '@type .aigate\\run\\datasets-lock.err 1>&2',
                 '@exit /b %AIGATE_STATUS%']
    }

    @Test
    void batQuotingDoublesPercentAndTrailingBackslashes() {
        assert CLI.batQuote('--policy=aigate.yml', false) == '"--policy=aigate.yml"'
        assert CLI.batQuote('C:\\tools\\aigate.jar', false) == 'C:\\tools\\aigate.jar'
        assert CLI.batQuote('C:\\my dir\\', false) == '"C:\\my dir\\\\"'
        assert CLI.batQuote('100%', false) == '"100%%"'
        assert CLI.batQuote('a & b | c ^ d < e > f', false) == '"a & b | c ^ d < e > f"'
        assert CLI.batQuote('@echo', false) == '"@echo"'
    }

    @Test
    void batQuotingRejectsWhatCmdCannotCarry() {
        assert shouldFail(IllegalArgumentException) { CLI.batQuote('say "hi"', false) }.message
                .contains('double quote')
        assert shouldFail(IllegalArgumentException) { CLI.batQuote('100%', true) }.message.contains('% or ^')
        assert shouldFail(IllegalArgumentException) { CLI.batQuote('a^b', true) }.message.contains('% or ^')
    }

    @Test
    void batScriptsUseBackslashesForDelAndCallForMaven() {
        String script = CLI.batScript(['java', '-jar', 'C:/a b/aigate.jar', 'gate', '--policy=x y.yml'], 'out/gate')
        List<String> lines = script.split('\r\n') as List
        assert lines.size() == 7
        assert lines[0] == '@if exist out\\gate\\aigate-report.json del /f /q out\\gate\\aigate-report.json'
        assert CLI.batScript(['java'], 'my reports').readLines()[0] ==
                '@if exist "my reports\\aigate-report.json" del /f /q "my reports\\aigate-report.json"'
        assert lines[5] == 'java -jar "C:/a b/aigate.jar" gate "--policy=x y.yml"'
        assert lines[6] == '@exit /b %ERRORLEVEL%'
        assert CLI.batScript(['mvn', '-B', '-Dartifact=a:b:1:jar:all']) ==
                'call mvn -B "-Dartifact=a:b:1:jar:all"\r\n@exit /b %ERRORLEVEL%\r\n'
    }

    @Test
    void publishingMovesIntoTheReportDirectoryOnlyWhenItIsNotAPlainRelativePath() {
        assert !CLI.publishInside('aigate-report')
        assert !CLI.publishInside('build/aigate reports')
        assert CLI.publishInside('/var/reports')
        assert CLI.publishInside('C:\\reports')
        assert CLI.publishInside('../reports')
        assert CLI.reportPath('out/', 'a.json') == 'out/a.json'
        assert CLI.reportPath('out', 'a.json') == 'out/a.json'
    }

    @Test
    void keyBindingsAreNamesAndIdsOnly() {
        def c = CONFIG.parse([keyFileCredentialsId: 'wm', keyFiles: [AIGATE_SIGNING_KEY_FILE: 'sign']], null)
        assert CLI.keyBindings(c) == [['AIGATE_KEY_FILE', 'wm'], ['AIGATE_SIGNING_KEY_FILE', 'sign']]
    }
}
