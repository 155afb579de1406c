import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains(':verify-datasets (ai-security-gate)')
assert log.contains("datasets/file-removed: data/test.csv: removed from dataset 'iris' since it was locked")
assert log.contains('org.apache.maven.plugin.MojoFailureException')
assert !new File(basedir, 'data/test.csv').exists()

def lock = new JsonSlurper().parse(new File(basedir, 'aigate-datasets.lock.json'), 'UTF-8')
String lockedSha = lock.datasets[0].files.find { it.path == 'test.csv' }.sha256

def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'FAIL'
assert report.checks*.id == ['datasets']
def check = report.checks[0]
assert check.status == 'FAILED'
def violations = check.findings.findAll { it.violation }
assert violations*.rule == ['datasets/file-removed']
def finding = violations[0]
assert finding.subject == 'data/test.csv'
assert finding.expected.contains(lockedSha)
assert finding.actual == 'missing'
assert check.metrics.datasets[0].removed == ['data/test.csv']
return true
