package dev.aigate.jenkins

import static dev.aigate.jenkins.Failures.shouldFail

import org.junit.jupiter.api.Test

class GateConfigTest {
    static final Class CONFIG = LibraryClasses.load('GateConfig')

    static Object parse(Map args, String checkId = null) {
        return CONFIG.parse(args, checkId)
    }

    static String rejection(Map args, String checkId = null) {
        return shouldFail(IllegalArgumentException) { parse(args, checkId) }.message
    }

    @Test
    void defaultsMirrorTheCliAndMapWarnToUnstableAndFailToError() {
        def c = parse([:])
        assert c.policy == 'aigate.yml'
        assert c.reportDirectory == 'aigate-report'
        assert c.failOn == null
        assert c.checks == [] && c.skipChecks == []
        assert c.markUnstableOn == 'WARN' && c.failBuildOn == 'FAIL' && c.unstableScope == 'build'
        assert c.publish == [html: true, junit: true, sarif: true, json: true]
        assert c.cliJar == null && c.cliVersion == null && c.cliDirectory == '.aigate/cli'
        assert c.keyFiles == [:]
        assert !c.skip && !c.progress
    }

    @Test
    void acceptsEveryParameter() {
        def c = parse([policy: 'ml/aigate.yml', reportDirectory: 'out/gate', failOn: 'MEDIUM',
                       checks: 'datasets, robustness', skipChecks: ['compliance'], overrides: ['robustness.epsilon': 0.1],
                       threads: 2, project: 'digits 1.0', skip: 'false', progress: true, extraArgs: ['--quiet'],
                       cliJar: 'tools/aigate.jar', javaCommand: '/opt/jdk/bin/java', javaOptions: ['-Xmx1g'],
                       mavenCommand: 'mvnw', mavenArgs: ['-s', 'settings.xml'],
                       keyFileCredentialsId: 'wm-key', keyFiles: [AIGATE_SIGNING_KEY_FILE: 'sign-key'],
                       markUnstableOn: 'warn', failBuildOn: 'fail', unstableScope: 'STAGE',
                       publish: [html: false], htmlReportName: 'AI gate'])
        assert c.failOn == 'medium' && c.notes == []
        assert c.markUnstableOn == 'WARN' && c.failBuildOn == 'FAIL'
        assert c.checks == ['datasets', 'robustness'] && c.skipChecks == ['compliance']
        assert c.overrides == ['robustness.epsilon': '0.1']
        assert c.threads == 2 && c.project == 'digits 1.0' && !c.skip && c.progress
        assert c.keyFiles == [AIGATE_KEY_FILE: 'wm-key', AIGATE_SIGNING_KEY_FILE: 'sign-key']
        assert c.unstableScope == 'stage'
        assert c.publish == [html: false, junit: true, sarif: true, json: true]
    }

    @Test
    void unknownParametersAreErrorsThatListTheKnownOnes() {
        String message = rejection([polcy: 'aigate.yml'])
        assert message.contains('unknown parameter(s) polcy')
        assert message.contains('policy') && message.contains('markUnstableOn')
    }

    @Test
    void rejectsBadValuesNamingTheParameter() {
        assert rejection([failOn: 'severe']).contains('failOn must be one of info, low, medium, high')
        assert rejection([failingLevel: 'severe']).contains('failingLevel must be one of info, low, medium, high')
        assert rejection([failBuildOn: 'ERROR']).contains('failBuildOn must be one of WARN, FAIL, NEVER')
        assert rejection([failBuildOn: 'high']).contains('failBuildOn must be one of WARN, FAIL, NEVER')
        assert rejection([unstableScope: 'job']).contains('unstableScope must be one of build, stage')
        assert rejection([policy: 42]).contains('policy must be a string')
        assert rejection([policy: '  ']).contains('policy must not be empty')
        assert rejection([policy: 'a\nb']).contains('line breaks')
        assert rejection([checks: 'Data sets']).contains("'Data sets' is not a check id")
        assert rejection([threads: -1]).contains('threads must be a whole number')
        assert rejection([skip: 'yes']).contains('skip must be true or false')
        assert rejection([overrides: 'a=b']).contains('overrides must be a map')
        assert rejection([overrides: [threshold: 1]]).contains("'threshold' is not a check.key name")
        assert rejection([publish: [pdf: true]]).contains("unknown report 'pdf'")
        assert rejection([cliVersion: '1.0; rm -rf /']).contains('is not a version')
        assert rejection([cliJar: 'a.jar', cliVersion: '1.0']).contains('cliJar or cliVersion, not both')
    }

    @Test
    void aFailVerdictCanNeverBeMappedToSuccess() {
        assert rejection([failBuildOn: 'NEVER', markUnstableOn: 'NEVER']).contains('never reported as success')
        def c = parse([failBuildOn: 'NEVER', markUnstableOn: 'FAIL'])
        assert c.failBuildOn == 'NEVER' && c.markUnstableOn == 'FAIL'
    }

    @Test
    void failOnIsTheFailingSeverityAsInThePolicyMavenAndTheCli() {
        assert parse([failOn: 'critical']).failOn == 'critical'
        assert parse([failOn: 'Low']).failOn == 'low'
        ['WARN', 'fail', 'Never'].each { String verdict ->
            String message = rejection([failOn: verdict])
            assert message.startsWith('failOn is the failing severity (info, low, medium, high, critical), as in ' +
                    'aigate.yml, Maven and the CLI, not a verdict')
            assert message.contains("is failBuildOn now: write failBuildOn: '${verdict.toUpperCase()}'")
        }
    }

    @Test
    void failingLevelIsADeprecatedAliasOfFailOn() {
        def c = parse([failingLevel: 'MEDIUM'])
        assert c.failOn == 'medium'
        assert c.notes == ["aigate: failingLevel is deprecated and goes in the next release; write failOn: 'medium' " +
                '(the failing severity, as in aigate.yml, Maven and the CLI)']
        assert rejection([failingLevel: 'high', failOn: 'high']).contains('give failOn or failingLevel, not both')
    }

    @Test
    void keyFilesAreBoundOnlyToAigateVariables() {
        assert rejection([keyFiles: [PATH: 'x']]).contains('starting with AIGATE_')
        assert rejection([keyFiles: [AIGATE_KEY_FILE: 'x'], keyFileCredentialsId: 'y']).contains('also set by')
        assert rejection([keyFiles: [AIGATE_KEY_FILE: '']]).contains('has no credentials id')
    }

    @Test
    void perCheckStepsRunOneCheckIntoTheirOwnReportDirectory() {
        def c = parse([:], 'robustness')
        assert c.checkId == 'robustness' && c.action == 'verify' && c.judges
        assert c.command() == 'robustness verify'
        assert c.checks == [] && c.skipChecks == []
        assert c.reportDirectory == 'aigate-report/robustness'
        assert c.htmlReportName == 'aigate report (robustness)'
        assert parse([reportDirectory: 'r'], 'robustness').reportDirectory == 'r'
        assert rejection([checks: ['datasets']], 'robustness').contains('checks cannot be used with the robustness step')
        assert rejection([skipChecks: 'datasets'], 'datasets').contains('skipChecks cannot be used')
    }

    static Object parseRun(Map args) {
        return CONFIG.parseRun(args, ActionCatalogueTest.catalogue())
    }

    static String runRejection(Map args) {
        return shouldFail(IllegalArgumentException) { parseRun(args) }.message
    }

    @Test
    void aigateRunRunsOneActionOfTheCatalogue() {
        def lock = parseRun([check: 'datasets', action: 'lock', policy: 'ml/aigate.yml', threads: 2])
        assert lock.command() == 'datasets lock' && !lock.judges && lock.runStep
        assert lock.reportDirectory == null && lock.actionArgs == [] && lock.operands == []
        def verify = parseRun([check: 'datasets', action: 'verify'])
        assert verify.judges && verify.reportDirectory == 'aigate-report/datasets'
        assert verify.htmlReportName == 'aigate report (datasets)'
        def files = parseRun([check: 'signature', action: 'verify-files', failOn: 'medium', failBuildOn: 'WARN',
                              options: [paths: ['model'], publicKey: ['keys/a.pub', 'keys/b.pub']]])
        assert files.judges && files.failOn == 'medium' && files.failBuildOn == 'WARN'
        assert files.reportDirectory == 'aigate-report/signature-verify-files'
        assert files.htmlReportName == 'aigate report (signature verify-files)'
        assert files.actionArgs == ['--public-key=keys/a.pub', '--public-key=keys/b.pub'] && files.operands == ['model']
    }

    @Test
    void aigateRunNeedsAKnownCheckAndAction() {
        assert runRejection([check: 'datasets']).startsWith("aigateRun needs check and action, e.g. check: " +
                "'datasets', action: 'lock'; known: datasets verify, datasets lock, ")
        assert runRejection([check: 'fairness', action: 'scan']).startsWith("no check named 'fairness' (known: datasets")
        assert runRejection([check: 'datasets', action: 'sign']) ==
                "check 'datasets' has no action 'sign' (its actions: verify, lock, verify-shard, merge)"
        assert runRejection([check: 'datasets', action: 'lock', polcy: 'x']).startsWith('unknown parameter(s) polcy')
    }

    @Test
    void eachStepTakesOnlyTheParametersThatApplyToIt() {
        assert runRejection([check: 'datasets', action: 'lock', reportDirectory: 'r']) == 'reportDirectory cannot be ' +
                'used with datasets lock, which makes something and writes no report: reportDirectory, failOn, ' +
                'failingLevel, project, markUnstableOn, failBuildOn, unstableScope, publish, htmlReportName are for ' +
                'actions that judge; its own options go in options: [...]'
        ['failOn', 'markUnstableOn', 'failBuildOn', 'publish', 'project'].each {
            assert runRejection([check: 'compliance', action: 'init', (it): 'x']).startsWith("${it} cannot be used with " +
                    'compliance init, which makes something')
        }
        assert runRejection([check: 'signature', action: 'verify-files', overrides: ['a.b': 1],
                             options: [paths: 'm', publicKey: 'k']]) == 'overrides cannot be used with signature ' +
                'verify-files: threshold overrides apply to the gate and to verify'
        assert parseRun([check: 'datasets', action: 'verify', overrides: ['datasets.maxFiles': 3]]).overrides ==
                ['datasets.maxFiles': '3']
        assert runRejection([check: 'datasets', action: 'verify', checks: 'x']) == 'checks cannot be used with ' +
                'aigateRun, which runs only one check action; use the aigate step to choose checks'
        assert rejection([check: 'datasets']) == 'check cannot be used with the aigate step; aigateRun runs a check action'
        assert rejection([options: [:]], 'datasets') == 'options cannot be used with the datasets step; aigateRun ' +
                'runs a check action'
        assert parseRun([check: 'datasets', action: 'lock']).applicable() == ['check', 'action', 'options', 'policy',
                'threads', 'skip', 'progress', 'extraArgs', 'cliJar', 'cliVersion', 'cliDirectory', 'javaCommand',
                'javaOptions', 'mavenCommand', 'mavenArgs', 'mavenRepository', 'keyFileCredentialsId', 'keyFiles']
    }

    @Test
    void publishTakesOneSwitchOrOnePerReport() {
        assert parse([publish: false]).publish == [html: false, junit: false, sarif: false, json: false]
        assert parse([publish: [junit: false, sarif: 'false']]).publish == [html: true, junit: false, sarif: false,
                                                                           json: true]
    }

    @Test
    void readsTheDefaultCliVersionFromTheLibraryProperties() {
        assert CONFIG.cliVersionFrom('# c\ncli.version = 1.2.3\n') == '1.2.3'
        assert shouldFail(IllegalArgumentException) { CONFIG.cliVersionFrom('') }.message.contains('cli.version')
    }

    @Test
    void isSerializableForCps() {
        def c = parse([keyFileCredentialsId: 'k', overrides: ['a.b': 'c'], checks: 'datasets'])
        def bytes = new ByteArrayOutputStream()
        new ObjectOutputStream(bytes).writeObject(c)
        assert bytes.size() > 0
    }
}
