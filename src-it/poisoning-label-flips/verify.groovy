import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('aigate gate FAILED: 2 violation(s) at or above high')
// Five flipped rows are doubted by both the neighbours and the logistic model (named once, by the corroborated
// signal); the sixth only by the neighbours, with a label so improbable that it is significant alone.
assert log.contains('poisoning/corroborated-disagreement: data/train.csv: 5 of 62 new rows have a label')
assert log.contains('poisoning/neighbour-disagreement: data/train.csv: 1 of 62 new rows have a label')
assert log.contains("line 132 (label '2' shared by 0 of its 10 nearest approved rows")
assert log.contains('org.apache.maven.plugin.MojoFailureException')
assert !log.contains('aigate could not evaluate')

def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'FAIL'
def check = report.checks.find { it.id == 'poisoning' }
assert check.status == 'FAILED'
def violations = check.findings.findAll { it.violation }
assert violations*.rule == ['poisoning/neighbour-disagreement', 'poisoning/corroborated-disagreement']
assert violations.every { it.subject == 'data/train.csv' }
// Every flipped row (the evaluation set's truth for wine/flip-10pct), and no other, with the rows it conflicts with.
def rows = check.metrics.suspectRows
def byNeighbours = rows.findAll { it.rule == 'poisoning/neighbour-disagreement' }
def byBoth = rows.findAll { it.rule == 'poisoning/corroborated-disagreement' }
assert byNeighbours*.line == [92]
assert (byBoth*.line).sort() == [98, 116, 132, 133, 135]
assert (byNeighbours + byBoth).every { it.conflictsWith.size() >= 5 }
assert rows*.line.sort() == [92, 98, 116, 132, 133, 135]
assert check.metrics.newRows == 62
assert check.metrics.approvedRows == 89
// The baseline was judged as the locked one.
assert check.inputs.find { it.kind == 'poisoning-baseline' }.sha256 ==
        new JsonSlurper().parse(new File(basedir, 'aigate-datasets.lock.json'), 'UTF-8').datasets[0].files[0].sha256
