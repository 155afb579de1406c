package dev.aigate.jenkins

/**
 * The library's src/ classes compiled from source (with Groovy 2.4.21, as Jenkins does), for tests of the pure
 * parts. They are deliberately not compiled with the tests: the pipeline harness must load them from src/.
 */
final class LibraryClasses {
    private static final GroovyClassLoader LOADER = new GroovyClassLoader(LibraryClasses.classLoader)
    private static final Map<String, Class> CLASSES = [:]

    static {
        LOADER.addClasspath(PipelineHarness.LIBRARY_ROOT.resolve('src').toString())
    }

    private LibraryClasses() {
    }

    /**
     * The class, compiled once: test classes run in parallel, and two threads compiling the same source would
     * define two classes of one name that do not accept each other's objects.
     */
    static synchronized Class load(String simpleName) {
        return CLASSES.computeIfAbsent(simpleName) {
            LOADER.loadClass("dev.aigate.jenkins.${simpleName}".toString(), true, false)
        }
    }
}
