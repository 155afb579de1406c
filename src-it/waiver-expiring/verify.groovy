import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('(waived by retrain-2024-q2)')
assert log.contains("policy/waiver-expiring: Waiver 'retrain-2024-q2' for datasets/file-modified on data/train.csv"
        + ' expires in 5 days')
assert log.contains('renew it with its owner, jane@example.org')
assert log.contains('verdict WARN')

def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'WARN'
def policy = report.checks.find { it.id == 'policy' }
assert policy.status == 'WARNED'
def expiring = policy.findings.find { it.rule == 'policy/waiver-expiring' }
assert expiring.severity == 'low'
assert expiring.subject == 'aigate.yml'
assert expiring.line == 16
assert expiring.actual == '5 day(s) left, owner jane@example.org'
assert report.waivers[0].status == 'used' && report.waivers[0].daysLeft == 5
return true
