String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('aigate: skipped (aigate.skip)')
assert !log.contains('verdict ')
// The data really is tampered: without the skip this project fails (see datasets-file-modified).
assert new File(basedir, 'data/train.csv').text.contains('6.4,3.2,4.5,1.5,virginica')
assert !new File(basedir, 'target/aigate').exists()
return true
