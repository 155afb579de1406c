import groovy.json.JsonSlurper
import java.security.MessageDigest

String sha256(File file) {
    MessageDigest.getInstance('SHA-256').digest(file.bytes).encodeHex().toString()
}

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains("datasets/file-added: data/extra.csv: file added to dataset 'iris' since it was locked")
assert log.contains('org.apache.maven.plugin.MojoFailureException')

def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'FAIL'
def check = report.checks.find { it.id == 'datasets' }
assert check.status == 'FAILED'
def violations = check.findings.findAll { it.violation }
assert violations*.rule == ['datasets/file-added']
def finding = violations[0]
assert finding.subject == 'data/extra.csv'
assert finding.expected == 'not in the dataset'
assert finding.actual.contains(sha256(new File(basedir, 'data/extra.csv')))
assert check.inputs.find { it.path == 'data/extra.csv' }.kind == 'dataset-file'
assert check.metrics.datasets[0].added == ['data/extra.csv']
return true
