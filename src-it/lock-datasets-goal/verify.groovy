import groovy.json.JsonSlurper
import java.security.MessageDigest

String sha256(File file) {
    MessageDigest.getInstance('SHA-256').digest(file.bytes).encodeHex().toString()
}

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains(':lock-datasets (default-cli)')
assert log.contains("aigate: locked dataset 'iris': 2 file(s), 344 bytes, sha256:")
assert log =~ /aigate: wrote .*aigate-datasets\.lock\.json \(2 files, 344 bytes\)/
assert !log.contains('BUILD FAILURE')

File lockFile = new File(basedir, 'aigate-datasets.lock.json')
assert lockFile.isFile()
def lock = new JsonSlurper().parse(lockFile, 'UTF-8')
assert lock.format == 'aigate-dataset-lock'
assert lock.formatVersion == 1
assert lock.datasets*.name == ['iris']
def dataset = lock.datasets[0]
assert dataset.path == 'data'
assert dataset.include == ['**/*.csv']
assert dataset.provenance.approver == 'data-steward@example.org'
assert dataset.fileCount == 2
assert dataset.files*.path == ['test.csv', 'train.csv']
dataset.files.each { entry ->
    File file = new File(basedir, 'data/' + entry.path)
    assert entry.size == file.length()
    assert entry.sha256 == sha256(file)
}
assert dataset.digest ==~ /sha256:[0-9a-f]{64}/

// The second invocation (verify) checked the data against the new lock.
def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'PASS'
def check = report.checks.find { it.id == 'datasets' }
assert check.status == 'PASSED'
assert check.inputs.find { it.kind == 'dataset-lock' }.sha256 == sha256(lockFile)
assert check.metrics.datasets[0].actualDigest == dataset.digest
return true
