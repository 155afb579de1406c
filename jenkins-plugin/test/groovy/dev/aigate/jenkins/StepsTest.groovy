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

    /** The script of the one aigate command run (the gate, a check's verify or an action). */
    String gateScript() {
        List<Map> gates = shellCalls.findAll { it.label.startsWith('aigate ') }
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
        assert gateScript().readLines()[1] == 'java -XX:+UseSerialGC -XX:MaxNewSize=128m -jar .aigate/cli/aigate-cli-0.1.0-SNAPSHOT-all.jar gate ' +
                '--policy=aigate.yml --report-dir=aigate-report --no-progress'
        assert shellCalls.every { it.kind == 'sh' && it.returnStatus == true }
    }

    @Test
    void argumentsBecomeTheCommandLine() {
        cli.reportDirectory = 'build/ai gate'
        runPipeline('''
            aigate(policy: 'ml models/aigate.yml', reportDirectory: 'build/ai gate', failOn: 'medium',
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
            def gate = aigate(cliJar: 'tools/aigate cli.jar', failOn: 'critical')
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
        PipelineError e = runFailing('''aigate(cliJar: 'tools/aigate cli.jar', failBuildOn: 'WARN')''')
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
            return aigate(cliJar: 'tools/aigate cli.jar', failBuildOn: 'NEVER', unstableScope: 'stage')
        ''')
        assert result.verdict == 'FAIL' && result.buildResult == 'UNSTABLE'
        assert buildResult == 'UNSTABLE' && stageResult == 'UNSTABLE'
        assert log.any { it.startsWith('WARNING: aigate FAIL: 2 violation(s)') }
        PipelineError e = runFailing('''
            aigate(cliJar: 'tools/aigate cli.jar', failBuildOn: 'NEVER', markUnstableOn: 'NEVER')
        ''')
        assert e.message.contains('a FAIL verdict is never reported as success')
    }

    @Test
    void errorIsNeverSuccessWhateverTheMapping() {
        cli.report = 'error-unknown-check'
        cli.status = 2
        PipelineError e = runFailing(
                '''aigate(cliJar: 'tools/aigate cli.jar', failBuildOn: 'NEVER', markUnstableOn: 'FAIL')''')
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
            assert gateScript().readLines()[1] == "java -XX:+UseSerialGC -XX:MaxNewSize=128m -jar 'tools/aigate cli.jar' ${id} verify --policy=aigate.yml " +
                    "--report-dir=aigate-report/${id} --no-progress"
            // The shorthand of aigateRun check: id, action: 'verify'.
            String script = gateScript()
            shellCalls.clear()
            Map run = (Map) runPipeline("return aigateRun(check: '${id}', action: 'verify', cliJar: 'tools/aigate cli.jar')")
            assert run == result && gateScript() == script
        }
        assert publishedBy('junit')*.args.testResults == CHECK_STEPS.collectMany {
            ["aigate-report/${it[1]}/aigate-junit.xml", "aigate-report/${it[1]}/aigate-junit.xml"]
        }
    }

    @Test
    void failOnIsASeverityAndTheOldFailingLevelStillWorksWithANote() {
        runPipeline('''aigate(cliJar: 'tools/aigate cli.jar', failingLevel: 'medium')''')
        assert gateScript().contains(' --fail-on=medium ')
        assert log[0] == "aigate: failingLevel is deprecated and goes in the next release; write failOn: 'medium' " +
                '(the failing severity, as in aigate.yml, Maven and the CLI)'
    }

    @Test
    void aVerdictGivenToFailOnExplainsTheRename() {
        PipelineError e = runFailing('''aigate(cliJar: 'tools/aigate cli.jar', failOn: 'NEVER')''')
        assert e.message == 'aigate: failOn is the failing severity (info, low, medium, high, critical), as in ' +
                'aigate.yml, Maven and the CLI, not a verdict: the lowest verdict that fails the build, called ' +
                "failOn in aigate 0.1, is failBuildOn now: write failBuildOn: 'NEVER' (and failOn for what " +
                'failingLevel was)'
        assert shellCalls.isEmpty()
    }

    @Test
    void anActionThatMakesSomethingRunsTheCliAndReturnsDone() {
        Map result = (Map) runPipeline('''
            return aigateRun(check: 'watermark', action: 'embed', keyFileCredentialsId: 'wm-key',
                             cliJar: 'tools/aigate cli.jar',
                             options: [keyEnv: 'AIGATE_KEY_FILE', in: 'model/a.onnx', out: 'model/a wm.onnx',
                                       force: true])
        ''')
        assert result == [verdict: 'DONE', exitCode: 0, buildResult: 'SUCCESS', error: null, output: 'wrote it\n']
        assert cli.commands == ['watermark embed'] && cli.gateRuns == 0
        assert shellCalls*.label == ['aigate watermark embed']
        assert gateScript().readLines() == [
            'mkdir -p -- .aigate/run',
            'rm -f -- .aigate/run/watermark-embed.out .aigate/run/watermark-embed.err',
            'status=0',
            "java -XX:+UseSerialGC -XX:MaxNewSize=128m -jar 'tools/aigate cli.jar' watermark embed --policy=aigate.yml --no-progress " +
                    "--key-env=AIGATE_KEY_FILE --in=model/a.onnx '--out=model/a wm.onnx' --force " +
                    '>.aigate/run/watermark-embed.out 2>.aigate/run/watermark-embed.err || status=$?',
            'cat -- .aigate/run/watermark-embed.out',
            'cat -- .aigate/run/watermark-embed.err >&2',
            'exit "$status"']
        assert shellCalls[0].env.AIGATE_KEY_FILE == secretFile.toString()
        assert log.contains('aigate watermark embed: done')
        assert published.isEmpty() && env.AIGATE_VERDICT == 'DONE' && !env.containsKey('AIGATE_REPORT_DIR')
        assert buildResult == 'SUCCESS'
        String visible = visibleText()
        assert !visible.contains(secretFile.toString()) && !visible.contains(SECRET)
    }

    @Test
    void anActionThatFailsEndsWithTheClisReason() {
        cli.actionStatus = 2
        cli.errors = 'Picked up JAVA_TOOL_OPTIONS: -Xshare:auto\n' +
                "aigate: ERROR: /ws/model/a.onnx: does not exist, so it cannot be signed\n" +
                "(see 'aigate signature sign --help')\n"
        PipelineError e = runFailing('''
            aigateRun check: 'signature', action: 'sign', cliJar: 'tools/aigate cli.jar',
                      options: [keyFile: 'keys/release.key', paths: ['model/a.onnx']]
        ''')
        assert e.message == 'aigate ERROR: signature sign failed with exit status 2: /ws/model/a.onnx: does not ' +
                'exist, so it cannot be signed'
        assert env.AIGATE_VERDICT == 'ERROR' && buildResult == 'FAILURE'
        assert gateScript().readLines()[3].startsWith("java -XX:+UseSerialGC -XX:MaxNewSize=128m -jar 'tools/aigate cli.jar' signature sign " +
                '--policy=aigate.yml --no-progress --key-file=keys/release.key -- model/a.onnx >')
        shellCalls.clear()
        cli.actionStatus = 1
        cli.errors = "Unknown option: '--bogus'\nUsage: aigate signature keygen [-hV]\n  -h, --help\n"
        e = runFailing('''aigateRun check: 'signature', action: 'keygen', cliJar: 'tools/aigate cli.jar',
                                    options: [out: 'k'], extraArgs: ['--bogus']''')
        assert e.message == "aigate ERROR: signature keygen failed with exit status 1: Unknown option: '--bogus'"
        cli.errors = ''
        e = runFailing('''aigateRun check: 'datasets', action: 'lock', cliJar: 'tools/aigate cli.jar' ''')
        assert e.message == 'aigate ERROR: datasets lock failed with exit status 1: no message on standard error; ' +
                'see the log above'
    }

    @Test
    void withProgressTheActionsStandardErrorGoesStraightToTheLog() {
        cli.actionStatus = 2
        PipelineError e = runFailing('''aigateRun check: 'datasets', action: 'lock', progress: true,
                                                  cliJar: 'tools/aigate cli.jar' ''')
        assert e.message == 'aigate ERROR: datasets lock failed with exit status 2: see the log above'
        assert !gateScript().contains('2>') && !gateScript().contains('--no-progress')
    }

    @Test
    void anActionThatCannotStartIsAnError() {
        PipelineError e = runFailing('''aigateRun check: 'datasets', action: 'lock', cliJar: 'nowhere/aigate.jar' ''')
        assert e.message == 'aigate ERROR: datasets lock could not run: the aigate CLI jar nowhere/aigate.jar does ' +
                'not exist on this agent'
        assert shellCalls.isEmpty() && env.AIGATE_VERDICT == 'ERROR'
        unix = false
        e = runFailing('''aigateRun check: 'compliance', action: 'init', cliJar: 'tools/aigate cli.jar',
                                    options: [project: 'say "hi"']''')
        assert e.message.contains('compliance init could not run: cannot pass a double quote to a Windows command')
    }

    @Test
    void anActionThatJudgesBehavesLikeTheGate() {
        cli.report = 'fail'
        cli.status = 1
        cli.reportDirectory = 'aigate-report/signature-verify-files'
        cli.extraFiles = ['aigate-report.html']
        PipelineError e = runFailing('''
            aigateRun check: 'signature', action: 'verify-files', cliJar: 'tools/aigate cli.jar', failOn: 'high',
                      options: [publicKey: ['keys/release.pub'], paths: ['model']]
        ''')
        assert e.message.startsWith('aigate FAIL: 2 violation(s) at or above the failing level')
        assert e.message.endsWith('Report: aigate-report/signature-verify-files/aigate-summary.md')
        assert gateScript().readLines()[1] == "java -XX:+UseSerialGC -XX:MaxNewSize=128m -jar 'tools/aigate cli.jar' signature verify-files " +
                '--policy=aigate.yml --report-dir=aigate-report/signature-verify-files --fail-on=high --no-progress ' +
                '--public-key=keys/release.pub -- model'
        assert gateScript().readLines()[0].startsWith('rm -f -- aigate-report/signature-verify-files/aigate-report.json')
        assert published*.step == ['junit', 'publishHTML', 'archiveArtifacts']
        assert publishedBy('publishHTML')[0].args.target.reportName == 'aigate report (signature verify-files)'
        assert env.AIGATE_VERDICT == 'FAIL' && env.AIGATE_REPORT_DIR == 'aigate-report/signature-verify-files'
        cli.report = 'warn'
        cli.status = 0
        Map warn = (Map) runPipeline('''
            return aigateRun(check: 'watermark', action: 'verify-file', cliJar: 'tools/aigate cli.jar',
                             reportDirectory: 'aigate-report/signature-verify-files', markUnstableOn: 'NEVER',
                             options: [model: 'leak.onnx', keyEnv: 'AIGATE_KEY_FILE', payload: '00c0ffee'])
        ''')
        assert warn.verdict == 'WARN' && warn.buildResult == 'SUCCESS' && warn.violations.size() == 2
    }

    @Test
    void everyActionOfTheCatalogueRunsThroughAigateRun() {
        Map catalogue = ActionCatalogueTest.catalogue()
        List<List<String>> commands = LibraryClasses.load('ActionCatalogue').commands(catalogue)
        commands.each { List<String> command ->
            Map action = ActionCatalogueTest.entry(command[0], command[1])
            cli.reportDirectory = action.name == 'verify' ? "aigate-report/${command[0]}"
                    : "aigate-report/${command.join('-')}"
            shellCalls.clear()
            String options = ActionCatalogueTest.sampleOptions(action, false).inspect()
            Map result = (Map) runPipeline("""return aigateRun(check: '${command[0]}', action: '${command[1]}',
                    cliJar: 'tools/aigate cli.jar', options: ${options})""")
            assert result.verdict == (action.judges ? 'PASS' : 'DONE')
            assert gateScript().readLines().find { it.startsWith('java ') }
                    .startsWith("java -XX:+UseSerialGC -XX:MaxNewSize=128m -jar 'tools/aigate cli.jar' ${command.join(' ')} --policy=aigate.yml ")
        }
        assert cli.commands == commands*.join(' ')
    }

    /** The Groovy blocks of a document that follow a heading. */
    static List<String> snippets(String document, String heading) {
        String text = LIBRARY_ROOT.resolve(document).getText('UTF-8')
        String section = text.substring(text.indexOf(heading))
        return (section =~ /(?s)```groovy\n(.*?)```/).collect { it[1] as String }
    }

    @Test
    void theReadmeAndHelpSnippetsOfAigateRunRun() {
        allow('checkout', [Object]) { Object scm -> null }
        binding.setVariable('scm', [:])
        cli.reportDirectory = 'aigate-report/signature-verify-files'
        String help = LIBRARY_ROOT.resolve('vars/aigateRun.txt').text
        List<String> pipelines = [snippets('README.md', '## Running any check action')[0],
                                  snippets('README.md', '### Watermark and sign a model')[0],
                                  (help =~ /(?s)<pre>\n(.*?)<\/pre>/)[0][1] as String]
        pipelines.each { String pipeline ->
            runPipeline(pipeline.replace("@Library('aigate') _", '').replace("node('linux')", 'node'))
        }
        assert cli.commands == ['datasets lock', 'watermark embed', 'signature verify-files',
                                'watermark embed', 'signature sign', 'signature verify-files',
                                'datasets lock', 'watermark embed', 'signature verify-files']
        assert buildResult == 'SUCCESS'
    }

    @Test
    void anUnknownCheckOrActionFailsAtOnceNamingTheKnownOnes() {
        PipelineError e = runFailing('''aigateRun check: 'fairness', action: 'scan', cliJar: 'tools/aigate cli.jar' ''')
        assert e.message.startsWith("aigate: no check named 'fairness' (known: datasets, ")
        e = runFailing('''aigateRun check: 'watermark', action: 'sign' ''')
        assert e.message == "aigate: check 'watermark' has no action 'sign' (its actions: verify, embed, " +
                'verify-file, keygen)'
        e = runFailing('''aigateRun check: 'datasets', action: 'lock', reportDirectory: 'x' ''')
        assert e.message.startsWith('aigate: reportDirectory cannot be used with datasets lock, which makes something')
        assert shellCalls.isEmpty()
    }

    @Test
    void windowsAgentsRunActionsWithBat() {
        unix = false
        Map result = (Map) runPipeline('''
            return aigateRun(check: 'signature', action: 'keygen', cliJar: 'tools/aigate cli.jar',
                             options: [out: 'keys\\\\release', force: true])
        ''')
        assert result.verdict == 'DONE' && result.output == 'wrote it\n'
        List<String> lines = gateScript().split('\r\n') as List
        assert lines[3] == 'java -XX:+UseSerialGC "-XX:MaxNewSize=128m" -jar "tools/aigate cli.jar" signature keygen "--policy=aigate.yml" --no-progress ' +
                '"--out=keys\\release" --force >.aigate\\run\\signature-keygen.out 2>.aigate\\run\\signature-keygen.err'
        assert lines[-1] == '@exit /b %AIGATE_STATUS%'
    }

    @Test
    void skippedActionsRunNothing() {
        Map result = (Map) runPipeline('''return aigateRun(check: 'datasets', action: 'lock', skip: true)''')
        assert result == [verdict: 'SKIPPED', buildResult: 'SUCCESS'] && shellCalls.isEmpty()
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
        assert lines[5] == 'java -XX:+UseSerialGC "-XX:MaxNewSize=128m" -jar .aigate/cli/aigate-cli-1.4.0-all.jar gate "--policy=ml models\\aigate.yml" ' +
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
