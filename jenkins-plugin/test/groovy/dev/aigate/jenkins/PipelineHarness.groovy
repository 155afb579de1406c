package dev.aigate.jenkins

import static com.lesfurets.jenkins.unit.global.lib.LibraryConfiguration.library

import com.lesfurets.jenkins.unit.BasePipelineTest
import com.lesfurets.jenkins.unit.cps.PipelineTestHelperCPS
import com.lesfurets.jenkins.unit.global.lib.SourceRetriever
import groovy.json.JsonSlurperClassic
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.TestInstance

/**
 * A Jenkins agent and controller, as far as the aigate steps see them, on top of JenkinsPipelineUnit.
 *
 * <p>The library is loaded from this module (vars/, src/, resources/) as an implicit Global Pipeline Library.
 * The workspace is a real temporary directory whose name has a space; {@code dir} changes the current directory,
 * {@code fileExists}, {@code readFile} and {@code readJSON} read real files, and the publishing steps check that
 * what they are given exists. {@code sh} and {@code bat} call {@link #agent}: unit tests plug in a fake CLI, the
 * end-to-end tests a real shell. {@code error} throws {@link PipelineError}; a run that ends with it is a
 * FAILURE, as in Jenkins.
 *
 * <p>One instance serves all tests of a class, so the library is compiled once per class; every test gets a
 * fresh workspace, binding, call stack and set of steps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PipelineHarness extends BasePipelineTest {
    public static final Path LIBRARY_ROOT = Paths.get(System.getProperty('aigate.library.root', '.')).toAbsolutePath()
    public static final String SECRET = 'TOP-SECRET-KEY-MATERIAL-0123456789'

    Path workspace
    Path cwd
    Path scripts
    Path secretFile
    boolean unix = true
    /** Runs an {@code sh} or {@code bat} call and returns its exit status. */
    Closure<Integer> agent = { Map call -> 0 }

    final List<Map> shellCalls = []
    final List<Map> published = []
    final List<String> log = []
    String buildResult = 'SUCCESS'
    String stageResult = 'SUCCESS'
    Map<String, String> env = [:]
    private int pipelines

    PipelineHarness() {
        if (cps()) {
            helper = new PipelineTestHelperCPS()
        }
    }

    /** Whether to compile the library and the pipelines with Jenkins' CPS transformation. */
    boolean cps() {
        return false
    }

    @BeforeEach
    void setUpHarness() throws Exception {
        workspace = Files.createTempDirectory('aigate ws ')
        cwd = workspace
        secretFile = Files.createTempFile('aigate-key', '.bin')
        secretFile.text = SECRET
        [shellCalls, published, log].each { it.clear() }
        buildResult = 'SUCCESS'
        stageResult = 'SUCCESS'
        env = [:]
        unix = true
        agent = { Map call -> 0 }
        if (scripts == null) {
            scripts = Files.createTempDirectory('aigate-pipelines')
            scriptRoots = [scripts.toString()] as String[]
            scriptExtension = 'groovy'
            super.setUp()
            helper.registerSharedLibrary(library().name('aigate').defaultVersion('test').implicit(true)
                    .allowOverride(false).targetPath(LIBRARY_ROOT.toString())
                    .retriever(new ModuleSource(LIBRARY_ROOT)).build())
        }
        helper.clearCallStack()
        binding = new Binding()
        binding.setVariable('currentBuild', [result: 'SUCCESS'])
        binding.setVariable('env', env)
        registerSteps()
    }

    @AfterEach
    void tearDownHarness() {
        workspace.toFile().deleteDir()
        Files.deleteIfExists(secretFile)
    }

    @AfterAll
    void deletePipelines() {
        scripts?.toFile()?.deleteDir()
    }

    void registerSteps() {
        allow('isUnix', []) { -> unix }
        allow('sh', [Map]) { Map m -> shell('sh', m) }
        allow('bat', [Map]) { Map m -> shell('bat', m) }
        allow('echo', [Object]) { Object m -> log << m.toString() }
        allow('error', [Object]) { Object m ->
            log << "ERROR: ${m}".toString()
            throw new PipelineError(m.toString())
        }
        allow('unstable', [Object]) { Object m ->
            log << "WARNING: ${m}".toString()
            worsen('UNSTABLE')
            stageResult = 'UNSTABLE'
        }
        allow('catchError', [Map, Closure]) { Map m, Closure body ->
            try {
                helper.callClosure(body)
            } catch (PipelineError e) {
                stageResult = m.stageResult ?: 'FAILURE'
                worsen(m.buildResult ?: 'FAILURE')
            }
        }
        allow('dir', [String, Closure]) { String path, Closure body ->
            Path previous = cwd
            cwd = resolve(path)
            Files.createDirectories(cwd)
            try {
                return helper.callClosure(body)
            } finally {
                cwd = previous
            }
        }
        allow('fileExists', [String]) { String path -> Files.isRegularFile(resolve(path)) }
        allow('readFile', [Map]) { Map m -> resolve(m.file as String).getText(m.encoding as String ?: 'UTF-8') }
        allow('readJSON', [Map]) { Map m -> new JsonSlurperClassic().parse(resolve(m.file as String).toFile(), 'UTF-8') }
        allow('file', [Map]) { Map m -> [$class: 'FileBinding'] + m }
        allow('withCredentials', [List, Closure]) { List bindings, Closure body ->
            bindings.each { Map b -> env[b.variable as String] = secretFile.toString() }
            try {
                return helper.callClosure(body)
            } finally {
                bindings.each { Map b -> env.remove(b.variable as String) }
            }
        }
        allow('junit', [Map]) { Map m -> publishedFiles('junit', m, [m.testResults as String]) }
        allow('archiveArtifacts', [Map]) { Map m ->
            publishedFiles('archiveArtifacts', m, (m.artifacts as String).split(',') as List)
        }
        allow('publishHTML', [Map]) { Map m ->
            Map target = m.target as Map
            publishedFiles('publishHTML', m, ["${target.reportDir}/${target.reportFiles}".toString()])
        }
    }

    /** Makes a step unknown, as when its plugin is not installed. */
    void uninstall(String step) {
        helper.allowedMethodCallbacks.keySet().removeAll { it.name == step }
    }

    /** Registers a step, replacing JenkinsPipelineUnit's default of the same name. */
    void allow(String name, List<Class> args, Closure body) {
        uninstall(name)
        helper.registerAllowedMethod(name, args, body)
    }

    int shell(String kind, Map m) {
        Map call = [kind: kind, script: m.script as String, label: m.label, returnStatus: m.returnStatus, cwd: cwd,
                    env: new LinkedHashMap<String, String>(env)]
        shellCalls << call
        return agent.call(call)
    }

    void publishedFiles(String step, Map args, List<String> files) {
        files.each { String f ->
            assert Files.isRegularFile(resolve(f)): "${step} was given ${f}, which does not exist in ${cwd}"
        }
        published << [step: step, args: args, cwd: cwd]
    }

    void worsen(String result) {
        List<String> order = ['SUCCESS', 'UNSTABLE', 'FAILURE']
        if (order.indexOf(result) > order.indexOf(buildResult)) {
            buildResult = result
        }
    }

    Path resolve(String path) {
        return cwd.resolve(path).normalize()
    }

    /**
     * Runs a Jenkinsfile (scripted Pipeline) and returns its value. An error(...) that escapes makes the build a
     * FAILURE and is rethrown.
     */
    Object runPipeline(String jenkinsfile) {
        Path file = scripts.resolve("Jenkinsfile${pipelines++}.groovy")
        file.text = jenkinsfile
        try {
            return runScript(file.toString())
        } catch (PipelineError e) {
            buildResult = 'FAILURE'
            throw e
        }
    }

    /** Runs a Jenkinsfile that is expected to end with error(...), and returns that error. */
    PipelineError runFailing(String jenkinsfile) {
        try {
            runPipeline(jenkinsfile)
        } catch (PipelineError e) {
            return e
        }
        throw new AssertionError('the pipeline did not fail; log:\n' + log.join('\n'))
    }

    List<Map> publishedBy(String step) {
        return published.findAll { it.step == step }
    }

    /** Everything a user could see in the build log or the script text. */
    String visibleText() {
        return (log + shellCalls.collect { it.script as String } + published.collect { it.args.toString() })
                .join('\n')
    }

    /** A copy of the example project (lock, policy and data) under the workspace. */
    Path copyExample(String name) {
        Path source = Paths.get(System.getProperty('aigate.example.project'))
        Path target = workspace.resolve(name)
        // The whole example project (whatever checks its policy enables) except its build output.
        source.toFile().eachFile { File file ->
            if (file.name != 'target') {
                copyTree(file.toPath(), target.resolve(file.name))
            }
        }
        return target
    }

    static void copyTree(Path from, Path to) {
        if (Files.isDirectory(from)) {
            Files.createDirectories(to)
            from.toFile().eachFile { copyTree(it.toPath(), to.resolve(it.name)) }
        } else {
            Files.createDirectories(to.parent)
            Files.copy(from, to)
        }
    }

    /** The error(...) a pipeline ended with. */
    static class PipelineError extends RuntimeException {
        PipelineError(String message) {
            super(message)
        }
    }

    /** Serves this module as the library's source, like a Global Pipeline Library from SCM. */
    static class ModuleSource implements SourceRetriever {
        final Path root

        ModuleSource(Path root) {
            this.root = root
        }

        @Override
        List<URL> retrieve(String repository, String branch, String targetPath) {
            return [root.toUri().toURL()]
        }
    }
}
