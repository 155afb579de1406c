package dev.aigate.maven;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.report.HtmlReport;
import dev.aigate.report.JsonReport;
import dev.aigate.report.JsonReportReader;
import dev.aigate.report.ReportWriter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.apache.maven.doxia.sink.Sink;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.reporting.AbstractMavenReport;

/**
 * The "AI security gate" page of the Maven site: the verdict, a line per check and every violation of the last gate
 * run, with the full HTML report copied next to it. It only reads the gate report, so it never fails the site: a
 * missing or unreadable report is shown on the page instead.
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.SITE, threadSafe = true)
public class GateReportMojo extends AbstractMavenReport {
    /** The gate report directory of this module. */
    @Parameter(property = "aigate.reportDirectory", defaultValue = "${project.build.directory}/aigate")
    private File reportDirectory;

    @Override
    public String getOutputName() {
        return "aigate";
    }

    @Override
    public String getName(Locale locale) {
        return "AI security gate";
    }

    @Override
    public String getDescription(Locale locale) {
        return "The verdict of the aigate AI security gate: dataset integrity, models, compliance.";
    }

    @Override
    protected void executeReport(Locale locale) {
        Sink sink = getSink();
        sink.head();
        sink.title();
        sink.text("AI security gate");
        sink.title_();
        sink.head_();
        sink.body();
        sink.section1();
        sink.sectionTitle1();
        sink.text("AI security gate");
        sink.sectionTitle1_();
        Path json = reportDirectory.toPath().resolve(JsonReport.FILE_NAME);
        try {
            JsonNode report = JsonReportReader.readTree(json);
            render(sink, report);
            copyFullReport();
        } catch (RuntimeException e) {
            getLog().warn("aigate: the site page has no gate report: " + e.getMessage());
            paragraph(sink, "No gate report to show: " + e.getMessage()
                    + ". Run the gate (mvn verify) before generating the site.");
        }
        sink.section1_();
        sink.body_();
        sink.flush();
        sink.close();
    }

    private void render(Sink sink, JsonNode report) {
        paragraph(sink, "Verdict: " + report.path("verdict").asText() + " (failing level "
                + report.path("policy").path("failOn").asText() + "), " + report.path("run").path("startedAt")
                .asText() + ", policy SHA-256 " + report.path("policy").path("sha256").asText("-") + ".");
        if (report.hasNonNull("error")) {
            paragraph(sink, "The gate could not evaluate: " + report.path("error").asText());
        }
        sink.paragraph();
        sink.link("aigate/" + HtmlReport.FILE_NAME);
        sink.text("Full gate report");
        sink.link_();
        sink.paragraph_();
        sink.table();
        sink.tableRows();
        row(sink, true, "Check", "Status", "Violations");
        for (JsonNode check : report.path("checks")) {
            long violations = 0;
            for (JsonNode finding : check.path("findings")) {
                violations += finding.path("violation").asBoolean() ? 1 : 0;
            }
            row(sink, false, check.path("title").asText(), check.path("status").asText(), String.valueOf(violations));
        }
        sink.tableRows_();
        sink.table_();
        sink.section2();
        sink.sectionTitle2();
        sink.text("Violations");
        sink.sectionTitle2_();
        sink.table();
        sink.tableRows();
        row(sink, true, "Severity", "Rule", "Finding");
        for (JsonNode check : report.path("checks")) {
            for (JsonNode finding : check.path("findings")) {
                if (finding.path("violation").asBoolean()) {
                    row(sink, false, finding.path("severity").asText(), finding.path("rule").asText(),
                            finding.path("message").asText());
                }
            }
        }
        sink.tableRows_();
        sink.table_();
        sink.section2_();
    }

    /** Puts the full report set next to the page so the link works in the published site. */
    private void copyFullReport() {
        Path target = getReportOutputDirectory().toPath().resolve("aigate");
        try {
            Files.createDirectories(target);
            for (String name : ReportWriter.REPORT_FILES) {
                Path file = reportDirectory.toPath().resolve(name);
                if (Files.isRegularFile(file)) {
                    Files.copy(file, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            getLog().warn("aigate: could not copy the full gate report into the site: " + e.getMessage());
        }
    }

    private static void paragraph(Sink sink, String text) {
        sink.paragraph();
        sink.text(text);
        sink.paragraph_();
    }

    private static void row(Sink sink, boolean header, String... cells) {
        sink.tableRow();
        for (String cell : cells) {
            if (header) {
                sink.tableHeaderCell();
                sink.text(cell);
                sink.tableHeaderCell_();
            } else {
                sink.tableCell();
                sink.text(cell);
                sink.tableCell_();
            }
        }
        sink.tableRow_();
    }
}
