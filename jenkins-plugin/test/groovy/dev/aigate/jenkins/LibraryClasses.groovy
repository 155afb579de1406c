package dev.aigate.jenkins

/**
 * The library's src/ classes compiled from source (with Groovy 2.4.21, as Jenkins does), for tests of the pure
 * parts. They are deliberately not compiled with the tests: the pipeline harness must load them from src/.
 */
final class LibraryClasses {
    private static final GroovyClassLoader LOADER = new GroovyClassLoader(LibraryClasses.classLoader)

    static {
        LOADER.addClasspath(PipelineHarness.LIBRARY_ROOT.resolve('src').toString())
    }

    private LibraryClasses() {
    }

    static Class load(String simpleName) {
        return LOADER.loadClass("dev.aigate.jenkins.${simpleName}".toString(), true, false)
    }
}
