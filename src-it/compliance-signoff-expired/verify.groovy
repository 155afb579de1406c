import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('aigate gate FAILED: 1 violation(s) at or above high')
assert log.contains("compliance/signoff-expired: item 'release/approval' (The release is approved by the release"
        + " manager) is not met: sign-off by jane@example.org (release-manager) on 2019-06-01, expires 2020-01-01"
        + " (compliance/signoffs.yml:3) expired on 2020-01-01")
assert log.contains('org.apache.maven.plugin.MojoFailureException')

def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'FAIL'
def check = report.checks.find { it.id == 'compliance' }
assert check.status == 'FAILED'
assert check.findings.size() == 1
def expired = check.findings[0]
assert expired.rule == 'compliance/signoff-expired'
assert expired.subject == 'release/approval'
assert expired.severity == 'high'
assert expired.violation == true

def items = check.metrics.items.collectEntries { [(it.id): it] }
def approval = items['release/approval']
assert approval.status == 'unmet'
assert approval.evidence[0].status == 'met'
assert approval.evidence[1].signoffs[0].counts == false
assert approval.evidence[1].signoffs[0].problem == 'expired on 2020-01-01'
// A sign-off without an expiry date keeps counting.
assert items['release/security-review'].status == 'met'
assert check.inputs.find { it.kind == 'compliance-signoffs' }.path == 'compliance/signoffs.yml'
return true
