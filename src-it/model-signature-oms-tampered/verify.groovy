import groovy.json.JsonSlurper
import dev.aigate.report.ReportSignature

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('signature/file-modified')
assert log.contains('model/README.md')
def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'FAIL'
def check = report.checks.find { it.id == 'signature' }
assert check.metrics.format == 'oms'
assert check.metrics.signatureValid == true
def modified = check.findings.find { it.rule == 'signature/file-modified' }
assert modified.subject == 'model/README.md'
assert modified.expected != modified.actual
assert check.findings.size() == 1

// The report set is signed as a whole (an OMS bundle over every report file): it verifies as written, and an HTML
// verdict edited from FAIL to PASS is caught, naming the page. (This is what 'aigate verify-report' runs.)
java.nio.file.Path reports = new File(basedir, 'target/aigate').toPath()
def key = ReportSignature.readPublicKey(new File(basedir, 'keys/report.pub').toPath())
assert new File(basedir, 'target/aigate/aigate-report.sig').isFile()
def intact = ReportSignature.verify(reports, key)
assert intact.valid() : intact.problems()
File html = new File(basedir, 'target/aigate/aigate-report.html')
String page = html.getText('UTF-8')
assert page.contains('FAIL')
html.setText(page.replace('FAIL', 'PASS'), 'UTF-8')
def edited = ReportSignature.verify(reports, key)
assert !edited.valid()
assert edited.problems().any { it.contains('aigate-report.html: changed after the report set was signed') } : edited.problems()
