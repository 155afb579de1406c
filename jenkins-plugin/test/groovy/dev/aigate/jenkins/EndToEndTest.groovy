package dev.aigate.jenkins

import groovy.json.JsonSlurperClassic
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.nio.file.StandardCopyOption
import java.util.concurrent.TimeUnit
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test

/**
 * The steps with a real agent shell: {@code sh} runs its script with {@code sh -xe} (as Jenkins does) in the
 * current directory, and the script runs the CLI built by this reactor on copies of the example project, intact
 * and tampered with. The workspace path has a space in it.
 */
class EndToEndTest extends PipelineHarness {
    public static final String CLI_JAR = Paths.get(System.getProperty('aigate.cli.jar')).toAbsolutePath().toString()
    public static final String EXAMPLE = 'digits classifier'

    Path project

    @BeforeEach
    void realShell() {
        agent = { Map call -> runSh(call) }
        project = copyExample(EXAMPLE)
        // Short CLI runs: a quicker JVM start matters more than peak speed (2 cores shared by the build).
        env.JAVA_TOOL_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto'
    }

    int runSh(Map call) {
        Path script = Files.createTempFile('jenkins-sh', '.sh')
        try {
            script.text = call.script
            ProcessBuilder builder = new ProcessBuilder('sh', '-xe', script.toString())
                    .directory(((Path) call.cwd).toFile()).redirectErrorStream(true)
            builder.environment().putAll((Map<String, String>) call.env)
            Process process = builder.start()
            process.inputStream.eachLine('UTF-8') { log << it }
            assert process.waitFor(120, TimeUnit.SECONDS): 'the shell step did not finish'
            return process.exitValue()
        } finally {
            Files.delete(script)
        }
    }

    /** Changes the training split (the robustness check evaluates on the test split, which stays intact). */
    void tamper() {
        Path test = project.resolve('data/digits/train.csv')
        List<String> lines = test.readLines('UTF-8')
        lines[4] = (lines[4].startsWith('9') ? '8' : '9') + lines[4].substring(1)
        test.write(lines.join('\n') + '\n', 'UTF-8')
        project.resolve('data/digits/extra.csv').text = 'x\n'
    }

    Path executable(String name, String body) {
        Path file = workspace.resolve("bin dir/${name}")
        Files.createDirectories(file.parent)
        file.text = "#!/bin/sh\n${body}\n"
        file.toFile().setExecutable(true)
        return file
    }

    Map reportOnDisk(String reportDirectory = 'aigate-report') {
        return (Map) new JsonSlurperClassic().parse(project.resolve("${reportDirectory}/aigate-report.json").toFile())
    }

    Object gate(String arguments) {
        return runPipeline("""
            node {
                stage('AI gate') {
                    dir('${EXAMPLE}') {
                        return ${arguments}
                    }
                }
            }
        """)
    }

    PipelineError gateFails(String arguments) {
        try {
            gate(arguments)
        } catch (PipelineError e) {
            return e
        }
        throw new AssertionError('the gate did not fail; log:\n' + log.join('\n'))
    }

    @Test
    void theExampleProjectPasses() {
        Map result = (Map) gate("aigate(policy: 'aigate.yml', cliJar: '${CLI_JAR}')")
        assert result.verdict == 'PASS' && result.exitCode == 0 && result.buildResult == 'SUCCESS'
        assert result.counts == [critical: 0, high: 0, medium: 0, low: 0]
        assert result.checks*.status.every { it == 'PASSED' }
        assert result.checks.contains([id: 'datasets', title: 'Dataset integrity and provenance', status: 'PASSED'])
        assert result.reports.subMap(['json', 'junit', 'summary']) == [json: 'aigate-report/aigate-report.json',
                junit: 'aigate-report/aigate-junit.xml', summary: 'aigate-report/aigate-summary.md']
        assertPublished(result)
        assert reportOnDisk().verdict == 'PASS'
        assert log.any { it.startsWith('verdict PASS | report: ') }
        assert published.every { it.cwd == project }
        assert publishedBy('junit')[0].args.testResults == 'aigate-report/aigate-junit.xml'
        assert buildResult == 'SUCCESS'
    }

    @Test
    void aTamperedCopyFailsNamingTheFiles() {
        tamper()
        PipelineError e = gateFails("aigate(cliJar: '${CLI_JAR}')")
        List<String> lines = e.message.readLines()
        // The two dataset violations, and the compliance items that need the datasets check to pass. The tampered
        // value (p0 = 9 where every approved row has 0) is out of range, but one such row is no evidence alone: the
        // approved rows vary no more in that pixel, so its excess has no scale.
        assert lines[0] == 'aigate FAIL: 3 violation(s) at or above the failing level (4 in all: 3 high, 1 medium)'
        assert lines[1].startsWith('  [high] datasets/file-added: data/digits/extra.csv: file added to dataset')
        assert lines[2].startsWith('  [high] datasets/file-modified: data/digits/train.csv: modified since dataset')
        assert lines[3].startsWith("  [high] compliance/item-unmet: item 'owasp-ml/ML02' (Data poisoning attack)")
        assert lines[-1] == 'Report: aigate-report/aigate-summary.md'
        assert env.AIGATE_VERDICT == 'FAIL' && buildResult == 'FAILURE'
        assert reportOnDisk().verdict == 'FAIL'
        assertPublished((Map) [reports: [html: Files.exists(project.resolve('aigate-report/aigate-report.html'))]])
    }

    /** JUnit and the archive always; the HTML report (once the CLI writes one) with the HTML Publisher. */
    void assertPublished(Map result) {
        List<String> steps = result.reports.html ? ['junit', 'publishHTML', 'archiveArtifacts']
                : ['junit', 'archiveArtifacts']
        assert published*.step == steps
    }

    @Test
    void aTamperedCopyUnderAHigherFailingLevelWarnsAndReturns() {
        tamper()
        Map result = (Map) gate("aigate(cliJar: '${CLI_JAR}', failOn: 'critical', unstableScope: 'stage')")
        assert result.verdict == 'WARN' && result.buildResult == 'UNSTABLE'
        assert result.counts.high == 3 && result.failing == 0
        assert result.violations.findAll { it.check == 'datasets' }.collect { [it.check, it.rule, it.subject] } == [
            ['datasets', 'datasets/file-added', 'data/digits/extra.csv'],
            ['datasets', 'datasets/file-modified', 'data/digits/train.csv']]
        assert stageResult == 'UNSTABLE' && buildResult == 'SUCCESS'
        assert reportOnDisk().policy.failOn == 'critical'
    }

    @Test
    void theDatasetsStepVerifiesOnlyTheDatasets() {
        tamper()
        PipelineError e = gateFails("aigateVerifyDatasets(cliJar: '${CLI_JAR}')")
        assert e.message.contains('datasets/file-modified: data/digits/train.csv')
        assert e.message.endsWith('Report: aigate-report/datasets/aigate-summary.md')
        assert reportOnDisk('aigate-report/datasets').checks*.id == ['datasets']
    }

    @Test
    void aCheckTheCliOrPolicyDoesNotHaveIsAnError() {
        PipelineError e = gateFails("aigateWatermark(cliJar: '${CLI_JAR}')")
        // Either the CLI has no such check yet, or the example's policy has no section for it.
        List<String> lines = e.message.readLines()
        assert lines[0].startsWith('aigate ERROR: the gate could not evaluate: ') && lines[0].contains("'watermark'")
        assert lines[1] == 'Report: aigate-report/watermark/aigate-summary.md'
        assert env.AIGATE_VERDICT == 'ERROR' && buildResult == 'FAILURE'
    }

    @Test
    void aMissingPolicyIsAnError() {
        PipelineError e = gateFails("aigate(policy: 'no such policy.yml', cliJar: '${CLI_JAR}')")
        assert e.message.startsWith('aigate ERROR: the gate could not evaluate: no such policy.yml: policy file not found')
    }

    @Test
    void aStaleReportIsRemovedBeforeTheRun() {
        Files.createDirectories(project.resolve('aigate-report'))
        project.resolve('aigate-report/aigate-report.json').text = getClass().getResource('/reports/pass.json').text
        Path java = executable('java', 'echo "java crashed" >&2\nexit 3')
        PipelineError e = gateFails("aigate(cliJar: '${CLI_JAR}', javaCommand: '${java}')")
        assert e.message == 'aigate ERROR: the gate could not evaluate: aigate exited with status 3 and wrote no ' +
                'readable report: aigate-report/aigate-report.json is missing'
        assert log.contains('java crashed')
    }

    @Test
    void anExitStatusThatContradictsTheReportIsAnError() {
        tamper()
        Path java = executable('java', 'java "$@"\nexit 0')
        PipelineError e = gateFails("aigate(cliJar: '${CLI_JAR}', javaCommand: '${java}')")
        assert e.message.contains("aigate exited with status 0, which does not match the report's verdict FAIL")
        assert reportOnDisk().verdict == 'FAIL'
    }

    @Test
    void theCliCanBeResolvedWithMaven() {
        Path mvn = executable('mvn', '''
            printf '%s\\n' "$@" > "$(dirname "$0")/mvn-args.txt"
            for arg in "$@"; do
              case "$arg" in
                -Dartifact=*) artifact="${arg#-Dartifact=}" ;;
                -DoutputDirectory=*) out="${arg#-DoutputDirectory=}" ;;
              esac
            done
            version=$(echo "$artifact" | cut -d: -f3)
            mkdir -p "$out" && cp "$AIGATE_TEST_CLI" "$out/aigate-cli-$version-all.jar"
        ''')
        env.AIGATE_TEST_CLI = CLI_JAR
        Map result = (Map) gate("aigate(mavenCommand: '${mvn}', mavenArgs: ['-s', 'my settings.xml'])")
        assert result.verdict == 'PASS'
        assert mvn.resolveSibling('mvn-args.txt').readLines() == ['-B', '-q', '-s', 'my settings.xml',
                'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy',
                "-Dartifact=dev.aigate:aigate-cli:${System.getProperty('aigate.version')}:jar:all".toString(),
                '-DoutputDirectory=.aigate/cli', '-Dmdep.useBaseVersion=true', '-Dmdep.overWriteSnapshots=true']
        assert Files.isRegularFile(project.resolve(
                ".aigate/cli/aigate-cli-${System.getProperty('aigate.version')}-all.jar"))
    }

    /**
     * The team's way without a public release: {@code mvn deploy:deploy-file} of the CLI's runnable jar to their
     * repository manager (here a file: repository), then {@code mavenRepository:} on the step. Real Maven on both
     * sides, each with an empty local repository of its own.
     */
    @Test
    void theCliComesFromTheTeamsRepositoryManager() {
        // A URL without '%': the step refuses characters a Windows agent could not pass on.
        Path team = Files.createTempDirectory('aigate-team-repository')
        Path settings = seedSettings()
        String version = '0.1.0-team.1'
        List<String> deploy = ['mvn', '-B', '-q', '-s', settings.toString(),
                "-Dmaven.repo.local=${workspace.resolve('publisher m2')}".toString(),
                'org.apache.maven.plugins:maven-deploy-plugin:3.1.3:deploy-file', "-Dfile=${CLI_JAR}".toString(),
                '-DgroupId=dev.aigate', '-DartifactId=aigate-cli', "-Dversion=${version}".toString(),
                '-Dclassifier=all', '-Dpackaging=jar', '-DgeneratePom=true',
                "-Durl=${team.toUri()}".toString()]
        Process publisher = new ProcessBuilder(deploy).directory(workspace.toFile()).redirectErrorStream(true).start()
        String published = publisher.inputStream.getText('UTF-8')
        assert publisher.waitFor(300, TimeUnit.SECONDS) && publisher.exitValue() == 0: published
        assert Files.isRegularFile(team.resolve("dev/aigate/aigate-cli/${version}/aigate-cli-${version}-all.jar"))

        Map result = (Map) gate("""aigate(cliVersion: '${version}', mavenRepository: 'team::${team.toUri()}',
                mavenArgs: ['-s', '${settings}'])""")
        assert result.verdict == 'PASS'
        // Fetched into a local repository of the step's own, where the jar's path is known.
        assert Files.isRegularFile(project.resolve(
                ".aigate/cli/repository/dev/aigate/aigate-cli/${version}/aigate-cli-${version}-all.jar"))
        assert shellCalls[0].label == 'resolve aigate-cli with Maven'
        assert shellCalls[0].script.contains("-DremoteRepositories=team::default::${team.toUri()}")
        team.toFile().deleteDir()
    }

    /** Settings that put this build's local repository before Maven's remote one (releases only). */
    Path seedSettings() {
        String seed = Paths.get(System.getProperty('aigate.seed.repository')).toUri().toString()
        String repository = """<id>seed</id><url>${seed}</url>
                <releases><checksumPolicy>ignore</checksumPolicy></releases><snapshots><enabled>false</enabled></snapshots>"""
        Path settings = workspace.resolve('seed settings.xml')
        settings.text = """<settings><profiles><profile><id>seed</id>
            <repositories><repository>${repository}</repository></repositories>
            <pluginRepositories><pluginRepository>${repository}</pluginRepository></pluginRepositories>
            </profile></profiles><activeProfiles><activeProfile>seed</activeProfile></activeProfiles></settings>"""
        return settings
    }

    @Test
    void aKeyFileReachesTheCliThroughTheEnvironmentOnly() {
        Path java = executable('java', '''
            [ -r "$AIGATE_KEY_FILE" ] || { echo "no key file" >&2; exit 9; }
            echo "key file of $(wc -c < "$AIGATE_KEY_FILE") bytes"
            exec java "$@"
        ''')
        Map result = (Map) gate("aigate(cliJar: '${CLI_JAR}', javaCommand: '${java}', keyFileCredentialsId: 'wm-key')")
        assert result.verdict == 'PASS'
        assert log.any { it.trim() == "key file of ${SECRET.length()} bytes".toString() }
        String visible = visibleText()
        assert !visible.contains(SECRET) && !visible.contains(secretFile.toString())
    }

    @Test
    void aigateRunLocksTheDatasetsAndVerifiesThem() {
        tamper()
        PipelineError e = gateFails("aigateRun(check: 'datasets', action: 'verify', cliJar: '${CLI_JAR}')")
        assert e.message.contains('datasets/file-modified: data/digits/train.csv')
        Map lock = (Map) gate("aigateRun(check: 'datasets', action: 'lock', cliJar: '${CLI_JAR}')")
        assert lock.verdict == 'DONE' && lock.exitCode == 0 && lock.buildResult == 'SUCCESS' && lock.error == null
        assert lock.output.readLines()[0].startsWith("locked dataset 'digits': 3 file(s)")
        assert lock.output.contains('aigate-datasets.lock.json')
        assert log.contains('aigate datasets lock: done')
        Map verify = (Map) gate("aigateRun(check: 'datasets', action: 'verify', cliJar: '${CLI_JAR}')")
        assert verify.verdict == 'PASS' && verify.buildResult == 'SUCCESS'
        assert verify.reportDirectory == 'aigate-report/datasets'
        assert reportOnDisk('aigate-report/datasets').checks*.id == ['datasets']
    }

    /** The private key is a Jenkins "Secret file" credential (the harness binds every credential to that file). */
    void keyIsACredential(String generated) {
        Files.copy(project.resolve(generated), secretFile, StandardCopyOption.REPLACE_EXISTING)
        Files.delete(project.resolve(generated))
    }

    @Test
    void aigateRunSignsModelFilesAndVerifiesThemWithKeysFromCredentials() {
        Map keygen = (Map) gate("""aigateRun(check: 'signature', action: 'keygen', cliJar: '${CLI_JAR}',
                                             options: [out: 'keys/release'])""")
        assert keygen.verdict == 'DONE' && keygen.output.contains('ECDSA P-256, key hint ')
        keyIsACredential('keys/release.key')
        String privateKey = secretFile.text
        Map sign = (Map) gate("""aigateRun(check: 'signature', action: 'sign', cliJar: '${CLI_JAR}',
                keyFileCredentialsId: 'model-signing-key',
                options: [keyEnv: 'AIGATE_KEY_FILE', paths: ['model/digits-mlp.onnx']])""")
        assert sign.verdict == 'DONE' && sign.output.startsWith('signed 1 file(s)')
        String verifyFiles = """aigateRun(check: 'signature', action: 'verify-files', cliJar: '${CLI_JAR}',
                options: [publicKey: ['keys/release.pub'], paths: ['model/digits-mlp.onnx']])"""
        Map verified = (Map) gate(verifyFiles)
        assert verified.verdict == 'PASS' && verified.exitCode == 0
        assert verified.reportDirectory == 'aigate-report/signature-verify-files'
        assert reportOnDisk('aigate-report/signature-verify-files').checks*.id == ['signature']
        assert publishedBy('junit')[0].args.testResults == 'aigate-report/signature-verify-files/aigate-junit.xml'
        Path model = project.resolve('model/digits-mlp.onnx')
        byte[] bytes = Files.readAllBytes(model)
        bytes[bytes.length.intdiv(2)] = (byte) (bytes[bytes.length.intdiv(2)] ^ 1)
        Files.write(model, bytes)
        PipelineError e = gateFails(verifyFiles)
        assert e.message.readLines()[0].startsWith('aigate FAIL: 1 violation(s) at or above the failing level')
        assert e.message.contains('[high] signature/file-modified: ') && e.message.contains('model/digits-mlp.onnx')
        assert e.message.endsWith('Report: aigate-report/signature-verify-files/aigate-summary.md')
        String visible = visibleText()
        assert !visible.contains(privateKey.readLines()[1]) && !visible.contains(secretFile.toString())
    }

    @Test
    void aigateRunEmbedsAWatermarkWithAKeyFromCredentialsAndFindsIt() {
        gate("aigateRun(check: 'watermark', action: 'keygen', cliJar: '${CLI_JAR}', options: [out: 'keys/wm.key'])")
        keyIsACredential('keys/wm.key')
        Map embed = (Map) gate("""aigateRun(check: 'watermark', action: 'embed', cliJar: '${CLI_JAR}',
                keyFileCredentialsId: 'watermark-key',
                options: [keyEnv: 'AIGATE_KEY_FILE', in: 'model/digits-mlp.onnx', out: 'model/digits-mlp wm.onnx',
                          payload: '00c0ffee00000001'])""")
        assert embed.verdict == 'DONE' && embed.output.startsWith('watermarked ')
        assert Files.isRegularFile(project.resolve('model/digits-mlp wm.onnx'))
        Map found = (Map) gate("""aigateRun(check: 'watermark', action: 'verify-file', cliJar: '${CLI_JAR}',
                keyFileCredentialsId: 'watermark-key',
                options: [model: 'model/digits-mlp wm.onnx', keyEnv: 'AIGATE_KEY_FILE', payload: '00c0ffee00000001'])""")
        assert found.verdict == 'PASS' && found.checks*.id == ['watermark']
        assert found.reportDirectory == 'aigate-report/watermark-verify-file'
        assert !visibleText().contains(secretFile.text.trim())
    }

    @Test
    void aFailedActionEndsTheStepWithTheClisReason() {
        PipelineError e = gateFails("""aigateRun(check: 'signature', action: 'sign', cliJar: '${CLI_JAR}',
                options: [keyFile: 'keys/none.key', paths: ['model/digits-mlp.onnx']])""")
        assert e.message == "aigate ERROR: signature sign failed with exit status 2: ${project}/keys/none.key: " +
                'signing key file not found'
        assert env.AIGATE_VERDICT == 'ERROR' && buildResult == 'FAILURE'
        assert log.contains('aigate: ERROR: ' + "${project}/keys/none.key: signing key file not found")
    }
}
