import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('datasets/file-modified: data/train.csv')
assert log.contains('(waived by retrain-2024-q2)')
assert log.contains('verdict PASS')

def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'PASS'
assert report.summary.failing == 0
assert report.summary.waived == 1

def datasets = report.checks.find { it.id == 'datasets' }
assert datasets.status == 'PASSED'
def modified = datasets.findings.find { it.rule == 'datasets/file-modified' }
assert modified.subject == 'data/train.csv'
assert modified.waiver == 'retrain-2024-q2'
assert modified.violation == false
assert modified.expected != modified.actual

def policy = report.checks.find { it.id == 'policy' }
assert policy.status == 'PASSED'
assert policy.findings.isEmpty()

assert report.waivers.size() == 1
def waiver = report.waivers[0]
assert waiver.id == 'retrain-2024-q2'
assert waiver.status == 'used'
assert waiver.matched == 1
assert waiver.expires == '2099-12-31'
assert waiver.daysLeft > 0
assert waiver.reason && waiver.approvedBy == 'jane@example.org'
return true
