// A FIFO where the policy should be: opening it would block until a writer came, so a build that opened it would
// hang for ever. Made here because git cannot hold a FIFO.
File policy = new File(basedir, 'aigate.yml')
policy.delete()
Process mkfifo = new ProcessBuilder('mkfifo', policy.path).inheritIO().start()
assert mkfifo.waitFor() == 0
return true
