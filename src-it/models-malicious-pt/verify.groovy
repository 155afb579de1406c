import groovy.json.JsonSlurper
import java.security.MessageDigest

String sha256(File file) {
    MessageDigest.getInstance('SHA-256').digest(file.bytes).encodeHex().toString()
}

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('org.apache.maven.plugin.MojoFailureException')
// The log names the file, the member, the offset and the call.
assert log.contains('models/code-execution')
assert log.contains('model/classifier.pt!archive/data.pkl at byte ')
assert log.contains('REDUCE calls posix.system')

def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'FAIL'
def check = report.checks.find { it.id == 'models' }
assert check.status == 'FAILED'
def findings = check.findings.findAll { it.violation }
assert findings.size() == 1
assert findings[0].rule == 'models/code-execution'
assert findings[0].severity == 'critical'
assert findings[0].subject == 'model/classifier.pt'
assert check.metrics.status == 'complete'
assert check.inputs*.path.sort() == ['model/classifier.pt', 'model/weights.safetensors']
check.inputs.each { input ->
    assert input.kind == 'model'
    assert input.sha256 == sha256(new File(basedir, input.path))
}
// SARIF carries the member and offset in the result's message.
def sarif = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.sarif'), 'UTF-8')
def result = sarif.runs[0].results.find { it.ruleId == 'models/code-execution' }
assert result.message.text.contains('archive/data.pkl at byte ')
assert result.locations[0].physicalLocation.artifactLocation.uri == 'model/classifier.pt'
return true
