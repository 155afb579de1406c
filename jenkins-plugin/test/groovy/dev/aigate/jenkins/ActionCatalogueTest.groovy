package dev.aigate.jenkins

import static dev.aigate.jenkins.Failures.shouldFail

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.util.concurrent.TimeUnit
import org.junit.jupiter.api.Test

/**
 * The action catalogue the library ships is the CLI's, every action in it can be run by {@code aigateRun}, and the
 * real CLI accepts every command line the library builds for it. The options map becomes the CLI's options.
 */
class ActionCatalogueTest {
    static final Class CATALOGUE = LibraryClasses.load('ActionCatalogue')
    static final Class CONFIG = LibraryClasses.load('GateConfig')
    static final Class CLI = LibraryClasses.load('CliCommand')
    static final Path RESOURCE = PipelineHarness.LIBRARY_ROOT.resolve('resources/dev/aigate/jenkins/actions.json')
    static final String REGENERATE = 'mvn -B -o -q package -DskipTests -pl cli -am && java -jar ' +
            'cli/target/aigate-cli-*-all.jar actions --format json > jenkins-plugin/resources/dev/aigate/jenkins/' +
            'actions.json'

    static Map catalogue() {
        return (Map) CATALOGUE.parse(RESOURCE.getText('UTF-8'))
    }

    static Map entry(String check, String action) {
        return (Map) CATALOGUE.find(catalogue(), check, action)
    }

    static Map arguments(String check, String action, Map options) {
        return (Map) CATALOGUE.arguments(entry(check, action), options)
    }

    static String rejection(String check, String action, Object options) {
        return shouldFail(IllegalArgumentException) { CATALOGUE.arguments(entry(check, action), options) }.message
    }

    /** A value of each kind for every option of an action (a key as a file or, with keyEnv, a variable). */
    static Map sampleOptions(Map action, boolean keyEnv) {
        Map options = [:]
        action.options.each { Map option ->
            switch (option.kind) {
                case 'FLAG': options[option.name] = true; break
                case 'NUMBER': options[option.name] = 0.5; break
                case 'INTEGER': options[option.name] = 3; break
                case 'PATHS': options[option.name] = ['a model.bin', '-leading-dash.bin']; break
                case 'LIST': options[option.name] = ['one', 'two']; break
                case 'KEY':
                    options[keyEnv ? "${option.name}Env" : "${option.name}File"] = keyEnv ? 'AIGATE_NO_SUCH_KEY'
                            : 'keys/no such.key'
                    break
                case 'PATH': options[option.name] = 'no such dir/file.bin'; break
                default: options[option.name] = 'sample'
            }
        }
        return options
    }

    /** aigateRun's parameters for an action, with every option given and, for one that judges, its report options. */
    static Map runParameters(List<String> command, Path project, boolean keyEnv) {
        Map action = entry(command[0], command[1])
        Map args = [check: command[0], action: command[1], policy: project.resolve('aigate.yml').toString(),
                    threads: 1, options: sampleOptions(action, keyEnv)]
        if (action.judges) {
            args += [reportDirectory: project.resolve("reports/${command.join('-')}").toString(), failOn: 'high',
                     project: 'sample project']
        }
        if (command[1] == 'verify') {
            args.overrides = [(command[0] + ".noSuchKey"): 1]
        }
        return args
    }

    @Test
    void theCommittedCatalogueIsTheClisOutput() {
        String jar = Paths.get(System.getProperty('aigate.cli.jar')).toAbsolutePath().toString()
        ProcessBuilder builder = new ProcessBuilder(Paths.get(System.getProperty('java.home'), 'bin', 'java').toString(),
                '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-jar', jar, 'actions', '--format', 'json')
        Process process = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start()
        String output = process.inputStream.getText('UTF-8')
        assert process.waitFor(120, TimeUnit.SECONDS) && process.exitValue() == 0
        String committed = RESOURCE.getText('UTF-8')
        assert committed.replace('\r\n', '\n').trim() == output.replace('\r\n', '\n').trim():
                "jenkins-plugin/resources/dev/aigate/jenkins/actions.json is not what the CLI lists; regenerate it " +
                "from the repository root with:\n  ${REGENERATE}"
    }

    @Test
    void everyActionOfTheCatalogueBuildsItsCommandLine() {
        Path project = Paths.get('/work/project')
        List<List<String>> commands = CATALOGUE.commands(catalogue())
        assert commands.containsAll([['datasets', 'verify'], ['datasets', 'lock'], ['watermark', 'embed'],
                                     ['signature', 'verify-files'], ['compliance', 'init']])
        commands.each { List<String> command ->
            Map action = entry(command[0], command[1])
            def config = CONFIG.parseRun(runParameters(command, project, false), catalogue())
            assert config.judges == action.judges && config.command() == command.join(' ')
            List<String> args = CLI.commandArgs(config)
            assert args.take(3) == command + ["--policy=${project.resolve('aigate.yml')}".toString()]
            assert args.contains('--threads=1') && args.contains('--no-progress')
            assert action.judges == args.any { it.startsWith('--report-dir=') }
            action.options.each { Map option ->
                String flag = '--' + CATALOGUE.kebab(option.name + (option.kind == 'KEY' ? 'File' : ''))
                if (option.kind == 'PATHS') {
                    assert args.takeRight(3) == ['--', 'a model.bin', '-leading-dash.bin']
                } else {
                    assert args.any { it == flag || it.startsWith("${flag}=") }: "${command}: no ${flag} in ${args}"
                }
            }
        }
    }

    /**
     * Runs the real CLI (in this JVM, from its jar, in a class loader of its own) on every command line the
     * library builds: whatever the core then says about the sample values, the command line must parse.
     */
    @Test
    void theRealCliAcceptsEveryCommandLineTheLibraryBuilds() {
        Path project = Files.createTempDirectory('aigate actions ')
        URLClassLoader loader = new URLClassLoader([Paths.get(System.getProperty('aigate.cli.jar')).toUri().toURL()]
                as URL[], ClassLoader.platformClassLoader)
        try {
            Class cli = loader.loadClass('dev.aigate.cli.AigateCommand')
            List<String> checked = []
            CATALOGUE.commands(catalogue()).each { List<String> command ->
                Map action = entry(command[0], command[1])
                List<Boolean> variants = action.options.any { it.kind == 'KEY' } ? [false, true] : [false]
                variants.each { boolean keyEnv ->
                    def config = CONFIG.parseRun(runParameters(command, project, keyEnv), catalogue())
                    List<String> args = CLI.commandArgs(config)
                    StringWriter out = new StringWriter()
                    StringWriter err = new StringWriter()
                    int status = cli.execute(args as String[], new PrintWriter(out, true), new PrintWriter(err, true))
                    String text = err.toString()
                    assert status in [0, 1, 2]
                    assert !text.contains('Usage: ') && !text.contains('Unknown option') &&
                            !text.contains('Unmatched argument'): "the CLI did not accept ${args}:\n${text}"
                    checked << args.take(2).join(' ')
                }
            }
            assert checked.unique().size() == CATALOGUE.commands(catalogue()).size()
        } finally {
            loader.close()
            project.toFile().deleteDir()
        }
    }

    @Test
    void optionsBecomeTheClisOptionsInItsSpelling() {
        Map parsed = arguments('watermark', 'embed', [in: 'model/a b.onnx', keyEnv: 'AIGATE_KEY_FILE',
                minElements: 16, maxCarrierFraction: 0.25, strength: 1e-9, include: ['*.weight', '*.bias'],
                exclude: 'x,y', payload: null])
        assert parsed.arguments == ['--in=model/a b.onnx', '--key-env=AIGATE_KEY_FILE', '--min-elements=16',
                                    '--max-carrier-fraction=0.25', '--strength=0.000000001', '--include=*.weight',
                                    '--include=*.bias', '--exclude=x,y']
        assert parsed.operands == []
        assert arguments('signature', 'keygen', [out: 'keys/release', force: true]).arguments ==
                ['--out=keys/release', '--force']
        assert arguments('signature', 'keygen', [out: 'keys/release', force: 'false']).arguments == ['--out=keys/release']
        Map sign = arguments('signature', 'sign', [keyFile: 'keys/release.key', paths: ['model', '-odd name.onnx']])
        assert sign.arguments == ['--key-file=keys/release.key'] && sign.operands == ['model', '-odd name.onnx']
        assert arguments('signature', 'sign', [paths: 'one file.onnx']).operands == ['one file.onnx']
        assert arguments('datasets', 'lock', null) == [arguments: [], operands: []]
        assert CATALOGUE.kebab('maxFalsePositive') == 'max-false-positive' && CATALOGUE.kebab('out') == 'out'
    }

    @Test
    void badOptionsAreErrorsNamingTheActionAndItsOptions() {
        assert rejection('watermark', 'embed', [kye: 'x']) == 'options: watermark embed has no option kye; its ' +
                'options: in, out, keyFile, keyEnv, payload, carriers, strength, minElements, maxCarrierFraction, ' +
                'include, exclude'
        assert rejection('datasets', 'lock', [force: true]) == 'options: datasets lock has no option force; it ' +
                'takes none'
        assert rejection('watermark', 'embed', [key: 'x']).contains('has no option key; its options: in, out, keyFile')
        assert rejection('watermark', 'verify-file', [model: 'm.onnx']) == 'options: watermark verify-file needs ' +
                'keyFile or keyEnv'
        assert rejection('signature', 'verify-files', [:]) == 'options: signature verify-files needs paths'
        assert rejection('watermark', 'embed', [keyFile: 'a', keyEnv: 'B']) == 'options: give keyFile or keyEnv for ' +
                'watermark embed, not both'
        assert rejection('signature', 'keygen', [out: 'k', force: 'yes']).contains('force of signature keygen is a flag')
        assert rejection('signature', 'keygen', [out: ['a', 'b']]).contains('out of signature keygen takes one value')
        assert rejection('signature', 'keygen', [out: ' ']).contains('out of signature keygen must not be empty')
        assert rejection('signature', 'keygen', [out: 'a\nb']).contains('line breaks')
        assert rejection('signature', 'sign', [paths: []]).contains('paths of signature sign must not be an empty list')
        assert rejection('signature', 'sign', 'paths=x') == "options must be a map such as [keyEnv: 'AIGATE_KEY_FILE']"
    }

    @Test
    void anUnknownCheckOrActionNamesTheKnownOnes() {
        String check = shouldFail(IllegalArgumentException) { CATALOGUE.find(catalogue(), 'model', 'scan') }.message
        assert check.startsWith("no check named 'model' (known: datasets, ")
        String action = shouldFail(IllegalArgumentException) { CATALOGUE.find(catalogue(), 'datasets', 'unlock') }
                .message
        assert action == "check 'datasets' has no action 'unlock' (its actions: verify, lock, verify-shard, merge)"
    }

    @Test
    void onlyACatalogueOfTheKnownVersionIsRead() {
        assert shouldFail(IllegalArgumentException) { CATALOGUE.parse('{"catalogueVersion": 2, "checks": []}') }
                .message.contains('is not an action catalogue of version 1')
        assert shouldFail(IllegalArgumentException) { CATALOGUE.parse('{"checks": ') }.message.contains('is not JSON')
        assert shouldFail(IllegalArgumentException) { CATALOGUE.parse('') }.message.contains('is not JSON')
    }
}
