import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log =~ /(?m)^\[WARNING\] +\[HIGH\] datasets\/file-modified: data\/train\.csv: modified since/
assert log =~ /(?m)^\[WARNING\] verdict WARN \(1 high\)/
assert log.contains('failing level critical')
assert !log.contains('(overridden)')

def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'WARN'
assert report.policy.failOn == 'critical'
assert report.policy.failOnSource == 'policy'
assert report.summary.failing == 0
assert report.summary.violations.high == 1
def check = report.checks.find { it.id == 'datasets' }
assert check.status == 'WARNED'
def violations = check.findings.findAll { it.violation }
assert violations*.rule == ['datasets/file-modified']
assert violations[0].subject == 'data/train.csv'
assert violations[0].severity == 'high'
return true
