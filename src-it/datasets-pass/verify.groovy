import groovy.json.JsonSlurper
import java.security.MessageDigest

String sha256(File file) {
    MessageDigest.getInstance('SHA-256').digest(file.bytes).encodeHex().toString()
}

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('verdict PASS')

File reportDir = new File(basedir, 'target/aigate')
File reportFile = new File(reportDir, 'aigate-report.json')
assert reportFile.isFile()
assert new File(reportDir, 'aigate-junit.xml').isFile()
assert new File(reportDir, 'aigate-summary.md').isFile()

def report = new JsonSlurper().parse(reportFile, 'UTF-8')
assert report.schemaVersion ==~ /1\.[0-9]+/ : 'readers accept any 1.x report'
assert report.verdict == 'PASS'
assert report.run.project == 'dev.aigate.it:datasets-pass:1.0-SNAPSHOT'
assert report.policy.failOn == 'high'
assert report.policy.failOnSource == 'policy'
assert report.policy.sha256 == sha256(new File(basedir, 'aigate.yml'))
assert report.summary.failing == 0
assert report.checks*.id == ['datasets']

def check = report.checks[0]
assert check.status == 'PASSED'
assert check.findings.findAll { it.violation }.isEmpty()

def files = check.inputs.findAll { it.kind == 'dataset-file' }
assert files*.path.sort() == ['data/test.csv', 'data/train.csv']
files.each { input ->
    File file = new File(basedir, input.path)
    assert input.sha256 == sha256(file)
    assert input.size == file.length()
}
def lock = check.inputs.find { it.kind == 'dataset-lock' }
assert lock.path == 'aigate-datasets.lock.json'
assert lock.sha256 == sha256(new File(basedir, 'aigate-datasets.lock.json'))
assert check.metrics.datasets[0].unchanged == true
return true
