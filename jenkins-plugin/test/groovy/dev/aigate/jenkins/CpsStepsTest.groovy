package dev.aigate.jenkins

import java.nio.file.Files
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test

/**
 * The main paths again, with the library and the pipelines compiled by Jenkins' CPS transformer
 * (groovy-cps); the harness serializes the program state between CPS steps, as Jenkins does when it persists a
 * running build. A non-serializable value held across a step, or code CPS cannot run, fails here.
 */
class CpsStepsTest extends PipelineHarness {
    FakeCli cli

    @Override
    boolean cps() {
        return true
    }

    @BeforeEach
    void fakeAgent() {
        cli = new FakeCli(this)
        agent = { Map call -> cli.run(call) }
        Files.createDirectories(workspace.resolve('tools'))
        workspace.resolve('tools/aigate.jar').text = 'jar'
    }

    @Test
    void passPublishesAndReturnsTheResult() {
        cli.extraFiles = ['aigate-report.html', 'aigate-report.sarif']
        Map result = (Map) runPipeline('''
            node {
                def gate = aigate(policy: 'aigate.yml', keyFileCredentialsId: 'key')
                echo "verdict ${gate.verdict}"
                return gate
            }
        ''')
        assert result.verdict == 'PASS' && log.contains('verdict PASS')
        assert shellCalls*.label == ['resolve aigate-cli with Maven', 'aigate gate']
        assert shellCalls[1].env.AIGATE_KEY_FILE == secretFile.toString()
        assert published*.step == ['junit', 'publishHTML', 'archiveArtifacts']
        assert !visibleText().contains(secretFile.toString())
    }

    @Test
    void warnMarksTheStageOnly() {
        cli.report = 'warn'
        Map result = (Map) runPipeline('''
            stage('gate') {
                return aigate(cliJar: 'tools/aigate.jar', unstableScope: 'stage')
            }
        ''')
        assert result.verdict == 'WARN' && stageResult == 'UNSTABLE' && buildResult == 'SUCCESS'
    }

    @Test
    void failRaisesTheSummary() {
        cli.report = 'fail'
        cli.status = 1
        PipelineError e = runFailing('''aigateVerifyDatasets(cliJar: 'tools/aigate.jar', reportDirectory: 'aigate-report')''')
        assert e.message.startsWith('aigate FAIL: 2 violation(s) at or above the failing level')
        assert env.AIGATE_VERDICT == 'FAIL'
    }

    @Test
    void fallbacksForMissingPluginsWorkUnderCps() {
        uninstall('readJSON')
        uninstall('publishHTML')
        cli.extraFiles = ['aigate-report.html']
        Map result = (Map) runPipeline('''
            dir('.') {
                return aigate(cliJar: 'tools/aigate.jar')
            }
        ''')
        assert result.verdict == 'PASS'
        assert published*.step == ['junit', 'archiveArtifacts']
    }

    @Test
    void windowsAndErrorsWorkUnderCps() {
        unix = false
        cli.report = 'error-unknown-check'
        cli.status = 2
        PipelineError e = runFailing('''aigate(cliJar: 'tools/aigate.jar', checks: 'robustness')''')
        assert e.message.contains("no check named 'robustness'")
        assert shellCalls*.kind == ['bat']
    }

    @Test
    void aigateRunMakesAndJudgesUnderCps() {
        Map made = (Map) runPipeline('''
            node {
                def key = aigateRun(check: 'signature', action: 'sign', cliJar: 'tools/aigate.jar',
                                    keyFileCredentialsId: 'signing-key',
                                    options: [keyEnv: 'AIGATE_KEY_FILE', paths: ['model']])
                echo "signed: ${key.output.trim()}"
                return key
            }
        ''')
        assert made.verdict == 'DONE' && log.contains('signed: wrote it')
        assert shellCalls[0].env.AIGATE_KEY_FILE == secretFile.toString()
        cli.reportDirectory = 'aigate-report/signature-verify-files'
        cli.report = 'warn'
        Map judged = (Map) runPipeline('''
            return aigateRun(check: 'signature', action: 'verify-files', cliJar: 'tools/aigate.jar', failingLevel: 'low',
                             options: [publicKey: 'keys/release.pub', paths: ['model']])
        ''')
        assert judged.verdict == 'WARN' && buildResult == 'UNSTABLE'
        assert log.any { it.startsWith('aigate: failingLevel is deprecated') }
        assert cli.commands == ['signature sign', 'signature verify-files']
    }

    @Test
    void aFailedActionRaisesItsReasonUnderCps() {
        cli.actionStatus = 2
        cli.errors = 'aigate: ERROR: aigate.yml: policy file not found\n'
        PipelineError e = runFailing('''aigateRun(check: 'datasets', action: 'lock', cliJar: 'tools/aigate.jar')''')
        assert e.message == 'aigate ERROR: datasets lock failed with exit status 2: aigate.yml: policy file not found'
    }
}
