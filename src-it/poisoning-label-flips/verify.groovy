import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('aigate gate FAILED: 1 violation(s) at or above high')
// The six flipped rows lie among another class's approved rows, and the linear discriminant, calibrated on the
// approved rows, finds their labels so improbable that together they are significant alone. The logistic model
// doubts five of them, which against 89 approved rows is not significant by the exact test (p = 0.011).
assert log.contains('poisoning/neighbour-disagreement: data/train.csv: 6 of 62 new rows have a label')
assert log.contains('that together they are significant alone')
assert log.contains("line 133 (label '0' shared by 0 of its 10 nearest approved rows")
assert log.contains('org.apache.maven.plugin.MojoFailureException')
assert !log.contains('aigate could not evaluate')

def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'FAIL'
def check = report.checks.find { it.id == 'poisoning' }
assert check.status == 'FAILED'
def violations = check.findings.findAll { it.violation }
assert violations*.rule == ['poisoning/neighbour-disagreement']
assert violations.every { it.subject == 'data/train.csv' }
// Every flipped row (the evaluation set's truth for wine/flip-10pct), and no other, with the rows it conflicts with.
def rows = check.metrics.suspectRows
assert rows.every { it.rule == 'poisoning/neighbour-disagreement' }
assert rows*.line.sort() == [92, 98, 116, 132, 133, 135]
assert rows.every { it.conflictsWith.size() >= 8 }
assert check.metrics.newRows == 62
assert check.metrics.approvedRows == 89
// The baseline was judged as the locked one.
assert check.inputs.find { it.kind == 'poisoning-baseline' }.sha256 ==
        new JsonSlurper().parse(new File(basedir, 'aigate-datasets.lock.json'), 'UTF-8').datasets[0].files[0].sha256
