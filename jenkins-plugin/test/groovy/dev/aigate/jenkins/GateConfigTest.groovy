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
        assert c.failingLevel == null
        assert c.checks == [] && c.skipChecks == []
        assert c.markUnstableOn == 'WARN' && c.failOn == 'FAIL' && c.unstableScope == 'build'
        assert c.publish == [html: true, junit: true, sarif: true, json: true]
        assert c.cliJar == null && c.cliVersion == null && c.cliDirectory == '.aigate/cli'
        assert c.keyFiles == [:]
        assert !c.skip && !c.progress
    }

    @Test
    void acceptsEveryParameter() {
        def c = parse([policy: 'ml/aigate.yml', reportDirectory: 'out/gate', failingLevel: 'MEDIUM',
                       checks: 'datasets, robustness', skipChecks: ['compliance'], overrides: ['robustness.epsilon': 0.1],
                       threads: 2, project: 'digits 1.0', skip: 'false', progress: true, extraArgs: ['--quiet'],
                       cliJar: 'tools/aigate.jar', javaCommand: '/opt/jdk/bin/java', javaOptions: ['-Xmx1g'],
                       mavenCommand: 'mvnw', mavenArgs: ['-s', 'settings.xml'],
                       keyFileCredentialsId: 'wm-key', keyFiles: [AIGATE_SIGNING_KEY_FILE: 'sign-key'],
                       markUnstableOn: 'warn', failOn: 'fail', unstableScope: 'STAGE',
                       publish: [html: false], htmlReportName: 'AI gate'])
        assert c.failingLevel == 'medium'
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
        assert rejection([failingLevel: 'severe']).contains('failingLevel must be one of info, low, medium, high')
        assert rejection([failOn: 'ERROR']).contains('failOn must be one of WARN, FAIL, NEVER')
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
        assert rejection([failOn: 'NEVER', markUnstableOn: 'NEVER']).contains('never reported as success')
        def c = parse([failOn: 'NEVER', markUnstableOn: 'FAIL'])
        assert c.failOn == 'NEVER' && c.markUnstableOn == 'FAIL'
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
        assert c.checkId == 'robustness'
        assert c.checks == ['robustness']
        assert c.reportDirectory == 'aigate-report/robustness'
        assert c.htmlReportName == 'aigate report (robustness)'
        assert parse([reportDirectory: 'r'], 'robustness').reportDirectory == 'r'
        assert rejection([checks: ['datasets']], 'robustness').contains('checks cannot be used with the robustness step')
        assert rejection([skipChecks: 'datasets'], 'datasets').contains('skipChecks cannot be used')
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
