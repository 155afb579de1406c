package dev.aigate.jenkins

/**
 * The one implementation behind {@code aigate}, the per-check steps and {@code aigateRun}: get the CLI, run it, read
 * its report, publish, set the result (or, for an action that makes something, check its exit status). Every
 * decision about the checks is the CLI's; this class only orchestrates Pipeline steps, and the pure parts live in
 * {@link GateConfig}, {@link ActionCatalogue}, {@link CliCommand} and {@link GateReport}.
 *
 * <p>CPS-friendly: it keeps only the (serializable) script and plain data, and calls steps outside
 * {@code @NonCPS} code.
 */
class GateStep implements Serializable {
    private static final long serialVersionUID = 1L

    static final String LIBRARY_PROPERTIES = 'dev/aigate/jenkins/aigate-library.properties'

    /** The Pipeline script whose steps this calls ({@code sh}, {@code bat}, {@code junit}, ...). */
    private final Object steps
    /** What a shard branch runs in its fresh workspace before the CLI ({@code prepare:}); null: checkout scm. */
    private Object prepare

    GateStep(Object steps) {
        this.steps = steps
    }

    /** The arguments without {@code prepare}, which is a closure for the shard branches, not a CLI parameter. */
    private Map withoutPrepare(Map args) {
        Map rest = args == null ? [:] : new LinkedHashMap(args)
        Object given = rest.remove('prepare')
        if (given != null && !(given instanceof Closure)) {
            steps.error('aigate: prepare must be a closure, e.g. prepare: { checkout scm }')
        }
        if (given != null && rest.shards == null) {
            steps.error('aigate: prepare needs shards: it prepares the workspace of each shard branch')
        }
        prepare = given
        return rest
    }

    /**
     * Runs the gate, or one check's {@code verify} for the per-check steps.
     *
     * @param args the step's named arguments
     * @param checkId the only check to run, for the per-check steps; null for the whole gate
     * @return the result map (verdict, counts, violations, checks, reports, ...)
     */
    Map run(Map args, String checkId) {
        GateConfig config
        Map given = withoutPrepare(args)
        try {
            config = GateConfig.parse(given, checkId)
        } catch (IllegalArgumentException e) {
            steps.error("aigate: ${e.message}")
        }
        return runConfigured(config)
    }

    /**
     * Runs any check action of the catalogue ({@code aigateRun}): one that judges like the gate, one that makes
     * something by running the CLI and checking its exit status.
     *
     * @param args the step's named arguments ({@code check}, {@code action}, {@code options}, ...)
     * @return the result map
     */
    Map runAction(Map args) {
        GateConfig config
        try {
            Map catalogue = ActionCatalogue.parse((String) steps.libraryResource(ActionCatalogue.RESOURCE))
            config = GateConfig.parseRun(withoutPrepare(args), catalogue)
        } catch (IllegalArgumentException e) {
            steps.error("aigate: ${e.message}")
        }
        return runConfigured(config)
    }

    Map runConfigured(GateConfig config) {
        for (int i = 0; i < config.notes.size(); i++) {
            steps.echo(config.notes[i])
        }
        if (config.skip) {
            steps.echo('aigate: skipped (skip: true)')
            Map skipped = [verdict: 'SKIPPED', buildResult: 'SUCCESS']
            if (config.judges) {
                skipped.reportDirectory = config.reportDirectory
            }
            return skipped
        }
        if (config.shards != null) {
            return runSharded(config)
        }
        boolean unix = steps.isUnix()
        if (!config.judges) {
            return make(config, unix)
        }
        Map result
        try {
            String jar = cliJar(config, unix)
            result = execute(config, jar, unix)
        } catch (IllegalArgumentException e) {
            // An argument that the agent's shell cannot carry safely, or a CLI that could not be had.
            result = GateReport.notRun(e.message, config.reportDirectory)
        }
        steps.env.AIGATE_VERDICT = result.verdict
        steps.env.AIGATE_REPORT_DIR = config.reportDirectory
        publish(config, (Map<String, String>) result.reports)
        return conclude(config, result)
    }

    /**
     * Verifies the datasets in {@code config.shards} parallel branches, each on an agent with {@code agentLabel}
     * (any agent without one): the branch prepares its workspace ({@code prepare}, else {@code checkout scm}), runs
     * {@code datasets verify-shard} and stashes its partial result. This agent then unstashes them all into a clean
     * partial results directory and runs {@code datasets merge}, which judges, publishes and sets the result like
     * a verify in one run.
     */
    Map runSharded(GateConfig config) {
        Map branches = [:]
        for (int i = 1; i <= config.shards; i++) {
            int index = i
            branches["aigate shard ${index}/${config.shards}".toString()] = {
                onAgent(config.agentLabel) {
                    if (prepare != null) {
                        ((Closure) prepare).call()
                    } else {
                        steps.checkout(steps.scm)
                    }
                    make(DatasetShards.shardRun(config, index), steps.isUnix())
                    steps.stash(name: DatasetShards.stash(config, index),
                            includes: DatasetShards.partialFile(config, index))
                }
            }
        }
        steps.parallel(branches)
        steps.dir(DatasetShards.partialsPath(config)) {
            steps.deleteDir()
        }
        for (int i = 1; i <= config.shards; i++) {
            steps.unstash(DatasetShards.stash(config, i))
        }
        return runConfigured(DatasetShards.mergeRun(config))
    }

    private Object onAgent(String label, Closure body) {
        if (label == null) {
            return steps.node(body)
        }
        return steps.node(label, body)
    }

    /**
     * Runs an action that makes something: DONE on exit status 0 (with the CLI's standard output), otherwise the
     * step ends with error(...) naming the reason.
     */
    Map make(GateConfig config, boolean unix) {
        String command = config.command()
        Map result
        try {
            String jar = cliJar(config, unix)
            List<String> argv = CliCommand.javaArgv(config, jar)
            Map<String, String> files = CliCommand.outputFiles(config)
            String script = unix ? CliCommand.shActionScript(argv, files) : CliCommand.batActionScript(argv, files)
            int status = withKeyFiles(config) {
                shell(unix, script, "aigate ${command}".toString())
            }
            String errors = files.err == null ? null : readText(files.err)
            result = GateReport.made(command, status, readText(files.out), errors)
        } catch (IllegalArgumentException e) {
            result = GateReport.notMade(command, e.message)
        }
        steps.env.AIGATE_VERDICT = result.verdict
        String text = GateReport.madeMessage(result, command)
        if (result.verdict != 'DONE') {
            steps.error(text)
        }
        steps.echo(text)
        return result
    }

    /** A text file the CLI's script wrote, or '' when there is none. */
    String readText(String path) {
        return steps.fileExists(path) ? (String) steps.readFile(file: path, encoding: 'UTF-8') : ''
    }

    /** The CLI jar: the one given, or {@code dev.aigate:aigate-cli:VERSION:jar:all} copied by Maven. */
    String cliJar(GateConfig config, boolean unix) {
        if (config.cliJar != null) {
            if (!steps.fileExists(config.cliJar)) {
                throw new IllegalArgumentException("the aigate CLI jar ${config.cliJar} does not exist on this agent")
            }
            return config.cliJar
        }
        String version = config.cliVersion ?: defaultCliVersion()
        String jar = CliCommand.resolvedJar(config, version)
        if (!version.endsWith('-SNAPSHOT') && steps.fileExists(jar)) {
            return jar
        }
        List<String> argv = CliCommand.mavenArgv(config, version)
        int status = shell(unix, unix ? CliCommand.shScript(argv) : CliCommand.batScript(argv),
                'resolve aigate-cli with Maven')
        if (status != 0 || !steps.fileExists(jar)) {
            throw new IllegalArgumentException("could not get ${CliCommand.CLI_GROUP_ID}:${CliCommand.CLI_ARTIFACT_ID}:"
                    + "${version}:jar:all with Maven (exit status ${status}); give cliJar, or check the agent's "
                    + 'Maven settings')
        }
        return jar
    }

    /** The CLI version this library release was built with, from its resources. */
    String defaultCliVersion() {
        String text = steps.libraryResource(LIBRARY_PROPERTIES)
        return GateConfig.cliVersionFrom(text)
    }

    /** Runs the CLI (with key files bound, if any) and interprets its report. */
    Map execute(GateConfig config, String jar, boolean unix) {
        List<String> argv = CliCommand.javaArgv(config, jar)
        String script = unix ? CliCommand.shScript(argv, config.reportDirectory)
                : CliCommand.batScript(argv, config.reportDirectory)
        int status = withKeyFiles(config) {
            shell(unix, script, "aigate ${config.command()}".toString())
        }
        // Index loops only: an iterator held across a step is not serializable under CPS.
        Map<String, String> reports = [:]
        List<String> kinds = CliCommand.reportKinds()
        for (int i = 0; i < kinds.size(); i++) {
            String path = CliCommand.reportPath(config.reportDirectory, CliCommand.REPORT_FILES[kinds[i]])
            if (steps.fileExists(path)) {
                reports[kinds[i]] = path
            }
        }
        Object report = null
        String readError = null
        if (reports.json == null) {
            readError = "${CliCommand.reportPath(config.reportDirectory, CliCommand.REPORT_FILES.json)} is missing"
        } else {
            try {
                report = readJson(reports.json)
            } catch (InterruptedException e) {
                throw e
            } catch (Exception e) {
                readError = "cannot read ${reports.json}: ${e.message}"
            }
        }
        return GateReport.interpret(report, readError, status, config.reportDirectory, reports)
    }

    /** Binds each key file credential to its environment variable: the secret stays out of the script text. */
    Object withKeyFiles(GateConfig config, Closure body) {
        if (!config.keyFiles) {
            return body.call()
        }
        List bindings = []
        List<List<String>> keys = CliCommand.keyBindings(config)
        for (int i = 0; i < keys.size(); i++) {
            bindings << steps.file(credentialsId: keys[i][1], variable: keys[i][0])
        }
        return steps.withCredentials(bindings) {
            body.call()
        }
    }

    int shell(boolean unix, String script, String label) {
        if (unix) {
            return steps.sh(script: script, returnStatus: true, label: label)
        }
        return steps.bat(script: script, returnStatus: true, label: label)
    }

    /** readJSON (Pipeline Utility Steps) when installed, else readFile and JsonSlurperClassic. */
    Object readJson(String path) {
        boolean fallback = false
        Object parsed = null
        try {
            parsed = steps.readJSON(file: path)
        } catch (NoSuchMethodError ignored) {
            fallback = true
        } catch (MissingMethodException ignored) {
            fallback = true
        }
        if (fallback) {
            return GateReport.parseJson(steps.readFile(file: path, encoding: 'UTF-8'))
        }
        return GateReport.plain(parsed)
    }

    /** Publishes the reports that exist, as the configuration asks. */
    void publish(GateConfig config, Map<String, String> reports) {
        if (!reports) {
            return
        }
        if (CliCommand.publishInside(config.reportDirectory)) {
            Map<String, String> names = CliCommand.fileNames(reports)
            steps.dir(config.reportDirectory) {
                publishFiles(config, names, '.')
            }
        } else {
            publishFiles(config, reports, config.reportDirectory)
        }
    }

    /** Publishes report files given relative to the current directory. */
    void publishFiles(GateConfig config, Map<String, String> files, String htmlDirectory) {
        if (config.publish.junit && files.junit) {
            steps.junit(testResults: files.junit, allowEmptyResults: true, skipMarkingBuildUnstable: true)
        }
        List<String> archive = []
        if (config.publish.html && files.html) {
            if (!publishHtml(config, htmlDirectory)) {
                archive << files.html
            }
        }
        if (config.publish.sarif && files.sarif) {
            archive << files.sarif
        }
        if (config.publish.json) {
            if (files.json) {
                archive << files.json
            }
            if (files.summary) {
                archive << files.summary
            }
        }
        if (archive) {
            steps.archiveArtifacts(artifacts: archive.join(','), allowEmptyArchive: true, fingerprint: true)
        }
    }

    /** Publishes the HTML report with the HTML Publisher plugin; false when that plugin is not installed. */
    boolean publishHtml(GateConfig config, String htmlDirectory) {
        try {
            steps.publishHTML(target: [reportDir: htmlDirectory, reportFiles: CliCommand.REPORT_FILES.html,
                    reportName: config.htmlReportName, keepAll: true, alwaysLinkToLastBuild: true,
                    allowMissing: false])
            return true
        } catch (NoSuchMethodError ignored) {
            return false
        } catch (MissingMethodException ignored) {
            return false
        }
    }

    /** Applies markUnstableOn / failBuildOn and returns the result, or ends the step with error(...). */
    Map conclude(GateConfig config, Map result) {
        String outcome = GateReport.buildResult((String) result.verdict, config.markUnstableOn, config.failBuildOn)
        result.buildResult = outcome
        String text = GateReport.message(result)
        if (outcome == 'FAILURE') {
            steps.error(text)
        }
        if (outcome == 'UNSTABLE') {
            // Only a WARN may stay in its stage; a FAIL let through by failBuildOn: 'NEVER' marks the whole build.
            if (config.unstableScope == 'stage' && result.verdict == 'WARN') {
                steps.catchError(buildResult: 'SUCCESS', stageResult: 'UNSTABLE') {
                    steps.error(text)
                }
            } else {
                steps.unstable(text)
            }
        } else {
            steps.echo(text)
        }
        return result
    }
}
