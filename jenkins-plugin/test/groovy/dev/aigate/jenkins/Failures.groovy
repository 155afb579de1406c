package dev.aigate.jenkins

/** shouldFail without JUnit 4 (Groovy 2.4's GroovyAssert extends org.junit.Assert). */
final class Failures {
    private Failures() {
    }

    static <T extends Throwable> T shouldFail(Class<T> type, Closure body) {
        try {
            body.call()
        } catch (Throwable t) {
            if (type.isInstance(t)) {
                return (T) t
            }
            throw new AssertionError("expected ${type.name} but got ${t}", t)
        }
        throw new AssertionError("expected ${type.name} but nothing was thrown")
    }
}
