package dev.aigate.jenkins

import com.cloudbees.groovy.cps.NonCPS
import groovy.json.JsonSlurperClassic

/**
 * Reads the CLI's versioned JSON report ({@code aigate-report.json}, schema 1.x) into the step's result and maps
 * the verdict to a Jenkins result. It decides nothing about the checks: the verdict, the counts and the
 * violations are the report's. It only refuses to trust a run whose report is missing, unreadable, of another
 * major schema version, or disagrees with the CLI's exit status: that is an ERROR, never a success.
 */
class GateReport implements Serializable {
    private static final long serialVersionUID = 1L

    static final List<String> VERDICTS = ['PASS', 'WARN', 'FAIL', 'ERROR']
    static final List<String> SEVERITY_ORDER = ['critical', 'high', 'medium', 'low']
    /** How many violations the error or unstable message lists before pointing to the report. */
    static final int MESSAGE_VIOLATIONS = 20
    /** How many lines of standard error explain a failed action when the CLI printed no ERROR line. */
    static final int MESSAGE_REASON_LINES = 5
    private static final String CLI_ERROR = 'aigate: ERROR: '

    /** The CLI's exit status for a verdict: 0 PASS or WARN, 1 FAIL, 2 ERROR. */
    @NonCPS
    static int exitCodeOf(String verdict) {
        return verdict == 'FAIL' ? 1 : (verdict == 'ERROR' ? 2 : 0)
    }

    @NonCPS
    static Object parseJson(String text) {
        return plain(new JsonSlurperClassic().parseText(text))
    }

    /**
     * Copies parsed JSON into plain, serializable maps and lists (readJSON returns json-lib objects, whose
     * JSON null is an object of its own).
     */
    @NonCPS
    static Object plain(Object value) {
        if (value == null || value.getClass().name == 'net.sf.json.JSONNull') {
            return null
        }
        if (value instanceof Map) {
            Map<String, Object> out = [:]
            value.each { k, v -> out[k as String] = plain(v) }
            return out
        }
        if (value instanceof Collection) {
            List<Object> out = []
            value.each { out << plain(it) }
            return out
        }
        if (value instanceof CharSequence) {
            return value.toString()
        }
        return value
    }

    /**
     * Builds the step's result from a run.
     *
     * @param report the parsed report, or null when none could be read
     * @param readError why no report could be read, or null
     * @param exitCode the CLI's exit status
     * @param reportDirectory the report directory as configured
     * @param reports the report files that exist, by kind (json, junit, summary, html, sarif), as paths
     */
    @NonCPS
    static Map interpret(Object report, String readError, int exitCode, String reportDirectory,
                         Map<String, String> reports) {
        Map result = [
            verdict: 'ERROR',
            exitCode: exitCode,
            error: null,
            counts: [critical: 0, high: 0, medium: 0, low: 0],
            failing: 0,
            waived: 0,
            checks: [],
            violations: [],
            reportDirectory: reportDirectory,
            reports: new LinkedHashMap<String, String>(reports ?: [:]),
        ]
        if (report == null) {
            result.error = "aigate exited with status ${exitCode} and wrote no readable report: ${readError}".toString()
            return result
        }
        String problem = contractProblem(report)
        if (problem != null) {
            result.error = "the report ${reportPathOf(reportDirectory, reports)} ${problem}".toString()
            return result
        }
        Map r = (Map) report
        Map summary = (Map) r.summary
        Map violations = summary.violations instanceof Map ? (Map) summary.violations : [:]
        SEVERITY_ORDER.each { result.counts[it] = number(violations[it]) }
        result.failing = number(summary.failing)
        result.waived = number(summary.waived)
        List checkErrors = []
        ((List) r.checks).each { Object o ->
            Map check = (Map) o
            Map entry = [id: check.id, title: check.title, status: check.status]
            if (check.error != null) {
                entry.error = check.error
                checkErrors << "${check.id}: ${check.error}".toString()
            }
            result.checks << entry
            ((List) (check.findings ?: [])).each { Object f ->
                Map finding = (Map) f
                if (finding.violation == true) {
                    result.violations << [check: check.id, rule: finding.rule, severity: finding.severity,
                            message: finding.message, subject: finding.subject]
                }
            }
        }
        String verdict = r.verdict
        if (exitCode != exitCodeOf(verdict)) {
            result.error = ("aigate exited with status ${exitCode}, which does not match the report's verdict "
                    + "${verdict} (expected ${exitCodeOf(verdict)}); not trusting either").toString()
            return result
        }
        result.verdict = verdict
        if (verdict == 'ERROR') {
            List reasons = []
            if (r.error != null) {
                reasons << r.error
            }
            reasons.addAll(checkErrors)
            result.error = reasons ? reasons.join('; ') : 'the gate could not evaluate (no reason given)'
        }
        return result
    }

    /** The result of a gate that could not even start (bad argument for this agent, no CLI): an ERROR. */
    @NonCPS
    static Map notRun(String error, String reportDirectory) {
        Map result = interpret(null, error, -1, reportDirectory, [:])
        result.exitCode = null
        result.error = error
        return result
    }

    /**
     * The result of an action that makes something: {@code DONE} on exit status 0, else {@code ERROR} with the
     * reason the CLI gave on standard error.
     *
     * @param command {@code <check> <action>}
     * @param output the CLI's standard output
     * @param errors its standard error, or null when it was not kept (progress shown)
     */
    @NonCPS
    static Map made(String command, int exitCode, String output, String errors) {
        boolean done = exitCode == 0
        Map result = [verdict: done ? 'DONE' : 'ERROR', exitCode: exitCode, buildResult: done ? 'SUCCESS' : 'FAILURE',
                      error: null, output: output ?: '']
        if (!done) {
            result.error = "${command} failed with exit status ${exitCode}: ${failureReason(errors)}".toString()
        }
        return result
    }

    /** An action that could not even start (bad argument for this agent, no CLI): an ERROR. */
    @NonCPS
    static Map notMade(String command, String error) {
        return [verdict: 'ERROR', exitCode: null, buildResult: 'FAILURE', output: '',
                error: "${command} could not run: ${error}".toString()]
    }

    /**
     * Why the CLI failed, from its standard error: its {@code aigate: ERROR:} lines, else the lines before a usage
     * message (such as picocli's {@code Unknown option}); JVM notes are left out.
     */
    @NonCPS
    static String failureReason(String errors) {
        if (errors == null) {
            return 'see the log above'
        }
        List<String> lines = errors.readLines()*.trim().findAll { it && !it.startsWith('Picked up ') }
        List<String> reasons = lines.findAll { it.startsWith(CLI_ERROR) }.collect { it - CLI_ERROR }
        if (!reasons) {
            int usage = lines.findIndexOf { it.startsWith('Usage: ') }
            reasons = (usage >= 0 ? lines.take(usage) : lines).take(MESSAGE_REASON_LINES)
        }
        return reasons ? reasons.join('\n') : 'no message on standard error; see the log above'
    }

    /** The log line or error(...) message of an action that makes something. */
    @NonCPS
    static String madeMessage(Map result, String command) {
        if (result.verdict == 'DONE') {
            return "aigate ${command}: done".toString()
        }
        return "aigate ERROR: ${result.error}".toString()
    }

    /** Why a parsed report breaks the 1.x contract, or null. */
    @NonCPS
    private static String contractProblem(Object report) {
        if (!(report instanceof Map)) {
            return 'is not a JSON object'
        }
        Map r = (Map) report
        String version = r.schemaVersion instanceof String ? r.schemaVersion : null
        if (version == null || !(version ==~ /1\.[0-9]+/)) {
            return "has schemaVersion ${r.schemaVersion}; this library reads 1.x"
        }
        if (!VERDICTS.contains(r.verdict)) {
            return "has no valid verdict (${r.verdict})"
        }
        if (!(r.summary instanceof Map) || !(r.checks instanceof List)) {
            return 'has no summary or checks'
        }
        return null
    }

    @NonCPS
    private static String reportPathOf(String reportDirectory, Map<String, String> reports) {
        return reports?.json ?: CliCommand.reportPath(reportDirectory, CliCommand.REPORT_FILES.json)
    }

    @NonCPS
    private static int number(Object value) {
        return value instanceof Number ? ((Number) value).intValue() : 0
    }

    /**
     * The Jenkins result of a verdict: ERROR is always FAILURE; FAIL is FAILURE unless {@code failBuildOn} is NEVER,
     * when it is at least UNSTABLE; WARN follows {@code failBuildOn} and {@code markUnstableOn}.
     */
    @NonCPS
    static String buildResult(String verdict, String markUnstableOn, String failBuildOn) {
        if (verdict == 'ERROR') {
            return 'FAILURE'
        }
        int rank = verdict == 'FAIL' ? 2 : (verdict == 'WARN' ? 1 : 0)
        if (rank > 0 && rank >= levelRank(failBuildOn)) {
            return 'FAILURE'
        }
        if (rank > 0 && (rank >= levelRank(markUnstableOn) || verdict == 'FAIL')) {
            return 'UNSTABLE'
        }
        return 'SUCCESS'
    }

    @NonCPS
    private static int levelRank(String level) {
        return level == 'WARN' ? 1 : (level == 'FAIL' ? 2 : 3)
    }

    /** A readable summary for the log, {@code error(...)} and {@code unstable(...)}. */
    @NonCPS
    static String message(Map result) {
        StringBuilder out = new StringBuilder('aigate ').append(result.verdict).append(': ')
        List violations = (List) result.violations
        String counts = SEVERITY_ORDER.findAll { result.counts[it] }.collect { "${result.counts[it]} ${it}" }
                .join(', ')
        switch (result.verdict) {
            case 'PASS':
                out.append("no violations (${result.checks.size()} check(s))")
                break
            case 'WARN':
                out.append("${violations.size()} violation(s) below the failing level (${counts})")
                break
            case 'FAIL':
                out.append("${result.failing} violation(s) at or above the failing level")
                        .append(" (${violations.size()} in all: ${counts})")
                break
            default:
                out.append('the gate could not evaluate: ').append(result.error)
        }
        violations.take(MESSAGE_VIOLATIONS).each { Map v ->
            out.append("\n  [${v.severity}] ${v.rule}: ${v.message}")
        }
        if (violations.size() > MESSAGE_VIOLATIONS) {
            out.append("\n  ... and ${violations.size() - MESSAGE_VIOLATIONS} more")
        }
        String report = result.reports?.summary ?: result.reports?.json
        if (report) {
            out.append("\nReport: ${report}")
        }
        return out.toString()
    }
}
