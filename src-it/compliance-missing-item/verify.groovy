import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains(':compliance (compliance-checklist)')
assert log.contains('BUILD FAILURE')
assert log.contains('aigate gate FAILED: 1 violation(s) at or above high')
assert log.contains("compliance/item-unmet: item 'iris/risk-management' (Risk management is documented)"
        + " [eu-ai-act Art. 9(1)] is not met: no file matches 'compliance/risk-management*' (searched compliance/)"
        + " (item at compliance/checklist.yml:11)")
assert log.contains("item 'iris/limitations' (The model card states the model's limitations)")
assert log.contains("section 'Bias, Risks, and Limitations' (MODEL_CARD.md:7) has 0 word(s), fewer than 5")
assert log.contains('org.apache.maven.plugin.MojoFailureException')

def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'FAIL'
// The goal ran the datasets check too, because an item's evidence is its verdict.
assert report.checks*.id == ['datasets', 'compliance']
def check = report.checks.find { it.id == 'compliance' }
assert check.status == 'FAILED'
def risk = check.findings.find { it.subject == 'iris/risk-management' }
assert risk.rule == 'compliance/item-unmet'
assert risk.severity == 'high'
assert risk.line == 11
assert risk.expected == "a non-empty file matching 'compliance/risk-management*'"
assert risk.violation == true
def limitations = check.findings.find { it.subject == 'iris/limitations' }
assert limitations.severity == 'medium'

def items = check.metrics.items.collectEntries { [(it.id): it] }
assert items['iris/data-integrity'].status == 'met'
assert items['iris/risk-management'].status == 'unmet'
assert items['iris/risk-management'].missing == ["no file matches 'compliance/risk-management*' (searched compliance/)"]
assert check.metrics.frameworks['owasp-ml-top10'] == [met: 1, total: 1, unmet: 0, waived: 0, notApplicable: 0]
assert check.metrics.frameworks['eu-ai-act'] == [met: 0, total: 1, unmet: 1, waived: 0, notApplicable: 0]
return true
