import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert new File(basedir, 'model/aigate-signature.dsse.json').isFile()
String fingerprint = 'sha256:636a1f761c15613c48716c06bd2d179569436d0448c6fbb56495291508e7fbdf'
def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'PASS'
def check = report.checks.find { it.id == 'signature' }
assert check.status == 'PASSED'
assert check.metrics.signatureValid == true
assert check.metrics.signerKeyFingerprint == fingerprint
assert check.inputs*.path.containsAll(['model/digits-mlp.onnx', 'model/README.md'])
// The private key never reaches the log or the report.
String key = new File(basedir, 'keys/test-release.key').getText('US-ASCII').readLines()[1]
assert !log.contains(key)
assert !new File(basedir, 'target/aigate/aigate-report.json').getText('UTF-8').contains(key)
