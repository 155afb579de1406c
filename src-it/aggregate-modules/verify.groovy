import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('combined the gate reports of 2 module(s): module-a, module-b')

File aggregate = new File(basedir, 'target/aigate-aggregate/aigate-report.json')
assert aggregate.isFile()
assert new File(basedir, 'target/aigate-aggregate/aigate-report.html').isFile()
def report = new JsonSlurper().parse(aggregate, 'UTF-8')
assert report.verdict == 'WARN'
assert report.run.project == 'dev.aigate.it:aggregate-modules:1.0-SNAPSHOT'
assert report.checks*.title == ['[module-a] Dataset integrity and provenance',
                                '[module-b] Dataset integrity and provenance']
assert report.checks*.status == ['PASSED', 'WARNED']
def finding = report.checks[1].findings.find { it.rule == 'datasets/file-modified' }
assert finding.subject.startsWith('module-b/')
assert report.checks[0].inputs.every { it.path.startsWith('module-a/') }

// The module reports themselves are untouched: the aggregate reads them, it does not run the checks again.
def moduleB = new JsonSlurper().parse(new File(basedir, 'module-b/target/aigate/aigate-report.json'), 'UTF-8')
assert moduleB.verdict == 'WARN'
assert moduleB.checks[0].title == 'Dataset integrity and provenance'
