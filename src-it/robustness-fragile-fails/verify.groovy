import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('org.apache.maven.plugin.MojoFailureException')
assert log.contains('robustness/robust-accuracy')

def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'FAIL'
def check = report.checks.find { it.id == 'robustness' }
assert check.status == 'FAILED'
// Clean accuracy is fine: the model is accurate, only fragile.
assert !check.findings.any { it.rule == 'robustness/clean-accuracy' }
def robust = check.findings.findAll { it.rule == 'robustness/robust-accuracy' && it.violation }
assert !robust.isEmpty()
assert robust.every { it.expected && it.actual }
// The model and the evaluation data are recorded with their digests.
assert check.inputs*.path.containsAll(['model/digits-mlp-fragile.onnx', 'data/test.csv'])
