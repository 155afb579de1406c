import groovy.json.JsonSlurper
import java.security.MessageDigest

String sha256(File file) {
    MessageDigest.getInstance('SHA-256').digest(file.bytes).encodeHex().toString()
}

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('verdict PASS')

def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'PASS'
assert report.checks*.id == ['datasets', 'compliance']

def check = report.checks.find { it.id == 'compliance' }
assert check.status == 'PASSED'
assert check.findings.isEmpty()
def items = check.metrics.items.collectEntries { [(it.id): it] }
assert items['owasp-ml/ML02'].status == 'met'
assert items['owasp-ml/ML02'].evidence[0].type == 'check'
assert items['owasp-ml/ML02'].evidence[0].verdict == 'PASSED'
// Data validation: the poisoning check did not run here, so the sign-off is the evidence.
assert items['owasp-ml/ML02'].evidence[1].status == 'met'
assert items['owasp-ml/ML02'].evidence[1].toString().contains('data-steward@example.org')
assert items['owasp-ml/ML03'].status == 'met'
assert items['owasp-ml/ML03'].evidence[0].detail.contains('security@example.org (security-reviewer) on 2024-05-02')
assert items['owasp-ml/ML05'].status == 'not-applicable'
assert items['owasp-ml/ML05'].reason.contains('CC-BY-4.0')
assert items['privacy/personal-data'].status == 'met'
assert items['privacy/dpia'].status == 'not-applicable'
assert items['iris/model-card'].status == 'met'
assert items['iris/model-card'].evidence*.status.every { it == 'met' }
assert items['iris/model-card'].evidence[4].value == 'cc-by-4.0'
assert items['iris/threat-model'].evidence[0].files[0].path == 'compliance/threat-model.md'

assert check.metrics.frameworks['owasp-ml-top10'] == [met: 5, total: 5, unmet: 0, waived: 0, notApplicable: 5]
assert check.metrics.frameworks['eu-ai-act'] == [met: 1, total: 1, unmet: 0, waived: 0, notApplicable: 0]

def inputs = check.inputs.collectEntries { [(it.path): it] }
assert inputs['builtin/owasp-ml-top10.yml'].kind == 'compliance-profile'
['compliance/checklist.yml', 'compliance/signoffs.yml', 'MODEL_CARD.md', 'compliance/privacy.yml',
 'compliance/threat-model.md'].each { path ->
    assert inputs[path] != null : path
    assert inputs[path].sha256 == sha256(new File(basedir, path))
}
return true
