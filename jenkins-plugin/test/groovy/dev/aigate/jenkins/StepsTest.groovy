package dev.aigate.jenkins

import java.nio.file.Files
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test

/** Every step against a fake CLI: command lines, verdict mapping, publishing, credentials, Windows agents. */
class StepsTest extends PipelineHarness {
    static final List<List<String>> CHECK_STEPS = [
        ['aigateVerifyDatasets', 'datasets'], ['aigateRobustness', 'robustness'], ['aigateWatermark', 'watermark'],
        ['aigateSignature', 'signature'], ['aigateCompliance', 'compliance'],
    ]
    static final String JAR = 'tools/aigate cli.jar'

    FakeCli cli

    @BeforeEach
    void fakeAgent() {
        cli = new FakeCli(this)
        agent = { Map call -> cli.run(call) }
        Files.createDirectories(workspace.resolve('tools'))
        workspace.resolve(JAR).text = 'jar'
    }

    String gateScript() {
        List<Map> gates = shellCalls.findAll { it.label == 'aigate gate' }
        assert gates.size() == 1
        return gates[0].script
    }

    @Test
    void oneLineGateResolvesTheCliWithMavenAndRunsIt() {
        Map result = (Map) runPipeline('''
            node {
                aigate policy: 'aigate.yml'
            }
        ''')
        assert result.verdict == 'PASS'
        assert shellCalls*.label == ['resolve aigate-cli with Maven', 'aigate gate']
        assert shellCalls[0].script == 'mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy ' +
                '-Dartifact=dev.aigate:aigate-cli:0.1.0-SNAPSHOT:jar:all -DoutputDirectory=.aigate/cli ' +
                '-Dmdep.useBaseVersion=true -Dmdep.overWriteSnapshots=true\n'
        assert gateScript().readLines()[1] == 'java -jar .aigate/cli/aigate-cli-0.1.0-SNAPSHOT-all.jar gate ' +
                '--policy=aigate.yml --report-dir=aigate-report --no-progress'
        assert shellCalls.every { it.kind == 'sh' && it.returnStatus == true }
    }

    @Test
    void argumentsBecomeTheCommandLine() {
        cli.reportDirectory = 'build/ai gate'
        runPipeline('''
            aigate(policy: 'ml models/aigate.yml', reportDirectory: 'build/ai gate', failingLevel: 'medium',
                   checks: 'datasets', skipChecks: ['compliance'], threads: 2, project: "digits-1.0",
                   overrides: ['datasets.maxFiles': 10], cliJar: 'tools/aigate cli.jar',
                   javaCommand: '/opt/jdk 17/bin/java', javaOptions: ['-Xmx1g'], extraArgs: ['--quiet'])
        ''')
        assert gateScript() == "rm -f -- 'build/ai gate/aigate-report.json' 'build/ai gate/aigate-junit.xml' " +
                "'build/ai gate/aigate-summary.md' 'build/ai gate/aigate-report.html' 'build/ai gate/aigate-report.sarif'\n" +
                "'/opt/jdk 17/bin/java' -Xmx1g -jar 'tools/aigate cli.jar' gate '--policy=ml models/aigate.yml' " +
                "'--report-dir=build/ai gate' --fail-on=medium --checks=datasets --skip-checks=compliance --threads=2 " +
                '--project=digits-1.0 --set=datasets.maxFiles=10 --no-progress --quiet\n'
    }

    @Test
    void passReturnsTheResultAndPublishesTheReports() {
        Map result = (Map) runPipeline('''
            def gate = aigate(cliJar: 'tools/aigate cli.jar')
            echo "verdict ${gate.verdict}, high ${gate.counts.high}"
            return gate
        ''')
        assert result.verdict == 'PASS' && result.buildResult == 'SUCCESS'
        assert result.reports == [json: 'aigate-report/aigate-report.json', junit: 'aigate-report/aigate-junit.xml',
                                  summary: 'aigate-report/aigate-summary.md']
        assert log.contains('verdict PASS, high 0')
        assert log.any { it.startsWith('aigate PASS: no violations') }
        assert buildResult == 'SUCCESS' && stageResult == 'SUCCESS'
        assert env.AIGATE_VERDICT == 'PASS' && env.AIGATE_REPORT_DIR == 'aigate-report'
        assert publishedBy('junit')*.args == [[testResults: 'aigate-report/aigate-junit.xml', allowEmptyResults: true,
                                                skipMarkingBuildUnstable: true]]
        assert publishedBy('archiveArtifacts')*.args == [[
            artifacts: 'aigate-report/aigate-report.json,aigate-report/aigate-summary.md', allowEmptyArchive: true,
            fingerprint: true]]
        assert publishedBy('publishHTML').isEmpty()
    }

    @Test
    void warnMarksTheBuildUnstableAndReturns() {
        cli.report = 'warn'
        Map result = (Map) runPipeline('''
            def gate = aigate(cliJar: 'tools/aigate cli.jar', failingLevel: 'critical')
            if (gate.verdict == 'WARN') {
                echo "branch: ${gate.violations.size()} warning(s), first ${gate.violations[0].rule}"
            }
            return gate
        ''')
        assert result.verdict == 'WARN' && result.buildResult == 'UNSTABLE'
        assert buildResult == 'UNSTABLE' && stageResult == 'UNSTABLE'
        assert log.contains('branch: 2 warning(s), first datasets/file-added')
        assert log.any { it.startsWith('WARNING: aigate WARN: 2 violation(s) below the failing level (2 high)') }
    }

    @Test
    void warnCanMarkOnlyTheStage() {
        cli.report = 'warn'
        Map result = (Map) runPipeline('''
            return aigate(cliJar: 'tools/aigate cli.jar', unstableScope: 'stage')
        ''')
        assert result.verdict == 'WARN'
        assert stageResult == 'UNSTABLE' && buildResult == 'SUCCESS'
        assert helper.callStack.any { it.methodName == 'catchError' &&
                it.args[0] == [buildResult: 'SUCCESS', stageResult: 'UNSTABLE'] }
    }

    @Test
    void warnCanBeIgnoredOrFail() {
        cli.report = 'warn'
        Map quiet = (Map) runPipeline('''return aigate(cliJar: 'tools/aigate cli.jar', markUnstableOn: 'FAIL')''')
        assert quiet.buildResult == 'SUCCESS' && buildResult == 'SUCCESS'
        PipelineError e = runFailing('''aigate(cliJar: 'tools/aigate cli.jar', failOn: 'WARN')''')
        assert e.message.startsWith('aigate WARN: 2 violation(s)')
        assert buildResult == 'FAILURE'
    }

    @Test
    void failEndsTheStepWithAReadableErrorAfterPublishing() {
        cli.report = 'fail'
        cli.status = 1
        PipelineError e = runFailing('''aigate(cliJar: 'tools/aigate cli.jar')''')
        assert e.message.readLines()[0] == 'aigate FAIL: 2 violation(s) at or above the failing level (2 in all: 2 high)'
        assert e.message.contains('[high] datasets/file-modified: data/digits/test.csv: modified since dataset')
        assert e.message.endsWith('Report: aigate-report/aigate-summary.md')
        assert buildResult == 'FAILURE'
        assert env.AIGATE_VERDICT == 'FAIL'
        assert publishedBy('junit').size() == 1 && publishedBy('archiveArtifacts').size() == 1
    }

    @Test
    void failCanBeDowngradedToUnstableButNeverToSuccess() {
        cli.report = 'fail'
        cli.status = 1
        Map result = (Map) runPipeline('''
            return aigate(cliJar: 'tools/aigate cli.jar', failOn: 'NEVER', unstableScope: 'stage')
        ''')
        assert result.verdict == 'FAIL' && result.buildResult == 'UNSTABLE'
        assert buildResult == 'UNSTABLE' && stageResult == 'UNSTABLE'
        assert log.any { it.startsWith('WARNING: aigate FAIL: 2 violation(s)') }
        PipelineError e = runFailing('''
            aigate(cliJar: 'tools/aigate cli.jar', failOn: 'NEVER', markUnstableOn: 'NEVER')
        ''')
        assert e.message.contains('a FAIL verdict is never reported as success')
    }

    @Test
    void errorIsNeverSuccessWhateverTheMapping() {
        cli.report = 'error-unknown-check'
        cli.status = 2
        PipelineError e = runFailing('''aigate(cliJar: 'tools/aigate cli.jar', failOn: 'NEVER', markUnstableOn: 'FAIL')''')
        assert e.message.startsWith("aigate ERROR: the gate could not evaluate: no check named 'robustness'")
        assert env.AIGATE_VERDICT == 'ERROR' && buildResult == 'FAILURE'
    }

    @Test
    void aMissingReportIsAnError() {
        cli.writeReport = false
        cli.status = 0
        PipelineError e = runFailing('''aigate(cliJar: 'tools/aigate cli.jar')''')
        assert e.message == 'aigate ERROR: the gate could not evaluate: aigate exited with status 0 and wrote no ' +
                'readable report: aigate-report/aigate-report.json is missing'
        assert published.isEmpty()
    }

    @Test
    void anUnreadableReportIsAnError() {
        agent = { Map call ->
            Files.createDirectories(cwd.resolve('aigate-report'))
            cwd.resolve('aigate-report/aigate-report.json').text = '{"schemaVersion": "1.0", "verdict": '
            0
        }
        PipelineError e = runFailing('''aigate(cliJar: 'tools/aigate cli.jar')''')
        assert e.message.startsWith('aigate ERROR: the gate could not evaluate: aigate exited with status 0 and ' +
                'wrote no readable report: cannot read aigate-report/aigate-report.json')
    }

    @Test
    void anExitStatusThatContradictsTheReportIsAnError() {
        cli.report = 'fail'
        cli.status = 0
        PipelineError e = runFailing('''aigate(cliJar: 'tools/aigate cli.jar')''')
        assert e.message.contains("aigate exited with status 0, which does not match the report's verdict FAIL")
    }

    @Test
    void everyCheckHasItsOwnStepSharingTheImplementation() {
        CHECK_STEPS.each { String step, String id ->
            shellCalls.clear()
            cli.reportDirectory = "aigate-report/${id}"
            Map result = (Map) runPipeline("return ${step}(cliJar: 'tools/aigate cli.jar')")
            assert result.verdict == 'PASS'
            assert result.reportDirectory == "aigate-report/${id}"
            assert gateScript().readLines()[1] == 'java -jar \'tools/aigate cli.jar\' gate --policy=aigate.yml ' +
                    "--report-dir=aigate-report/${id} --checks=${id} --no-progress"
        }
        assert publishedBy('junit')*.args.testResults == CHECK_STEPS.collect { "aigate-report/${it[1]}/aigate-junit.xml" }
    }

    @Test
    void aCheckTheCliDoesNotKnowYetIsAnError() {
        cli.report = 'error-unknown-check'
        cli.status = 2
        cli.reportDirectory = 'aigate-report/robustness'
        PipelineError e = runFailing('''aigateRobustness(cliJar: 'tools/aigate cli.jar')''')
        assert e.message.contains("no check named 'robustness' (known: datasets)")
    }

    @Test
    void perCheckStepsRejectChecks() {
        PipelineError e = runFailing('''aigateVerifyDatasets(checks: 'robustness')''')
        assert e.message.startsWith('aigate: checks cannot be used with the datasets step')
        assert shellCalls.isEmpty()
    }

    @Test
    void unknownParametersFailBeforeAnythingRuns() {
        PipelineError e = runFailing('''aigate(polcy: 'aigate.yml')''')
        assert e.message.startsWith('aigate: unknown parameter(s) polcy; known: policy, reportDirectory')
        assert shellCalls.isEmpty()
    }

    @Test
    void skipRunsNothing() {
        Map result = (Map) runPipeline('''return aigate(skip: true)''')
        assert result.verdict == 'SKIPPED' && shellCalls.isEmpty() && log.contains('aigate: skipped (skip: true)')
    }

    @Test
    void htmlGoesToTheHtmlPublisherAndSarifIsArchived() {
        cli.extraFiles = ['aigate-report.html', 'aigate-report.sarif']
        Map result = (Map) runPipeline('''return aigate(cliJar: 'tools/aigate cli.jar')''')
        assert result.reports.keySet() == ['json', 'junit', 'summary', 'html', 'sarif'] as Set
        assert publishedBy('publishHTML')*.args == [[target: [reportDir: 'aigate-report',
                reportFiles: 'aigate-report.html', reportName: 'aigate report', keepAll: true,
                alwaysLinkToLastBuild: true, allowMissing: false]]]
        assert publishedBy('archiveArtifacts')[0].args.artifacts == 'aigate-report/aigate-report.sarif,' +
                'aigate-report/aigate-report.json,aigate-report/aigate-summary.md'
    }

    @Test
    void withoutTheHtmlPublisherTheHtmlReportIsArchived() {
        uninstall('publishHTML')
        cli.extraFiles = ['aigate-report.html']
        runPipeline('''aigate(cliJar: 'tools/aigate cli.jar')''')
        assert publishedBy('archiveArtifacts')[0].args.artifacts == 'aigate-report/aigate-report.html,' +
                'aigate-report/aigate-report.json,aigate-report/aigate-summary.md'
    }

    @Test
    void publishingCanBeSwitchedOff() {
        cli.extraFiles = ['aigate-report.html', 'aigate-report.sarif']
        runPipeline('''aigate(cliJar: 'tools/aigate cli.jar', publish: false)''')
        assert published.isEmpty()
        runPipeline('''aigate(cliJar: 'tools/aigate cli.jar', publish: [junit: false, html: false, json: false])''')
        assert published*.step == ['archiveArtifacts']
        assert published[0].args.artifacts == 'aigate-report/aigate-report.sarif'
    }

    @Test
    void withoutPipelineUtilityStepsTheReportIsReadWithReadFile() {
        uninstall('readJSON')
        cli.report = 'warn'
        Map result = (Map) runPipeline('''return aigate(cliJar: 'tools/aigate cli.jar')''')
        assert result.verdict == 'WARN' && result.violations.size() == 2
        assert helper.callStack.any { it.methodName == 'readFile' }
    }

    @Test
    void keyFilesComeFromCredentialsAndNeverAppearInTheLogOrScript() {
        Map result = (Map) runPipeline('''
            return aigate(cliJar: 'tools/aigate cli.jar', keyFileCredentialsId: 'watermark-key',
                          keyFiles: [AIGATE_SIGNING_KEY_FILE: 'signing-key'])
        ''')
        assert result.verdict == 'PASS'
        def call = helper.callStack.find { it.methodName == 'withCredentials' }
        assert call.args[0] == [[$class: 'FileBinding', credentialsId: 'watermark-key', variable: 'AIGATE_KEY_FILE'],
                                [$class: 'FileBinding', credentialsId: 'signing-key', variable: 'AIGATE_SIGNING_KEY_FILE']]
        Map gate = shellCalls.find { it.label == 'aigate gate' }
        assert gate.env.AIGATE_KEY_FILE == secretFile.toString()
        assert gate.env.AIGATE_SIGNING_KEY_FILE == secretFile.toString()
        assert !env.containsKey('AIGATE_KEY_FILE')
        String visible = visibleText()
        assert !visible.contains(secretFile.toString()) && !visible.contains(SECRET)
        assert !visible.contains('AIGATE_KEY_FILE')
    }

    @Test
    void windowsAgentsUseBatWithDoubleQuotes() {
        unix = false
        cli.reportDirectory = 'ai gate'
        Map result = (Map) runPipeline('''
            return aigate(policy: 'ml models\\\\aigate.yml', reportDirectory: 'ai gate', cliVersion: '1.4.0')
        ''')
        assert result.verdict == 'PASS'
        assert shellCalls*.kind == ['bat', 'bat']
        assert shellCalls[0].script == 'call mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy ' +
                '"-Dartifact=dev.aigate:aigate-cli:1.4.0:jar:all" "-DoutputDirectory=.aigate/cli" ' +
                '"-Dmdep.useBaseVersion=true" "-Dmdep.overWriteSnapshots=true"\r\n@exit /b %ERRORLEVEL%\r\n'
        List<String> lines = shellCalls[1].script.split('\r\n') as List
        assert lines[0] == '@if exist "ai gate\\aigate-report.json" del /f /q "ai gate\\aigate-report.json"'
        assert lines[5] == 'java -jar .aigate/cli/aigate-cli-1.4.0-all.jar gate "--policy=ml models\\aigate.yml" ' +
                '"--report-dir=ai gate" --no-progress'
        assert lines[6] == '@exit /b %ERRORLEVEL%'
        assert helper.callStack.every { it.methodName != 'sh' }
    }

    @Test
    void windowsAgentsRejectWhatCmdCannotCarry() {
        unix = false
        PipelineError e = runFailing('''aigate(cliJar: 'tools/aigate cli.jar', project: 'say "hi"')''')
        assert e.message.contains('cannot pass a double quote to a Windows command')
        assert shellCalls.isEmpty() && env.AIGATE_VERDICT == 'ERROR'
    }

    @Test
    void runsInsideDir() {
        Files.createDirectories(workspace.resolve('sub project'))
        workspace.resolve("sub project/${JAR.replace('tools/', '')}").text = 'jar'
        Map result = (Map) runPipeline('''
            dir('sub project') {
                return aigate(cliJar: 'aigate cli.jar')
            }
        ''')
        assert result.verdict == 'PASS'
        assert shellCalls[0].cwd == workspace.resolve('sub project')
        assert published.every { it.cwd == workspace.resolve('sub project') }
        assert Files.isRegularFile(workspace.resolve('sub project/aigate-report/aigate-report.json'))
    }

    @Test
    void anAbsoluteReportDirectoryIsPublishedFromInsideIt() {
        String reports = workspace.resolve('abs reports').toString()
        cli.reportDirectory = reports
        Map result = (Map) runPipeline("return aigate(cliJar: 'tools/aigate cli.jar', reportDirectory: '${reports}')")
        assert result.verdict == 'PASS'
        assert result.reports.json == "${reports}/aigate-report.json"
        assert publishedBy('junit')[0].args.testResults == 'aigate-junit.xml'
        assert publishedBy('archiveArtifacts')[0].args.artifacts == 'aigate-report.json,aigate-summary.md'
        assert published.every { it.cwd.toString() == reports }
    }

    @Test
    void aMissingCliJarIsAnError() {
        PipelineError e = runFailing('''aigate(cliJar: 'nowhere/aigate.jar')''')
        assert e.message == 'aigate ERROR: the gate could not evaluate: the aigate CLI jar nowhere/aigate.jar does ' +
                'not exist on this agent'
        assert shellCalls.isEmpty()
    }

    @Test
    void aMavenFailureIsAnError() {
        cli.mavenStatus = 1
        PipelineError e = runFailing('''aigate(cliVersion: '9.9.9', mavenArgs: ['-s', 'ci settings.xml'])''')
        assert e.message.contains('could not get dev.aigate:aigate-cli:9.9.9:jar:all with Maven (exit status 1)')
        assert shellCalls.size() == 1 && shellCalls[0].script.startsWith("mvn -B -q -s 'ci settings.xml' ")
        assert cli.gateRuns == 0
    }

    @Test
    void aReleasedCliAlreadyOnTheAgentIsNotFetchedAgain() {
        runPipeline('''aigate(cliVersion: '1.0.0')''')
        runPipeline('''aigate(cliVersion: '1.0.0')''')
        assert cli.mavenRuns == 1 && cli.gateRuns == 2
        runPipeline('''aigate(cliVersion: '1.1.0-SNAPSHOT')''')
        runPipeline('''aigate(cliVersion: '1.1.0-SNAPSHOT')''')
        assert cli.mavenRuns == 3
    }

    @Test
    void theLibraryAnnotationLoadsTheSteps() {
        Map result = (Map) runPipeline('''
            @Library('aigate') _
            node {
                stage('AI gate') {
                    return aigateVerifyDatasets(cliJar: 'tools/aigate cli.jar', reportDirectory: 'aigate-report')
                }
            }
        ''')
        assert result.verdict == 'PASS'
    }
}
