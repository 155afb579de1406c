import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('signature/file-modified')
assert log.contains('model/README.md')
def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'FAIL'
def check = report.checks.find { it.id == 'signature' }
def modified = check.findings.find { it.rule == 'signature/file-modified' }
assert modified.subject == 'model/README.md'
assert modified.expected != modified.actual
assert !check.findings.any { it.subject == 'model/digits-mlp.onnx' }
