import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('org.apache.maven.plugin.MojoFailureException')
// The figures are in the message: attack, measured AUC with its interval, the threshold and the sample sizes.
assert log =~ /privacy\/membership-auc.*membership inference ROC AUC 0\.66\d\d \(95% CI 0\.\d{4}-0\.\d{4}\) under the loss attack is above the allowed 0\.6000 \(maxAuc; 150 members, 150 non-members\)/
assert log.contains('privacy/membership-advantage')

def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'FAIL'
def check = report.checks.find { it.id == 'privacy' }
assert check.status == 'FAILED'
def auc = check.findings.findAll { it.rule == 'privacy/membership-auc' && it.violation }
assert !auc.isEmpty()
assert auc.every { it.expected == '<= 0.6000 (maxAuc)' && it.actual }
assert check.findings.every { it.subject == 'model/digits-memorising.onnx' }
// The ROC curves are in the report for plotting, from (0, 0) to (1, 1).
assert check.metrics.roc.loss.first() == [0.0, 0.0] && check.metrics.roc.loss.last() == [1.0, 1.0]
assert check.metrics.generalisation.gap > 0
// ... and as a neutral chart view every report format draws.
assert check.views.any { it.type == 'lines' && it.title.contains('ROC') && it.series.size() == 5 }
assert check.views.any { it.type == 'table' }
// The model and both data sets are recorded with their digests.
assert check.inputs*.path.containsAll(['model/digits-memorising.onnx', 'data/members.csv', 'data/non-members.csv'])
