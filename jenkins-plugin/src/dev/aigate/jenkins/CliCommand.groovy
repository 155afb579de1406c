package dev.aigate.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * Builds the aigate and Maven command lines and the {@code sh} / {@code bat} scripts that run them.
 *
 * <p>Every argument is quoted for the agent's shell: single quotes for {@code sh}; double quotes for {@code bat},
 * where {@code %} is doubled and characters that cmd.exe cannot carry inside quotes are rejected. Secrets never
 * appear here: key files reach the CLI through environment variables bound by {@code withCredentials}.
 */
class CliCommand implements Serializable {
    private static final long serialVersionUID = 1L

    /** The report files the CLI writes (or will write) into the report directory, by publishing kind. */
    static final Map<String, String> REPORT_FILES = [
        json: 'aigate-report.json',
        junit: 'aigate-junit.xml',
        summary: 'aigate-summary.md',
        html: 'aigate-report.html',
        sarif: 'aigate-report.sarif',
    ]

    static final String CLI_GROUP_ID = 'dev.aigate'
    static final String CLI_ARTIFACT_ID = 'aigate-cli'
    static final String DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy'
    static final String DEPENDENCY_GET = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get'
    /** Where the output of actions that make something is kept (relative to the current directory). */
    static final String RUN_DIRECTORY = '.aigate/run'

    private static final String SH_PLAIN = /[A-Za-z0-9_@%+=:,.\/-]+/
    private static final String BAT_PLAIN = /[A-Za-z0-9_+:.\/\\-]+/

    /**
     * The CLI arguments for this configuration: {@code gate ...}, or {@code <check> <action> ...} with the action's
     * options, the free {@code extraArgs}, and the operands last, after {@code --}.
     */
    @NonCPS
    static List<String> commandArgs(GateConfig c) {
        List<String> args = c.checkId == null ? ['gate'] : [c.checkId, c.action]
        args << "--policy=${c.policy}".toString()
        if (c.judges) {
            args << "--report-dir=${c.reportDirectory}".toString()
        }
        if (c.failOn != null) {
            args << "--fail-on=${c.failOn}".toString()
        }
        if (c.checks) {
            args << "--checks=${c.checks.join(',')}".toString()
        }
        if (c.skipChecks) {
            args << "--skip-checks=${c.skipChecks.join(',')}".toString()
        }
        if (c.threads != null) {
            args << "--threads=${c.threads}".toString()
        }
        if (c.project != null) {
            args << "--project=${c.project}".toString()
        }
        c.overrides.each { k, v -> args << "--set=${k}=${v}".toString() }
        if (!c.progress) {
            args << '--no-progress'
        }
        args.addAll(c.actionArgs)
        args.addAll(c.extraArgs)
        if (c.operands) {
            args << '--'
            args.addAll(c.operands)
        }
        return args
    }

    /** {@code java [options] -jar JAR gate ...} (or {@code <check> <action> ...}). */
    @NonCPS
    static List<String> javaArgv(GateConfig c, String jar) {
        List<String> argv = [c.javaCommand]
        argv.addAll(c.javaOptions)
        argv.addAll(['-jar', jar])
        argv.addAll(commandArgs(c))
        return argv
    }

    /** Where {@link #mavenArgv} puts the CLI jar of a version. */
    @NonCPS
    static String resolvedJar(GateConfig c, String version) {
        if (c.mavenRepository != null) {
            // Fetched into a local repository of its own, where the jar's path is known (see mavenArgv).
            return "${c.cliDirectory}/repository/${CLI_GROUP_ID.replace('.', '/')}/${CLI_ARTIFACT_ID}/${version}/" +
                    "${CLI_ARTIFACT_ID}-${version}-all.jar"
        }
        return "${c.cliDirectory}/${CLI_ARTIFACT_ID}-${version}-all.jar"
    }

    /**
     * {@code mvn dependency:copy} of {@code dev.aigate:aigate-cli:VERSION:jar:all} into the CLI directory. With a
     * {@code mavenRepository}, {@code dependency:get} fetches it from there into a local repository under the CLI
     * directory instead: {@code copy} would refuse an artifact that came from a repository its settings do not list
     * (the local repository records where each artifact came from), and a repository of its own puts the jar at a
     * known path.
     */
    @NonCPS
    static List<String> mavenArgv(GateConfig c, String version) {
        List<String> argv = [c.mavenCommand, '-B', '-q']
        argv.addAll(c.mavenArgs)
        String artifact = "${CLI_GROUP_ID}:${CLI_ARTIFACT_ID}:${version}:jar:all"
        if (c.mavenRepository != null) {
            argv.addAll(["-Dmaven.repo.local=${c.cliDirectory}/repository".toString(), DEPENDENCY_GET,
                         "-DremoteRepositories=${remoteRepository(c.mavenRepository)}".toString(),
                         "-Dartifact=${artifact}".toString(), '-Dtransitive=false'])
            return argv
        }
        argv.addAll([DEPENDENCY_PLUGIN,
                "-Dartifact=${artifact}".toString(),
                "-DoutputDirectory=${c.cliDirectory}".toString(),
                '-Dmdep.useBaseVersion=true',
                '-Dmdep.overWriteSnapshots=true'])
        return argv
    }

    /** {@code ID::URL} as dependency:get spells it ({@code ID::default::URL}); a bare URL stays as it is. */
    @NonCPS
    static String remoteRepository(String repository) {
        int separator = repository.indexOf('::')
        return separator < 0 ? repository
                : "${repository.substring(0, separator)}::default::${repository.substring(separator + 2)}".toString()
    }

    /** A path of a report file as the publishing steps see it: relative to the current directory. */
    @NonCPS
    static String reportPath(String reportDirectory, String file) {
        return reportDirectory.endsWith('/') || reportDirectory.endsWith('\\') ? reportDirectory + file
                : "${reportDirectory}/${file}".toString()
    }

    /**
     * Whether publishing must happen inside {@code dir(reportDirectory)}: archive patterns and report directories
     * of the publishing steps are relative to the current directory and cannot be absolute or climb out of it.
     */
    @NonCPS
    static boolean publishInside(String reportDirectory) {
        String d = reportDirectory.replace('\\', '/')
        return d.startsWith('/') || d ==~ /[A-Za-z]:.*/ || d.split('/').contains('..')
    }

    /** The kinds of {@link #REPORT_FILES}, as a list. */
    @NonCPS
    static List<String> reportKinds() {
        return new ArrayList<String>(REPORT_FILES.keySet())
    }

    /** The key file bindings as [variable, credentials id] pairs, in a CPS-safe list. */
    @NonCPS
    static List<List<String>> keyBindings(GateConfig c) {
        return c.keyFiles.collect { k, v -> [k, v] }
    }

    /** The bare file names of report paths, for publishing inside the report directory. */
    @NonCPS
    static Map<String, String> fileNames(Map<String, String> reports) {
        Map<String, String> out = [:]
        reports.each { kind, path -> out[kind] = REPORT_FILES[kind] }
        return out
    }

    /** The {@code sh} script: removes stale reports, then runs the command; its status is the script's. */
    @NonCPS
    static String shScript(List<String> argv, String reportDirectory) {
        List<String> stale = REPORT_FILES.values().collect { shQuote(reportPath(reportDirectory, it)) }
        return "rm -f -- ${stale.join(' ')}\n${shCommand(argv)}\n"
    }

    /** The {@code sh} script that runs Maven. */
    @NonCPS
    static String shScript(List<String> argv) {
        return shCommand(argv) + '\n'
    }

    /**
     * Where the {@code sh} / {@code bat} script of an action that makes something keeps the CLI's standard output and
     * (unless progress is shown) standard error, for the step's result and error message: relative to the current
     * directory, one pair of files per action, replaced by every run.
     */
    @NonCPS
    static Map<String, String> outputFiles(GateConfig c) {
        String base = "${RUN_DIRECTORY}/${c.checkId}-${c.action}"
        Map<String, String> files = [out: "${base}.out".toString()]
        if (!c.progress) {
            files.err = "${base}.err".toString()
        }
        return files
    }

    /**
     * The {@code sh} script of an action that makes something: the CLI's output goes to the files of
     * {@link #outputFiles} and then to the log; the script's status is the CLI's.
     */
    @NonCPS
    static String shActionScript(List<String> argv, Map<String, String> files) {
        String out = shQuote(files.out)
        String err = files.err == null ? null : shQuote(files.err)
        List<String> lines = ["mkdir -p -- ${shQuote(RUN_DIRECTORY)}".toString(),
                              "rm -f -- ${files.values().collect { shQuote(it) }.join(' ')}".toString(),
                              'status=0',
                              "${shCommand(argv)} >${out}${err == null ? '' : " 2>${err}"} || status=\$?".toString(),
                              "cat -- ${out}".toString()]
        if (err != null) {
            lines << "cat -- ${err} >&2".toString()
        }
        lines << 'exit "$status"'
        return lines.join('\n') + '\n'
    }

    /** The {@code bat} script of an action that makes something, as {@link #shActionScript}. */
    @NonCPS
    static String batActionScript(List<String> argv, Map<String, String> files) {
        String directory = batPath(RUN_DIRECTORY)
        String out = batPath(files.out)
        String err = files.err == null ? null : batPath(files.err)
        List<String> lines = ["@if not exist ${directory} mkdir ${directory}".toString()]
        files.values().each { String path ->
            lines << "@if exist ${batPath(path)} del /f /q ${batPath(path)}".toString()
        }
        lines << "${argv.collect { batQuote(it, false) }.join(' ')} >${out}${err == null ? '' : " 2>${err}"}".toString()
        lines << '@set AIGATE_STATUS=%ERRORLEVEL%'
        lines << "@type ${out}".toString()
        if (err != null) {
            lines << "@type ${err} 1>&2".toString()
        }
        lines << '@exit /b %AIGATE_STATUS%'
        return lines.join('\r\n') + '\r\n'
    }

    @NonCPS
    private static String batPath(String path) {
        return batQuote(path.replace('/', '\\'), false)
    }

    /** One command line; a first word with {@code =} is quoted so the shell does not take it for an assignment. */
    @NonCPS
    private static String shCommand(List<String> argv) {
        List<String> words = argv.collect { shQuote(it) }
        if (words[0] == argv[0] && argv[0].contains('=')) {
            words[0] = "'${argv[0]}'".toString()
        }
        return words.join(' ')
    }

    /** The {@code bat} script: removes stale reports, then runs the command and exits with its status. */
    @NonCPS
    static String batScript(List<String> argv, String reportDirectory) {
        StringBuilder script = new StringBuilder()
        REPORT_FILES.values().each { name ->
            String path = batQuote(reportPath(reportDirectory, name).replace('/', '\\'), false)
            script.append("@if exist ${path} del /f /q ${path}\r\n")
        }
        script.append(argv.collect { batQuote(it, false) }.join(' ')).append('\r\n')
        script.append('@exit /b %ERRORLEVEL%\r\n')
        return script.toString()
    }

    /** The {@code bat} script that runs Maven: {@code mvn} is a batch file, so it needs {@code call}. */
    @NonCPS
    static String batScript(List<String> argv) {
        return "call ${argv.collect { batQuote(it, true) }.join(' ')}\r\n@exit /b %ERRORLEVEL%\r\n"
    }

    /** Quotes one argument for a POSIX shell; plain words stay as they are for a readable log. */
    @NonCPS
    static String shQuote(String s) {
        if (s ==~ SH_PLAIN) {
            return s
        }
        return "'" + s.replace("'", "'\"'\"'") + "'"
    }

    /**
     * Quotes one argument for a Windows batch script and the C runtime's argument parser: inside double quotes
     * {@code & | < > ^} are literal; {@code %} is doubled (or, after {@code call}, which expands twice, rejected);
     * a trailing backslash is doubled so it does not escape the closing quote. A double quote cannot be carried
     * reliably through cmd.exe and is rejected.
     *
     * @throws IllegalArgumentException for a character that cannot be passed safely
     */
    @NonCPS
    static String batQuote(String s, boolean afterCall) {
        if (s.contains('"')) {
            throw new IllegalArgumentException("cannot pass a double quote to a Windows command: ${s}")
        }
        if (afterCall && (s.contains('%') || s.contains('^'))) {
            throw new IllegalArgumentException("cannot pass % or ^ to a Windows batch command: ${s}")
        }
        if (s ==~ BAT_PLAIN) {
            return s
        }
        String body = s.replace('%', '%%')
        int trailing = 0
        while (trailing < body.length() && body.charAt(body.length() - 1 - trailing) == '\\' as char) {
            trailing++
        }
        return '"' + body + ('\\' * trailing) + '"'
    }
}
