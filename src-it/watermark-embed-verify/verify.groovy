import groovy.json.JsonSlurper
import java.security.MessageDigest

String sha256(File file) {
    MessageDigest.getInstance('SHA-256').digest(file.bytes).encodeHex().toString()
}

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
File source = new File(basedir, 'model/digits-mlp.onnx')
File released = new File(basedir, 'target/release/digits-mlp.onnx')
assert released.isFile()
assert sha256(source) != sha256(released), 'the released copy carries the watermark'
assert source.length() < released.length() + 4096, 'only weights and metadata change'

def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'PASS'
def check = report.checks.find { it.id == 'watermark' }
assert check.status == 'PASSED'
def model = check.metrics.models[0]
assert model.detected == true
assert model.bitErrorRate == 0
assert model.score >= model.requiredScore
assert check.metrics.keyFingerprint.startsWith('sha256:')
// The key never reaches the log or the report.
String key = new File(basedir, 'keys/test-watermark.key').getText('US-ASCII').trim()
assert !log.contains(key)
assert !new File(basedir, 'target/aigate/aigate-report.json').getText('UTF-8').contains(key)
assert !new File(basedir, 'target/aigate/aigate-report.html').getText('UTF-8').contains(key)
