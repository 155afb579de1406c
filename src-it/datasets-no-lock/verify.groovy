import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('aigate could not evaluate the gate (ERROR)')
assert log =~ /aigate-datasets\.lock\.json: dataset lock file not found/
assert log.contains('org.apache.maven.plugin.MojoExecutionException')
assert !log.contains('org.apache.maven.plugin.MojoFailureException')
// Verification never writes the lock.
assert !new File(basedir, 'aigate-datasets.lock.json').exists()

def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'ERROR'
def check = report.checks.find { it.id == 'datasets' }
assert check.status == 'ERROR'
assert check.error.contains('aigate-datasets.lock.json')
assert check.error.contains('dataset lock file not found')
assert report.summary.checks.error == 1
return true
