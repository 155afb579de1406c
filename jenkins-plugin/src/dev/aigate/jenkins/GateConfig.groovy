package dev.aigate.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * The validated parameters of one aigate step.
 *
 * <p>Pure data: building it calls no Pipeline step, so it is tested anywhere and a native Jenkins plugin could
 * reuse the same names. Unknown or mistyped parameters are errors, as unknown keys in the policy are.
 */
class GateConfig implements Serializable {
    private static final long serialVersionUID = 1L

    /** Verdict levels for {@code markUnstableOn} and {@code failOn}. */
    static final List<String> VERDICT_LEVELS = ['WARN', 'FAIL', 'NEVER']
    static final List<String> SEVERITIES = ['info', 'low', 'medium', 'high', 'critical']
    static final List<String> SCOPES = ['build', 'stage']
    static final List<String> PUBLISH_KINDS = ['html', 'junit', 'sarif', 'json']
    /** The environment variable a key file credential is bound to unless {@code keyFiles} names others. */
    static final String KEY_FILE_VARIABLE = 'AIGATE_KEY_FILE'

    static final List<String> PARAMETERS = [
        'policy', 'reportDirectory', 'failingLevel', 'checks', 'skipChecks', 'overrides', 'threads', 'project',
        'skip', 'progress', 'extraArgs',
        'cliJar', 'cliVersion', 'cliDirectory', 'javaCommand', 'javaOptions', 'mavenCommand', 'mavenArgs',
        'keyFileCredentialsId', 'keyFiles',
        'markUnstableOn', 'failOn', 'unstableScope', 'publish', 'htmlReportName',
    ]

    private static final String CHECK_ID = /[a-z][a-z0-9-]*/
    private static final String VARIABLE = /AIGATE_[A-Z0-9_]+/
    private static final String VERSION = /[0-9A-Za-z][0-9A-Za-z._+-]*/

    /** The check a per-check step runs, or null for the whole gate. */
    String checkId
    String policy = 'aigate.yml'
    String reportDirectory = 'aigate-report'
    String failingLevel
    List<String> checks = []
    List<String> skipChecks = []
    Map<String, String> overrides = [:]
    Integer threads
    String project
    boolean skip
    boolean progress
    List<String> extraArgs = []

    String cliJar
    String cliVersion
    String cliDirectory = '.aigate/cli'
    String javaCommand = 'java'
    List<String> javaOptions = []
    String mavenCommand = 'mvn'
    List<String> mavenArgs = []

    /** Environment variable name to the id of a Jenkins "Secret file" credential. */
    Map<String, String> keyFiles = [:]

    String markUnstableOn = 'WARN'
    String failOn = 'FAIL'
    String unstableScope = 'build'
    Map<String, Boolean> publish = [html: true, junit: true, sarif: true, json: true]
    String htmlReportName = 'aigate report'

    /**
     * Validates the step's named arguments.
     *
     * @param args the named arguments of the step call
     * @param checkId the check a per-check step runs, or null for {@code aigate}
     * @throws IllegalArgumentException naming the parameter and what is wrong with it
     */
    @NonCPS
    static GateConfig parse(Map args, String checkId) {
        Map given = args ?: [:]
        List<String> unknown = given.keySet().collect { it as String }.findAll { !PARAMETERS.contains(it) }
        if (unknown) {
            throw new IllegalArgumentException("unknown parameter(s) ${unknown.join(', ')}; known: "
                    + PARAMETERS.join(', '))
        }
        GateConfig c = new GateConfig()
        c.checkId = checkId
        if (checkId != null) {
            for (String name : ['checks', 'skipChecks']) {
                if (given.containsKey(name)) {
                    throw new IllegalArgumentException("${name} cannot be used with the ${checkId} step, which "
                            + "runs only that check; use the aigate step to choose checks")
                }
            }
            c.checks = [checkId]
            c.reportDirectory = "aigate-report/${checkId}"
            c.htmlReportName = "aigate report (${checkId})"
        }
        readGateOptions(c, given)
        readCliOptions(c, given)
        readJenkinsOptions(c, given)
        return c
    }

    /** The options that mirror the Maven goal's and the CLI's. */
    @NonCPS
    private static void readGateOptions(GateConfig c, Map given) {
        c.policy = text(given, 'policy', c.policy)
        c.reportDirectory = text(given, 'reportDirectory', c.reportDirectory)
        c.failingLevel = level(given, 'failingLevel', SEVERITIES, null, false)
        if (c.checkId == null) {
            c.checks = ids(given, 'checks')
            c.skipChecks = ids(given, 'skipChecks')
        }
        c.overrides = parseOverrides(given)
        c.threads = parseThreads(given)
        c.project = text(given, 'project', null)
        c.skip = flag(given, 'skip', false)
        c.progress = flag(given, 'progress', false)
        c.extraArgs = texts(given, 'extraArgs')
        c.keyFiles = parseKeyFiles(given)
    }

    /** How the CLI gets onto the agent and runs there. */
    @NonCPS
    private static void readCliOptions(GateConfig c, Map given) {
        c.cliJar = text(given, 'cliJar', null)
        c.cliVersion = text(given, 'cliVersion', null)
        if (c.cliJar != null && c.cliVersion != null) {
            throw new IllegalArgumentException('give cliJar or cliVersion, not both')
        }
        if (c.cliVersion != null && !(c.cliVersion ==~ VERSION)) {
            throw new IllegalArgumentException("cliVersion '${c.cliVersion}' is not a version")
        }
        c.cliDirectory = text(given, 'cliDirectory', c.cliDirectory)
        c.javaCommand = text(given, 'javaCommand', c.javaCommand)
        c.javaOptions = texts(given, 'javaOptions')
        c.mavenCommand = text(given, 'mavenCommand', c.mavenCommand)
        c.mavenArgs = texts(given, 'mavenArgs')
    }

    /** How the verdict becomes a Jenkins result, and what is published. */
    @NonCPS
    private static void readJenkinsOptions(GateConfig c, Map given) {
        c.markUnstableOn = level(given, 'markUnstableOn', VERDICT_LEVELS, c.markUnstableOn, true)
        c.failOn = level(given, 'failOn', VERDICT_LEVELS, c.failOn, true)
        if (c.failOn == 'NEVER' && c.markUnstableOn == 'NEVER') {
            throw new IllegalArgumentException("failOn: 'NEVER' needs markUnstableOn 'WARN' or 'FAIL': "
                    + 'a FAIL verdict is never reported as success')
        }
        c.unstableScope = level(given, 'unstableScope', SCOPES, c.unstableScope, false)
        c.publish = parsePublish(given)
        c.htmlReportName = text(given, 'htmlReportName', c.htmlReportName)
    }

    /** The {@code cli.version} of the library's properties resource. */
    @NonCPS
    static String cliVersionFrom(String propertiesText) {
        Properties properties = new Properties()
        properties.load(new StringReader(propertiesText ?: ''))
        String version = properties.getProperty('cli.version')?.trim()
        if (!version || !(version ==~ VERSION)) {
            throw new IllegalArgumentException(
                    'the library resource has no valid cli.version; give cliVersion or cliJar')
        }
        return version
    }

    @NonCPS
    private static String text(Map given, String name, String fallback) {
        if (!given.containsKey(name) || given[name] == null) {
            return fallback
        }
        Object value = given[name]
        if (!(value instanceof CharSequence)) {
            throw new IllegalArgumentException("${name} must be a string, not ${value.getClass().simpleName}")
        }
        String s = value as String
        if (s.trim().isEmpty()) {
            throw new IllegalArgumentException("${name} must not be empty")
        }
        checkPrintable(name, s)
        return s
    }

    @NonCPS
    private static void checkPrintable(String name, String s) {
        if (s.contains('\n') || s.contains('\r') || s.contains('\u0000')) {
            throw new IllegalArgumentException("${name} must not contain line breaks or NUL characters")
        }
    }

    /** A list given as a List or as one comma-separated string. */
    @NonCPS
    private static List<String> list(Map given, String name) {
        Object value = given[name]
        if (value == null) {
            return []
        }
        List<Object> items
        if (value instanceof CharSequence) {
            items = value.toString().split(',') as List
        } else if (value instanceof Collection || value.getClass().isArray()) {
            items = value as List
        } else {
            throw new IllegalArgumentException("${name} must be a list or a comma-separated string")
        }
        return items.collect { it == null ? '' : it.toString().trim() }.findAll { !it.isEmpty() }
    }

    @NonCPS
    private static List<String> ids(Map given, String name) {
        List<String> values = list(given, name)
        for (String id : values) {
            if (!(id ==~ CHECK_ID)) {
                throw new IllegalArgumentException("${name}: '${id}' is not a check id (such as datasets)")
            }
        }
        return values.unique()
    }

    /** A list of free arguments; not split on commas, since an argument may contain one. */
    @NonCPS
    private static List<String> texts(Map given, String name) {
        Object value = given[name]
        if (value == null) {
            return []
        }
        List<String> values = value instanceof CharSequence ? [value.toString()]
                : (value instanceof Collection ? (value as List).collect { it as String } : null)
        if (values == null) {
            throw new IllegalArgumentException("${name} must be a list of strings")
        }
        for (String s : values) {
            if (s == null) {
                throw new IllegalArgumentException("${name} must not contain null")
            }
            checkPrintable(name, s)
        }
        return values
    }

    @NonCPS
    private static String level(Map given, String name, List<String> allowed, String fallback, boolean upper) {
        String value = text(given, name, null)
        if (value == null) {
            return fallback
        }
        String normal = upper ? value.trim().toUpperCase(Locale.ROOT) : value.trim().toLowerCase(Locale.ROOT)
        if (!allowed.contains(normal)) {
            throw new IllegalArgumentException("${name} must be one of ${allowed.join(', ')}, not '${value}'")
        }
        return normal
    }

    @NonCPS
    private static boolean flag(Map given, String name, boolean fallback) {
        Object value = given[name]
        if (value == null) {
            return fallback
        }
        if (value instanceof Boolean) {
            return value
        }
        String s = value.toString().trim().toLowerCase(Locale.ROOT)
        if (s == 'true' || s == 'false') {
            return s == 'true'
        }
        throw new IllegalArgumentException("${name} must be true or false, not '${value}'")
    }

    @NonCPS
    private static Integer parseThreads(Map given) {
        Object value = given.threads
        if (value == null) {
            return null
        }
        String s = value.toString().trim()
        if (!(s ==~ /[0-9]{1,4}/)) {
            throw new IllegalArgumentException("threads must be a whole number of 0 or more, not '${value}'")
        }
        return Integer.valueOf(s)
    }

    @NonCPS
    private static Map<String, String> parseOverrides(Map given) {
        Object value = given.overrides
        if (value == null) {
            return [:]
        }
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("overrides must be a map such as ['datasets.threshold': '0.1']")
        }
        Map<String, String> out = [:]
        value.each { k, v ->
            String key = k as String
            if (!(key ==~ /[a-z][a-z0-9-]*\.[A-Za-z0-9_.-]+/)) {
                throw new IllegalArgumentException("overrides: '${key}' is not a check.key name")
            }
            if (v == null) {
                throw new IllegalArgumentException("overrides: '${key}' has no value")
            }
            checkPrintable('overrides', v.toString())
            out[key] = v.toString()
        }
        return out
    }

    @NonCPS
    private static Map<String, String> parseKeyFiles(Map given) {
        Map<String, String> out = [:]
        String single = text(given, 'keyFileCredentialsId', null)
        if (single != null) {
            out[KEY_FILE_VARIABLE] = single
        }
        Object value = given.keyFiles
        if (value == null) {
            return out
        }
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("keyFiles must be a map such as [AIGATE_KEY_FILE: 'credentials-id']")
        }
        value.each { k, v ->
            String variable = k as String
            if (!(variable ==~ VARIABLE)) {
                throw new IllegalArgumentException("keyFiles: '${variable}' must be an environment variable name "
                        + 'starting with AIGATE_')
            }
            if (out.containsKey(variable)) {
                throw new IllegalArgumentException("keyFiles: ${variable} is also set by keyFileCredentialsId")
            }
            if (v == null || v.toString().trim().isEmpty()) {
                throw new IllegalArgumentException("keyFiles: ${variable} has no credentials id")
            }
            out[variable] = v.toString()
        }
        return out
    }

    @NonCPS
    private static Map<String, Boolean> parsePublish(Map given) {
        Map<String, Boolean> out = [html: true, junit: true, sarif: true, json: true]
        Object value = given.publish
        if (value == null) {
            return out
        }
        if (value instanceof Boolean || value instanceof CharSequence) {
            boolean all = flag(given, 'publish', true)
            PUBLISH_KINDS.each { out[it] = all }
            return out
        }
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException('publish must be true, false or a map such as [html: false]')
        }
        value.each { k, v ->
            String kind = k as String
            if (!PUBLISH_KINDS.contains(kind)) {
                throw new IllegalArgumentException("publish: unknown report '${kind}'; known: "
                        + PUBLISH_KINDS.join(', '))
            }
            out[kind] = flag([(kind): v], kind, true)
        }
        return out
    }
}
