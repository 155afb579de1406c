String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('org.apache.maven.plugin.MojoExecutionException')
assert log.contains("the 'robustness' check is in dev.aigate:aigate-checks-onnx, which is not on the class path")
assert !log.contains('onnxruntime') : 'ONNX Runtime was neither resolved nor loaded'
