import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('aigate could not evaluate the gate (ERROR)')
assert log.contains('org.apache.maven.plugin.MojoExecutionException')
assert !log.contains('org.apache.maven.plugin.MojoFailureException')
// file:line: unknown key 'key' (known keys: ...)
assert log =~ /aigate\.yml:8: unknown key 'requiredProvenance' \(known keys: [^)]*requireProvenance/

def report = new JsonSlurper().parse(new File(basedir, 'target/aigate/aigate-report.json'), 'UTF-8')
assert report.verdict == 'ERROR'
// Every section is validated when the policy loads, so the error is the gate's own and no check ran.
assert report.error =~ /aigate\.yml:8: unknown key 'requiredProvenance'/
assert report.checks.isEmpty()
return true
