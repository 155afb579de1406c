package dev.aigate.jenkins

import java.nio.file.Files
import java.nio.file.Path
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test

/**
 * {@code aigateVerifyDatasets shards: N}: the shards run as parallel branches on agents with the label, each in a
 * workspace of its own, stash their partial results, and the merge runs on the step's own agent.
 */
class ShardsStepTest extends PipelineHarness {
    static final String JAR = 'tools/aigate cli.jar'

    FakeCli cli
    /** The label and workspace of every node the pipeline asked for. */
    final List<Map> nodes = []
    final List<String> branches = []
    final Map<String, Map<String, String>> stashes = [:]

    @BeforeEach
    void agents() {
        cli = new FakeCli(this)
        nodes.clear()
        branches.clear()
        stashes.clear()
        // A shard's CLI writes its partial result where --partials says, relative to the policy's folder.
        agent = { Map call ->
            def shard = call.script =~ /--shard=([0-9]+)\/([0-9]+)/
            if (shard.find()) {
                def policy = call.script =~ /--policy=([^' \n]+)/
                assert policy.find()
                String folder = policy.group(1).contains('/') ? policy.group(1).substring(0,
                        policy.group(1).lastIndexOf('/') + 1) : ''
                Path partial = ((Path) call.cwd).resolve(
                        "${folder}aigate-partials/datasets-shard-${shard.group(1)}-of-${shard.group(2)}.json")
                Files.createDirectories(partial.parent)
                partial.text = "{\"shard\": ${shard.group(1)}}"
            }
            if (call.label == 'fetch') { // the prepare closure of a test brings the CLI jar
                checkoutInto((Path) call.cwd)
                return 0
            }
            cli.run(call)
        }
        workspace.resolve('tools').toFile().mkdirs()
        workspace.resolve(JAR).text = 'jar'
        binding.setVariable('scm', [$class: 'GitSCM'])
        allow('checkout', [Map]) { Map m -> checkoutInto(cwd) }
        allow('node', [String, Closure]) { String label, Closure body -> onNode(label, body) }
        // allow replaces every 'node'; the form without a label is added beside the one with.
        helper.registerAllowedMethod('node', [Closure]) { Closure body -> onNode(null, body) }
        allow('parallel', [Map]) { Map m ->
            m.each { String name, Closure body ->
                branches << name
                helper.callClosure(body)
            }
        }
        allow('stash', [Map]) { Map m ->
            Path file = resolve(m.includes as String)
            assert Files.isRegularFile(file): "stash ${m.name}: ${m.includes} does not exist in ${cwd}"
            stashes[m.name as String] = [(m.includes as String): file.text]
        }
        allow('unstash', [String]) { String name ->
            assert stashes.containsKey(name): "no stash ${name}"
            stashes[name].each { String path, String text ->
                Path file = resolve(path)
                Files.createDirectories(file.parent)
                file.text = text
            }
        }
        allow('deleteDir', []) { -> cwd.toFile().deleteDir() }
    }

    /** What checkout scm brings into a fresh agent workspace: here, the CLI jar the pipeline names. */
    void checkoutInto(Path dir) {
        Files.createDirectories(dir.resolve('tools'))
        dir.resolve(JAR).text = 'jar'
    }

    Object onNode(String label, Closure body) {
        Path previous = cwd
        cwd = Files.createTempDirectory(workspace, 'agent ')
        nodes << [label: label, workspace: cwd]
        try {
            return helper.callClosure(body)
        } finally {
            cwd = previous
        }
    }

    List<Map> runs(String command) {
        return shellCalls.findAll { it.label == "aigate ${command}".toString() }
    }

    @Test
    void shardsRunInParallelOnLabelledAgentsAndMergeHere() {
        cli.reportDirectory = 'aigate-report/datasets'
        Files.createDirectories(workspace.resolve('aigate-partials'))
        workspace.resolve('aigate-partials/datasets-shard-9-of-9.json').text = 'from an earlier build'
        Map result = (Map) runPipeline('''
            return aigateVerifyDatasets(shards: 3, agentLabel: 'hashers', cliJar: 'tools/aigate cli.jar')
        ''')
        assert result.verdict == 'PASS' && buildResult == 'SUCCESS'
        assert branches == ['aigate shard 1/3', 'aigate shard 2/3', 'aigate shard 3/3']
        assert nodes*.label == ['hashers', 'hashers', 'hashers']
        List<Map> shards = runs('datasets verify-shard')
        assert shards*.cwd == nodes*.workspace
        (1..3).each { int k ->
            assert shards[k - 1].script.contains("datasets verify-shard --policy=aigate.yml --no-progress " +
                    "--shard=${k}/3 --partials=aigate-partials")
        }
        assert stashes.keySet() == ['aigate-datasets-shard-1-of-3', 'aigate-datasets-shard-2-of-3',
                                    'aigate-datasets-shard-3-of-3'] as Set
        List<Map> merges = runs('datasets merge')
        assert merges.size() == 1 && merges[0].cwd == workspace
        assert merges[0].script.readLines()[1] == "java -XX:+UseSerialGC -XX:MaxNewSize=128m -jar 'tools/aigate cli.jar' datasets merge " +
                '--policy=aigate.yml --report-dir=aigate-report/datasets --no-progress --partials=aigate-partials'
        // The partial results of this build only, unstashed beside the policy.
        assert workspace.resolve('aigate-partials').toFile().list().sort() == ['datasets-shard-1-of-3.json',
                'datasets-shard-2-of-3.json', 'datasets-shard-3-of-3.json']
        assert publishedBy('junit').size() == 1
    }

    @Test
    void aFailingMergeFailsTheBuildAfterPublishing() {
        cli.reportDirectory = 'aigate-report/datasets'
        cli.report = 'fail'
        cli.status = 1
        PipelineError e = runFailing('''aigateVerifyDatasets(shards: 2, cliJar: 'tools/aigate cli.jar')''')
        assert e.message.startsWith('aigate FAIL: 2 violation(s)')
        assert nodes*.label == [null, null]
        assert publishedBy('junit').size() == 1 && env.AIGATE_VERDICT == 'FAIL'
    }

    @Test
    void aShardThatCannotRunFailsTheStepBeforeAnyMerge() {
        cli.actionStatus = 2
        cli.errors = 'aigate: ERROR: data/train/x.csv: cannot read: Permission denied\n'
        PipelineError e = runFailing('''aigateVerifyDatasets(shards: 2, cliJar: 'tools/aigate cli.jar')''')
        assert e.message.contains('datasets verify-shard') && e.message.contains('Permission denied')
        assert runs('datasets merge').isEmpty()
    }

    @Test
    void prepareReplacesCheckoutInEachBranch() {
        cli.reportDirectory = 'aigate-report/datasets'
        allow('checkout', [Map]) { Map m -> throw new AssertionError('checkout scm was called') }
        runPipeline('''
            aigateVerifyDatasets(shards: 2, agentLabel: 'nfs', cliJar: 'tools/aigate cli.jar',
                                 prepare: { echo 'preparing'; sh(script: 'fetch the data', label: 'fetch') })
        ''')
        assert log.count('preparing') == 2
        assert shellCalls.findAll { it.label == 'fetch' }*.cwd == nodes*.workspace
    }

    @Test
    void aPolicyInAFolderHasItsPartialsThere() {
        cli.reportDirectory = 'aigate-report/datasets'
        allow('checkout', [Map]) { Map m -> checkoutInto(cwd) }
        runPipeline('''
            aigateRun(check: 'datasets', action: 'verify', policy: 'ml/aigate.yml', shards: 2,
                      cliJar: 'tools/aigate cli.jar')
        ''')
        assert stashes['aigate-datasets-shard-2-of-2'].keySet() == ['ml/aigate-partials/datasets-shard-2-of-2.json'] as Set
        assert workspace.resolve('ml/aigate-partials/datasets-shard-1-of-2.json').toFile().isFile()
    }

    @Test
    void shardOptionsAreValidated() {
        [
            "aigateVerifyDatasets(shards: 1, cliJar: 'x')": 'shards must be a whole number from 2 to 1024',
            "aigateVerifyDatasets(shards: '4', cliJar: 'x')": 'shards must be a whole number',
            "aigateVerifyDatasets(shards: 2000, cliJar: 'x')": 'from 2 to 1024',
            "aigateVerifyDatasets(agentLabel: 'x', cliJar: 'x')": 'agentLabel needs shards',
            "aigateVerifyDatasets(prepare: { echo 'x' }, cliJar: 'x')": 'prepare needs shards',
            "aigateVerifyDatasets(shards: 2, prepare: 'checkout', cliJar: 'x')": 'prepare must be a closure',
            "aigate(shards: 4, cliJar: 'x')": "only the datasets check's verify runs in shards",
            "aigateRobustness(shards: 4, cliJar: 'x')": "only the datasets check's verify runs in shards",
            "aigateRun(check: 'datasets', action: 'lock', shards: 4, cliJar: 'x')": 'only the datasets check',
        ].each { String pipeline, String message ->
            PipelineError e = runFailing(pipeline)
            assert e.message.contains(message): "${pipeline}: ${e.message}"
        }
        assert shellCalls.isEmpty()
    }
}
