import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('aigate gate FAILED: 2 violation(s) at or above high')
assert log.contains("policy/waiver-expired: Waiver 'retrain-2024-q2' for datasets/file-modified expired on 2020-01-01")
assert log.contains('datasets/file-modified: data/train.csv')
assert log.contains('waiver retrain-2024-q2 (datasets/file-modified): expired')
assert !log.contains('waived by')
assert log.contains('org.apache.maven.plugin.MojoFailureException')

def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'FAIL'
assert report.summary.failing == 2
assert report.summary.waived == 0

def datasets = report.checks.find { it.id == 'datasets' }
assert datasets.status == 'FAILED'
def modified = datasets.findings.find { it.rule == 'datasets/file-modified' }
assert modified.subject == 'data/train.csv'
assert modified.violation == true
assert modified.waiver == null

def policy = report.checks.find { it.id == 'policy' }
assert policy.status == 'FAILED'
assert policy.findings*.rule == ['policy/waiver-expired']
def expired = policy.findings[0]
assert expired.violation == true
assert expired.severity == 'high'
assert expired.subject == 'aigate.yml'
assert expired.line == 16
assert expired.actual == 'expired 2020-01-01'

assert report.waivers.size() == 1
def waiver = report.waivers[0]
assert waiver.id == 'retrain-2024-q2'
assert waiver.rule == 'datasets/file-modified'
assert waiver.subject == 'data/train.csv'
assert waiver.approvedBy == 'jane@example.org'
assert waiver.expires == '2020-01-01'
assert waiver.status == 'expired'
assert waiver.matched == 0
assert waiver.daysLeft < 0
return true
