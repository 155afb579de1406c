package dev.aigate.jenkins

import net.sf.json.JSONNull
import org.junit.jupiter.api.Test

class GateReportTest {
    static final Class REPORT = LibraryClasses.load('GateReport')
    static final Map<String, String> REPORTS = [json: 'r/aigate-report.json', summary: 'r/aigate-summary.md']

    static Map fixture(String name) {
        return (Map) REPORT.parseJson(GateReportTest.getResource("/reports/${name}.json").getText('UTF-8'))
    }

    static Map interpret(Object report, int exitCode) {
        return REPORT.interpret(report, report == null ? 'r/aigate-report.json is missing' : null, exitCode, 'r',
                REPORTS)
    }

    @Test
    void passReportsNoViolations() {
        Map r = interpret(fixture('pass'), 0)
        assert r.verdict == 'PASS' && r.error == null && r.exitCode == 0
        assert r.counts == [critical: 0, high: 0, medium: 0, low: 0]
        assert r.checks == [[id: 'datasets', title: 'Dataset integrity and provenance', status: 'PASSED']]
        assert r.violations == []
        assert r.reports == REPORTS && r.reportDirectory == 'r'
    }

    @Test
    void failListsEveryViolationWithCheckRuleAndMessage() {
        Map r = interpret(fixture('fail'), 1)
        assert r.verdict == 'FAIL'
        assert r.counts.high == 2 && r.failing == 2
        assert r.violations*.rule == ['datasets/file-added', 'datasets/file-modified']
        assert r.violations[1].check == 'datasets'
        assert r.violations[1].subject == 'data/digits/test.csv'
        assert r.violations[1].message.startsWith('data/digits/test.csv: modified since dataset')
    }

    @Test
    void warnHasViolationsButNoneFailing() {
        Map r = interpret(fixture('warn'), 0)
        assert r.verdict == 'WARN' && r.failing == 0 && r.violations.size() == 2
    }

    @Test
    void errorCarriesTheReason() {
        Map r = interpret(fixture('error-unknown-check'), 2)
        assert r.verdict == 'ERROR'
        assert r.error == "no check named 'robustness' (known: datasets)"
    }

    @Test
    void checkErrorsAreTheReasonWhenTheGateHasNone() {
        Map report = fixture('pass')
        report.verdict = 'ERROR'
        report.checks[0].status = 'ERROR'
        report.checks[0].error = 'aigate-datasets.lock.json: lock file not found'
        Map r = interpret(report, 2)
        assert r.error == 'datasets: aigate-datasets.lock.json: lock file not found'
        assert r.checks[0].error == 'aigate-datasets.lock.json: lock file not found'
    }

    @Test
    void aMissingReportIsAnErrorNamingTheExitStatus() {
        Map r = interpret(null, 0)
        assert r.verdict == 'ERROR'
        assert r.error == 'aigate exited with status 0 and wrote no readable report: r/aigate-report.json is missing'
    }

    @Test
    void anExitStatusThatContradictsTheVerdictIsAnError() {
        [['pass', 1], ['warn', 2], ['fail', 0], ['error-unknown-check', 0], ['pass', 137]].each { name, status ->
            Map r = interpret(fixture(name), status)
            assert r.verdict == 'ERROR': "${name} with ${status}"
            assert r.error.contains("aigate exited with status ${status}, which does not match the report's verdict")
        }
    }

    @Test
    void anotherMajorSchemaVersionOrABrokenReportIsAnError() {
        Map report = fixture('pass')
        report.schemaVersion = '2.0'
        assert interpret(report, 0).error == 'the report r/aigate-report.json has schemaVersion 2.0; this library reads 1.x'
        report.schemaVersion = '1.7'
        assert interpret(report, 0).verdict == 'PASS'
        report.verdict = 'OK'
        assert interpret(report, 0).error.contains('has no valid verdict (OK)')
        assert interpret([1, 2], 0).error.contains('is not a JSON object')
        assert interpret([schemaVersion: '1.0', verdict: 'PASS'], 0).error.contains('has no summary or checks')
    }

    @Test
    void readJsonObjectsBecomePlainSerializableData() {
        Object plain = REPORT.plain([a: JSONNull.instance, b: [1, JSONNull.instance, 'x'], c: new StringBuilder('s')])
        assert plain == [a: null, b: [1, null, 'x'], c: 's']
        assert plain.getClass() == LinkedHashMap && plain.b.getClass() == ArrayList
    }

    @Test
    void verdictsMapToJenkinsResults() {
        def result = { String verdict, String unstableOn, String failBuildOn ->
            REPORT.buildResult(verdict, unstableOn, failBuildOn)
        }
        ['WARN', 'FAIL', 'NEVER'].each { unstableOn ->
            ['WARN', 'FAIL', 'NEVER'].each { failBuildOn ->
                assert result('PASS', unstableOn, failBuildOn) == 'SUCCESS'
                assert result('ERROR', unstableOn, failBuildOn) == 'FAILURE'
                assert result('FAIL', unstableOn, failBuildOn) != 'SUCCESS'
            }
        }
        assert result('WARN', 'WARN', 'FAIL') == 'UNSTABLE'
        assert result('FAIL', 'WARN', 'FAIL') == 'FAILURE'
        assert result('WARN', 'FAIL', 'FAIL') == 'SUCCESS'
        assert result('WARN', 'NEVER', 'FAIL') == 'SUCCESS'
        assert result('WARN', 'WARN', 'WARN') == 'FAILURE'
        assert result('FAIL', 'WARN', 'NEVER') == 'UNSTABLE'
        assert result('FAIL', 'FAIL', 'NEVER') == 'UNSTABLE'
    }

    @Test
    void messagesAreReadableSummaries() {
        String fail = REPORT.message(interpret(fixture('fail'), 1))
        List<String> lines = fail.readLines()
        assert lines[0] == 'aigate FAIL: 2 violation(s) at or above the failing level (2 in all: 2 high)'
        assert lines[1].startsWith('  [high] datasets/file-added: data/digits/extra.csv: file added')
        assert lines[2].startsWith('  [high] datasets/file-modified: data/digits/test.csv: modified')
        assert lines[3] == 'Report: r/aigate-summary.md'
        assert REPORT.message(interpret(fixture('pass'), 0)).readLines()[0] == 'aigate PASS: no violations (1 check(s))'
        assert REPORT.message(interpret(fixture('warn'), 0)).readLines()[0] ==
                'aigate WARN: 2 violation(s) below the failing level (2 high)'
        assert REPORT.message(interpret(fixture('error-unknown-check'), 2)).readLines()[0] ==
                "aigate ERROR: the gate could not evaluate: no check named 'robustness' (known: datasets)"
    }

    @Test
    void anActionThatMakesSomethingIsDoneOnExitStatusZeroOnly() {
        assert REPORT.made('datasets lock', 0, 'wrote x\n', '') == [verdict: 'DONE', exitCode: 0, buildResult: 'SUCCESS',
                                                                     error: null, output: 'wrote x\n']
        Map failed = REPORT.made('datasets lock', 2, null, 'Picked up JAVA_TOOL_OPTIONS: -Xss1m\n' +
                'aigate: ERROR: aigate.yml: policy file not found\n')
        assert failed == [verdict: 'ERROR', exitCode: 2, buildResult: 'FAILURE', output: '',
                          error: 'datasets lock failed with exit status 2: aigate.yml: policy file not found']
        assert REPORT.madeMessage(failed, 'datasets lock') ==
                'aigate ERROR: datasets lock failed with exit status 2: aigate.yml: policy file not found'
        assert REPORT.madeMessage(REPORT.made('datasets lock', 0, '', ''), 'datasets lock') == 'aigate datasets lock: done'
        assert REPORT.made('x y', 1, '', '').verdict == 'ERROR'
        assert REPORT.notMade('x y', 'no jar') == [verdict: 'ERROR', exitCode: null, buildResult: 'FAILURE', output: '',
                                                  error: 'x y could not run: no jar']
    }

    @Test
    void theReasonOfAFailedActionIsWhatTheCliSaidOnStandardError() {
        assert REPORT.failureReason('aigate: ERROR: one\nother\naigate: ERROR: two\n') == 'one\ntwo'
        assert REPORT.failureReason("Unknown option: '--x'\nUsage: aigate datasets lock [-hV]\n  -h\n") ==
                "Unknown option: '--x'"
        assert REPORT.failureReason((1..9).collect { "line ${it}" }.join('\n')).readLines().size() == 5
        assert REPORT.failureReason('\n  \n') == 'no message on standard error; see the log above'
        assert REPORT.failureReason(null) == 'see the log above'
    }

    @Test
    void longViolationListsAreCutInTheMessage() {
        Map report = fixture('fail')
        List findings = report.checks[0].findings
        (1..30).each { findings << (findings[0] + [message: "finding ${it}".toString()]) }
        String message = REPORT.message(interpret(report, 1))
        assert message.readLines().size() == 1 + 20 + 1 + 1
        assert message.contains('  ... and 12 more')
    }
}
