import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert new File(basedir, 'model/model.sig').isFile()
// The OMS key hint of keys/test-release.pub (hex SHA-256 of its PEM).
String hint = '5d048df3dee64c7c1ad1035dabd11352d097f3ce7efb38bcccf4a3a50bacc84a'
def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'PASS'
def check = report.checks.find { it.id == 'signature' }
assert check.status == 'PASSED'
assert check.metrics.signatureValid == true
assert check.metrics.format == 'oms'
assert check.metrics.signer == hint
assert check.inputs*.path.containsAll(['model/digits-mlp.onnx', 'model/README.md'])
// The private key never reaches the log or the report.
String key = new File(basedir, 'keys/test-release.key').getText('US-ASCII').readLines()[1]
assert !log.contains(key)
assert !new File(basedir, 'target/aigate/aigate-report.json').getText('UTF-8').contains(key)
