package dev.aigate.jenkins

import java.nio.file.Files
import java.nio.file.Path
import org.codenarc.CodeNarcRunner
import org.codenarc.analyzer.FilesystemSourceAnalyzer
import org.codenarc.report.TextReportWriter
import org.codenarc.results.Results
import org.junit.jupiter.api.Test

/** Lints the library's Groovy (vars/ and src/) with CodeNarc and the rules in codenarc.groovy. */
class CodeNarcTest {
    static final Path ROOT = PipelineHarness.LIBRARY_ROOT

    @Test
    void theLibraryHasNoPriorityOneOrTwoViolations() {
        Path report = ROOT.resolve('target/codenarc.txt')
        Files.createDirectories(report.parent)
        CodeNarcRunner runner = new CodeNarcRunner()
        runner.ruleSetFiles = ROOT.resolve('codenarc.groovy').toUri().toString()
        // CodeNarc matches the patterns against absolute paths.
        String root = ROOT.toString().replace('\\', '/')
        runner.sourceAnalyzer = new FilesystemSourceAnalyzer(baseDirectory: ROOT.toString(),
                includes: "${root}/vars/*.groovy,${root}/src/**/*.groovy")
        runner.reportWriters = [new TextReportWriter(title: 'aigate Jenkins library', outputFile: report.toString())]
        Results results = runner.execute()
        assert results.totalNumberOfFiles > 6
        int serious = results.getNumberOfViolationsWithPriority(1, true) +
                results.getNumberOfViolationsWithPriority(2, true)
        assert serious == 0: 'CodeNarc found priority 1 or 2 violations:\n' + report.text
    }
}
