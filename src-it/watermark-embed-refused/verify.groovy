String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('org.apache.maven.plugin.MojoExecutionException')
assert log.contains('the watermark would be too weak to detect')
assert log.contains("raise 'strength' to")
assert log.contains('nothing was written')
File release = new File(basedir, 'release/digits-mlp.onnx')
assert release.text == 'the release already published: never replaced without force\n'
assert new File(basedir, 'release').list().toList() == ['digits-mlp.onnx'] : 'no temporary file is left behind'
String key = new File(basedir, 'keys/test-watermark.key').getText('US-ASCII').trim()
assert !log.contains(key)
