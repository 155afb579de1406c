import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains("datasets/provenance-missing: dataset 'iris' has no provenance 'approver' recorded in its lock")
assert log.contains('org.apache.maven.plugin.MojoFailureException')

def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'FAIL'
def check = report.checks.find { it.id == 'datasets' }
assert check.status == 'FAILED'
def violations = check.findings.findAll { it.violation }
// Only the missing field: the data is intact and the lock records the policy's (incomplete) provenance.
assert violations*.rule == ['datasets/provenance-missing']
def finding = violations[0]
assert finding.subject == 'data'
assert finding.expected == 'approver recorded'
assert finding.actual == 'missing'
assert check.metrics.datasets[0].unchanged == true
assert check.metrics.datasets[0].provenance.keySet() == ['source', 'license', 'collected'] as Set
return true
