import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('failing level critical (overridden)')
assert log =~ /(?m)^\[WARNING\] +\[HIGH\] datasets\/file-modified: data\/train\.csv/
assert log =~ /(?m)^\[WARNING\] verdict WARN/

def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'WARN'
assert report.policy.failOn == 'critical'
assert report.policy.failOnSource == 'override'
assert report.summary.failing == 0
def check = report.checks.find { it.id == 'datasets' }
assert check.status == 'WARNED'
assert check.findings.findAll { it.violation }*.rule == ['datasets/file-modified']
// The policy itself still says high.
assert new File(basedir, 'aigate.yml').text =~ /(?m)^failOn: high$/
return true
