import groovy.json.JsonSlurper
import java.security.MessageDigest

String sha256(File file) {
    MessageDigest.getInstance('SHA-256').digest(file.bytes).encodeHex().toString()
}

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('aigate gate FAILED: 1 violation(s) at or above high')
assert log.contains("datasets/file-modified: data/train.csv: modified since dataset 'iris' was locked")
assert log.contains('org.apache.maven.plugin.MojoFailureException')
assert !log.contains('aigate could not evaluate')

def lock = new JsonSlurper().parse(new File(basedir, 'aigate-datasets.lock.json'), 'UTF-8')
String lockedSha = lock.datasets[0].files.find { it.path == 'train.csv' }.sha256
String currentSha = sha256(new File(basedir, 'data/train.csv'))
assert lockedSha != currentSha

def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'FAIL'
assert report.summary.failing == 1
def check = report.checks.find { it.id == 'datasets' }
assert check.status == 'FAILED'
def violations = check.findings.findAll { it.violation }
assert violations.size() == 1
def finding = violations[0]
assert finding.rule == 'datasets/file-modified'
assert finding.severity == 'high'
assert finding.subject == 'data/train.csv'
assert finding.expected.contains(lockedSha)
assert finding.actual.contains(currentSha)
assert finding.expected != finding.actual
assert finding.remediation
assert finding.waiver == null
assert check.metrics.datasets[0].modified == ['data/train.csv']
assert check.metrics.datasets[0].unchanged == false
return true
