String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('aigate could not evaluate the gate (ERROR)')
assert log.contains('org.apache.maven.plugin.MojoExecutionException')
assert log =~ /aigate\.yml: policy file is a FIFO, socket or device, not a regular file/
return true
