package dev.aigate.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * The validated parameters of one aigate step: {@code aigate} (the gate), a per-check step ({@code <check> verify})
 * or {@code aigateRun} (any check action of the catalogue).
 *
 * <p>Pure data: building it calls no Pipeline step, so it is tested anywhere and a native Jenkins plugin could
 * reuse the same names. Unknown or mistyped parameters are errors, as unknown keys in the policy are. One vocabulary
 * with aigate.yml, Maven and the CLI: {@code failOn} is the failing severity; the Jenkins mapping of verdicts is
 * {@code markUnstableOn} and {@code failBuildOn}.
 */
class GateConfig implements Serializable {
    private static final long serialVersionUID = 1L

    /** Verdict levels for {@code markUnstableOn} and {@code failBuildOn}. */
    static final List<String> VERDICT_LEVELS = ['WARN', 'FAIL', 'NEVER']
    static final List<String> SEVERITIES = ['info', 'low', 'medium', 'high', 'critical']
    static final List<String> SCOPES = ['build', 'stage']
    static final List<String> PUBLISH_KINDS = ['html', 'junit', 'sarif', 'json']
    /** The environment variable a key file credential is bound to unless {@code keyFiles} names others. */
    static final String KEY_FILE_VARIABLE = 'AIGATE_KEY_FILE'

    /** Which check action {@code aigateRun} runs, and its options. */
    static final List<String> RUN_PARAMETERS = ['check', 'action', 'options']
    /** Only the whole gate chooses checks. */
    static final List<String> GATE_PARAMETERS = ['checks', 'skipChecks']
    /** Threshold overrides ({@code --set}): the gate and {@code verify}. */
    static final List<String> VERIFY_PARAMETERS = ['overrides']
    /** What only an action that judges (writes the report set, has a verdict) takes. */
    static final List<String> JUDGING_PARAMETERS = [
        'reportDirectory', 'failOn', 'failingLevel', 'project',
        'markUnstableOn', 'failBuildOn', 'unstableScope', 'publish', 'htmlReportName',
    ]
    /** Sharded dataset verification: only {@code datasets verify}. */
    static final List<String> SHARD_PARAMETERS = ['shards', 'agentLabel']
    static final int MAX_SHARDS = 1024
    /** Every parameter, in the order the help and the error messages list them. */
    static final List<String> PARAMETERS = RUN_PARAMETERS + [
        'policy', 'reportDirectory', 'failOn', 'failingLevel', 'checks', 'skipChecks', 'overrides', 'threads',
        'project', 'skip', 'progress', 'extraArgs', 'shards', 'agentLabel',
        'cliJar', 'cliVersion', 'cliDirectory', 'javaCommand', 'javaOptions', 'mavenCommand', 'mavenArgs',
        'mavenRepository',
        'keyFileCredentialsId', 'keyFiles',
        'markUnstableOn', 'failBuildOn', 'unstableScope', 'publish', 'htmlReportName',
    ]

    private static final String CHECK_ID = /[a-z][a-z0-9-]*/
    private static final String VARIABLE = /AIGATE_[A-Z0-9_]+/
    private static final String VERSION = /[0-9A-Za-z][0-9A-Za-z._+-]*/
    /** A repository for Maven: {@code URL} or {@code ID::URL} (the id picks the server credentials of the settings). */
    private static final String REPOSITORY = /([A-Za-z0-9._-]+::)?(https?|file):[^\s,'"%^]+/

    /** The check a per-check step or aigateRun runs, or null for the whole gate. */
    String checkId
    /** The action of that check ({@code verify} for the per-check steps), or null for the whole gate. */
    String action
    /** Whether the run judges: writes the report set and has a verdict. False for an action that makes something. */
    boolean judges = true
    /** Whether the step is aigateRun (for messages). */
    boolean runStep
    /** The action's options as command-line arguments, and its operands (after {@code --}). */
    List<String> actionArgs = []
    List<String> operands = []
    /** Notes for the build log, such as a deprecated parameter name. */
    List<String> notes = []

    String policy = 'aigate.yml'
    String reportDirectory = 'aigate-report'
    /** The failing severity, replacing the policy's {@code failOn}; null keeps the policy's. */
    String failOn
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
    /**
     * The JVM options of the CLI's launcher (cli/src/main/dist/aigate): the serial collector and a young generation
     * of at most 128 MiB, so a gate's memory follows what it keeps, not a share of the agent's RAM. Given options
     * replace them.
     */
    static final List<String> DEFAULT_JAVA_OPTIONS = ['-XX:+UseSerialGC', '-XX:MaxNewSize=128m'].asImmutable()
    List<String> javaOptions = DEFAULT_JAVA_OPTIONS
    String mavenCommand = 'mvn'
    List<String> mavenArgs = []
    /** The repository (team repository manager) the CLI is fetched from besides the settings' ones, or null. */
    String mavenRepository

    /** Environment variable name to the id of a Jenkins "Secret file" credential. */
    Map<String, String> keyFiles = [:]

    String markUnstableOn = 'WARN'
    /** The lowest verdict that ends the step with error(...). */
    String failBuildOn = 'FAIL'
    String unstableScope = 'build'
    Map<String, Boolean> publish = [html: true, junit: true, sarif: true, json: true]
    String htmlReportName = 'aigate report'
    /** How many shards verify the datasets in parallel; null verifies them in one run. */
    Integer shards
    /** The label of the agents the shards run on; null for any agent. */
    String agentLabel

    /**
     * Validates the named arguments of {@code aigate} or of a per-check step.
     *
     * @param args the named arguments of the step call
     * @param checkId the check a per-check step runs ({@code aigate <check> verify}), or null for {@code aigate}
     * @throws IllegalArgumentException naming the parameter and what is wrong with it
     */
    @NonCPS
    static GateConfig parse(Map args, String checkId) {
        return build(args ?: [:], checkId == null ? null : ActionCatalogue.verifyEntry(checkId), false)
    }

    /**
     * Validates the named arguments of {@code aigateRun}: {@code check} and {@code action} must be in the catalogue.
     *
     * @param catalogue the action catalogue ({@link ActionCatalogue#parse})
     * @throws IllegalArgumentException naming the parameter and what is wrong with it
     */
    @NonCPS
    static GateConfig parseRun(Map args, Map catalogue) {
        Map given = args ?: [:]
        checkNames(given, PARAMETERS)
        String checkId = text(given, 'check', null)
        String actionName = text(given, 'action', null)
        if (checkId == null || actionName == null) {
            throw new IllegalArgumentException("aigateRun needs check and action, e.g. check: 'datasets', "
                    + "action: 'lock'; known: ${commandList(catalogue)}")
        }
        Map action = ActionCatalogue.find(catalogue, checkId.trim(), actionName.trim())
        return build(given, action, true)
    }

    @NonCPS
    private static String commandList(Map catalogue) {
        return ActionCatalogue.commands(catalogue)*.join(' ').join(', ')
    }

    @NonCPS
    private static GateConfig build(Map given, Map action, boolean runStep) {
        GateConfig c = new GateConfig()
        c.runStep = runStep
        if (action != null) {
            c.checkId = action.check
            c.action = action.name
            c.judges = action.judges == true
        }
        checkParameters(c, given)
        if (c.judges && c.checkId != null) {
            String name = c.action == ActionCatalogue.VERIFY ? c.checkId : "${c.checkId}-${c.action}"
            c.reportDirectory = "aigate-report/${name}"
            c.htmlReportName = "aigate report (${c.action == ActionCatalogue.VERIFY ? c.checkId : c.command()})"
        }
        if (!c.judges) {
            c.reportDirectory = null
        }
        if (action != null) {
            Map parsed = ActionCatalogue.arguments(action, given.options)
            c.actionArgs = (List<String>) parsed.arguments
            c.operands = (List<String>) parsed.operands
        }
        readCommonOptions(c, given)
        readCliOptions(c, given)
        if (c.judges) {
            readJudgingOptions(c, given)
            readJenkinsOptions(c, given)
        }
        readShardOptions(c, given)
        return c
    }

    /** {@code shards} and {@code agentLabel}: verify the datasets as parallel branches, then merge. */
    @NonCPS
    private static void readShardOptions(GateConfig c, Map given) {
        if (given.shards == null) {
            if (given.agentLabel != null) {
                throw new IllegalArgumentException('agentLabel needs shards: it names the agents the shards run on')
            }
            return
        }
        Object value = given.shards
        if (!(value instanceof Integer) || (Integer) value < 2 || (Integer) value > MAX_SHARDS) {
            throw new IllegalArgumentException("shards must be a whole number from 2 to ${MAX_SHARDS}, not '${value}'")
        }
        if (c.overrides) {
            throw new IllegalArgumentException('overrides cannot be used with shards: the merge judges by the policy')
        }
        c.shards = (Integer) value
        c.agentLabel = text(given, 'agentLabel', null)
    }

    /** {@code gate}, or {@code <check> <action>}: the CLI command this runs. */
    @NonCPS
    String command() {
        return checkId == null ? 'gate' : "${checkId} ${action}"
    }

    /** The parameters this step takes for this action. */
    @NonCPS
    List<String> applicable() {
        return PARAMETERS.findAll { String p ->
            (runStep || !RUN_PARAMETERS.contains(p)) &&
                    (checkId == null || !GATE_PARAMETERS.contains(p)) &&
                    (action == null || action == ActionCatalogue.VERIFY || !VERIFY_PARAMETERS.contains(p)) &&
                    (judges || !JUDGING_PARAMETERS.contains(p)) &&
                    (!SHARD_PARAMETERS.contains(p) || (checkId == 'datasets' && action == ActionCatalogue.VERIFY))
        }
    }

    @NonCPS
    private static void checkNames(Map given, List<String> known) {
        List<String> unknown = given.keySet().collect { it as String }.findAll { !PARAMETERS.contains(it) }
        if (unknown) {
            throw new IllegalArgumentException("unknown parameter(s) ${unknown.join(', ')}; known: "
                    + known.join(', '))
        }
    }

    /** Unknown parameters, and known ones that do not apply to this step or action, are errors. */
    @NonCPS
    private static void checkParameters(GateConfig c, Map given) {
        List<String> applicable = c.applicable()
        checkNames(given, applicable)
        String name = given.keySet().collect { it as String }.find { !applicable.contains(it) }
        if (name == null) {
            return
        }
        String step = c.runStep ? 'aigateRun' : (c.checkId == null ? 'the aigate step' : "the ${c.checkId} step")
        if (GATE_PARAMETERS.contains(name)) {
            throw new IllegalArgumentException("${name} cannot be used with ${step}, which runs only "
                    + "${c.runStep ? 'one check action' : 'that check'}; use the aigate step to choose checks")
        }
        if (RUN_PARAMETERS.contains(name)) {
            throw new IllegalArgumentException("${name} cannot be used with ${step}; aigateRun runs a check action")
        }
        if (SHARD_PARAMETERS.contains(name)) {
            throw new IllegalArgumentException("${name} cannot be used with ${step}: only the datasets check's "
                    + "verify runs in shards (aigateVerifyDatasets shards: 16, agentLabel: '...')")
        }
        if (VERIFY_PARAMETERS.contains(name)) {
            throw new IllegalArgumentException("${name} cannot be used with ${c.command()}: threshold overrides "
                    + "apply to the gate and to verify")
        }
        throw new IllegalArgumentException("${name} cannot be used with ${c.command()}, which makes something and "
                + "writes no report: ${JUDGING_PARAMETERS.join(', ')} are for actions that judge; its own options "
                + 'go in options: [...]')
    }

    /** What every step takes. */
    @NonCPS
    private static void readCommonOptions(GateConfig c, Map given) {
        c.policy = text(given, 'policy', c.policy)
        c.threads = parseThreads(given)
        c.skip = flag(given, 'skip', false)
        c.progress = flag(given, 'progress', false)
        c.extraArgs = texts(given, 'extraArgs')
        c.keyFiles = parseKeyFiles(given)
        if (c.checkId == null) {
            c.checks = ids(given, 'checks')
            c.skipChecks = ids(given, 'skipChecks')
        }
        if (c.action == null || c.action == ActionCatalogue.VERIFY) {
            c.overrides = parseOverrides(given)
        }
    }

    /** The options of a run that judges that mirror the Maven goal's and the CLI's. */
    @NonCPS
    private static void readJudgingOptions(GateConfig c, Map given) {
        c.reportDirectory = text(given, 'reportDirectory', c.reportDirectory)
        c.failOn = failingSeverity(c, given)
        c.project = text(given, 'project', null)
    }

    /**
     * {@code failOn} is a severity, as in aigate.yml, Maven and the CLI; {@code failingLevel} is its deprecated
     * name. A verdict given to {@code failOn} is the 0.1 meaning, which is {@code failBuildOn} now.
     */
    @NonCPS
    private static String failingSeverity(GateConfig c, Map given) {
        if (given.failOn != null && given.failingLevel != null) {
            throw new IllegalArgumentException('give failOn or failingLevel, not both: failingLevel is the '
                    + 'deprecated name of failOn')
        }
        if (given.failingLevel != null) {
            String level = level(given, 'failingLevel', SEVERITIES, null, false)
            c.notes << ("aigate: failingLevel is deprecated and goes in the next release; write failOn: '${level}' "
                    + '(the failing severity, as in aigate.yml, Maven and the CLI)').toString()
            return level
        }
        String value = text(given, 'failOn', null)
        String upper = value?.trim()?.toUpperCase(Locale.ROOT)
        if (VERDICT_LEVELS.contains(upper)) {
            throw new IllegalArgumentException("failOn is the failing severity (${SEVERITIES.join(', ')}), as in "
                    + "aigate.yml, Maven and the CLI, not a verdict: the lowest verdict that fails the build, "
                    + "called failOn in aigate 0.1, is failBuildOn now: write failBuildOn: '${upper}' (and "
                    + 'failOn for what failingLevel was)')
        }
        return level(given, 'failOn', SEVERITIES, null, false)
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
        c.javaOptions = given.containsKey('javaOptions') ? texts(given, 'javaOptions') : DEFAULT_JAVA_OPTIONS
        c.mavenCommand = text(given, 'mavenCommand', c.mavenCommand)
        c.mavenArgs = texts(given, 'mavenArgs')
        c.mavenRepository = text(given, 'mavenRepository', null)
        if (c.mavenRepository != null && c.cliJar != null) {
            throw new IllegalArgumentException('give cliJar or mavenRepository, not both: cliJar is not fetched')
        }
        if (c.mavenRepository != null && !(c.mavenRepository ==~ REPOSITORY)) {
            throw new IllegalArgumentException("mavenRepository '${c.mavenRepository}' is not a repository URL "
                    + "(write 'https://repo.example.org/maven-releases' or 'team::https://...', the id naming the "
                    + 'server credentials in the Maven settings)')
        }
    }

    /** How the verdict becomes a Jenkins result, and what is published. */
    @NonCPS
    private static void readJenkinsOptions(GateConfig c, Map given) {
        c.markUnstableOn = level(given, 'markUnstableOn', VERDICT_LEVELS, c.markUnstableOn, true)
        c.failBuildOn = level(given, 'failBuildOn', VERDICT_LEVELS, c.failBuildOn, true)
        if (c.failBuildOn == 'NEVER' && c.markUnstableOn == 'NEVER') {
            throw new IllegalArgumentException("failBuildOn: 'NEVER' needs markUnstableOn 'WARN' or 'FAIL': "
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
