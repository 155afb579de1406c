package dev.aigate.jenkins

import java.nio.file.Files
import java.nio.file.Path
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test

/**
 * Every ```groovy block of the project's documents (README.md, docs/*.md, jenkins-plugin/README.md) runs in the
 * Pipeline harness against the fake CLI: a Jenkinsfile snippet with an unknown parameter, a step that does not exist
 * or a wrong option fails here. Declarative blocks run through small stand-ins for pipeline/stages/steps/when; the
 * steps of other plugins the examples use (checkout, recordIssues, library, stash) are recorded, not run.
 */
class DocsPipelinesTest extends PipelineHarness {
    FakeCli cli
    final List<String> otherSteps = []

    @BeforeEach
    void fakeAgentAndSteps() {
        cli = new FakeCli(this)
        cli.reportDirectory = null // from each command's --report-dir
        agent = { Map call -> call.label?.startsWith('aigate ') || call.script.contains('maven-dependency-plugin')
                ? cli.run(call) : 0 }
        binding.setVariable('scm', [:])
        allow('checkout', [Object]) { Object scm -> otherSteps << 'checkout' }
        allow('sh', [String]) { String script -> otherSteps << "sh ${script}".toString() }
        helper.registerAllowedMethod('sh', [Map]) { Map m -> shell('sh', m) } // allow() replaced it
        allow('recordIssues', [Map]) { Map m -> otherSteps << 'recordIssues' }
        allow('sarif', [Map]) { Map m -> [tool: 'sarif'] + m }
        allow('modernSCM', [Map, Map]) { Map named, Map scm -> [retriever: scm] + named }
        allow('library', [Map]) { Map m -> otherSteps << "library ${m.identifier}".toString() }
        allow('stage', [String, Closure]) { String name, Closure body -> helper.callClosure(body) }
        allow('node', [String, Closure]) { String label, Closure body -> helper.callClosure(body) }
        // A sharded verification's branches: stash and unstash are recorded (ShardsStepTest runs them for real).
        allow('stash', [Map]) { Map m -> otherSteps << "stash ${m.name}".toString() }
        allow('unstash', [String]) { String name -> otherSteps << "unstash ${name}".toString() }
        allow('deleteDir', []) { -> otherSteps << 'deleteDir' }
        declarative()
    }

    /** Just enough of Declarative Pipeline to run the documented examples' stages in order. */
    void declarative() {
        allow('pipeline', [Closure]) { Closure body -> helper.callClosure(body) }
        allow('agent', [Closure]) { Closure body -> null }
        allow('tools', [Closure]) { Closure body -> null }
        allow('stages', [Closure]) { Closure body -> helper.callClosure(body) }
        allow('steps', [Closure]) { Closure body -> helper.callClosure(body) }
        allow('script', [Closure]) { Closure body -> helper.callClosure(body) }
        allow('expression', [Closure]) { Closure body -> helper.callClosure(body) }
        allow('when', [Closure]) { Closure body ->
            if (!helper.callClosure(body)) {
                throw new SkipStage()
            }
        }
        allow('stage', [String, Closure]) { String name, Closure body ->
            try {
                helper.callClosure(body)
            } catch (SkipStage ignored) {
                log << "Stage '${name}' skipped due to when conditional".toString()
            }
        }
    }

    static class SkipStage extends RuntimeException {
    }

    static List<Map> groovyBlocks() {
        Path root = LIBRARY_ROOT.parent
        List<Path> documents = [root.resolve('README.md'), LIBRARY_ROOT.resolve('README.md')]
        root.resolve('docs').toFile().eachFileMatch(~/.*\.md/) { File f -> documents << f.toPath() }
        List<Map> blocks = []
        documents.sort().each { Path document ->
            List<String> lines = document.getText('UTF-8').split('\n', -1) as List
            for (int i = 0; i < lines.size(); i++) {
                if (lines[i] == '```groovy') {
                    int end = (i + 1..<lines.size()).find { lines[it].startsWith('```') }
                    blocks << [where: "${root.relativize(document)}:${i + 1}".toString(),
                               body: lines.subList(i + 1, end).join('\n')]
                    i = end
                }
            }
        }
        return blocks
    }

    @Test
    void everyGroovyBlockOfTheDocsRuns() {
        List<Map> blocks = groovyBlocks()
        assert blocks.size() >= 8
        Files.createDirectories(workspace.resolve('tools'))
        blocks.each { Map block ->
            shellCalls.clear()
            otherSteps.clear()
            buildResult = 'SUCCESS'
            String pipeline = (block.body as String).replace("@Library('aigate') _", '')
            // A jar the snippet names is there, as on an agent set up as the README says.
            (pipeline =~ /cliJar: '([^']+)'/).each { List<String> m ->
                Path jar = workspace.resolve(m[1].replace('\\\\', '\\'))
                Files.createDirectories(jar.parent)
                jar.text = 'jar'
            }
            try {
                runPipeline(pipeline)
            } catch (Throwable e) {
                throw new AssertionError("${block.where} does not run: ${e}\nlog:\n${log.join('\n')}", e)
            }
            assert shellCalls || otherSteps: "${block.where} ran nothing"
            assert buildResult == 'SUCCESS': "${block.where}: build ${buildResult}\n${log.join('\n')}"
        }
        assert cli.commands.containsAll(['gate', 'datasets lock', 'watermark embed', 'signature sign',
                                         'signature verify-files', 'datasets verify'])
    }
}
