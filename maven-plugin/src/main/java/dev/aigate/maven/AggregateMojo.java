package dev.aigate.maven;

import dev.aigate.core.GateException;
import dev.aigate.core.GateResult;
import dev.aigate.report.GateExecution;
import dev.aigate.report.JsonReport;
import dev.aigate.report.JsonReportReader;
import dev.aigate.report.ReportAggregator;
import dev.aigate.report.ReportWriter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Combines the gate reports of every module of a multi-module build into one verdict and one report set, without
 * running any check again. Run it once at the end of the reactor ({@code mvn verify aigate:aggregate}) or bind it in
 * the aggregator POM. Modules without a gate report are listed and left out.
 */
@Mojo(name = "aggregate", aggregator = true, defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class AggregateMojo extends org.apache.maven.plugin.AbstractMojo {
    @Parameter(defaultValue = "${reactorProjects}", readonly = true, required = true)
    private List<MavenProject> reactorProjects;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** Where each module's gate report is, relative to the module's build directory. */
    @Parameter(property = "aigate.moduleReport", defaultValue = "aigate/" + JsonReport.FILE_NAME)
    private String moduleReport;

    /** Where the combined report set is written. */
    @Parameter(property = "aigate.aggregateDirectory", defaultValue = "${project.build.directory}/aigate-aggregate")
    private File aggregateDirectory;

    /** Skips every aigate goal. */
    @Parameter(property = "aigate.skip", defaultValue = "false")
    private boolean skip;

    /** Skips this goal only. */
    @Parameter(property = "aigate.aggregate.skip", defaultValue = "false")
    private boolean skipAggregate;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || skipAggregate) {
            getLog().info("aigate: skipped (" + (skip ? "aigate.skip" : "aigate.aggregate.skip") + ")");
            return;
        }
        Path root = project.getBasedir().toPath();
        Map<String, GateResult> modules = new LinkedHashMap<>();
        for (MavenProject module : reactorProjects) {
            Path report = Path.of(module.getBuild().getDirectory()).resolve(moduleReport);
            String name = root.relativize(module.getBasedir().toPath()).toString().replace(File.separatorChar, '/');
            name = name.isEmpty() ? module.getArtifactId() : name;
            if (!Files.exists(report)) {
                getLog().info("aigate: no gate report in module " + name + " (" + report + ")");
                continue;
            }
            try {
                modules.put(name, JsonReportReader.read(report));
            } catch (GateException e) {
                throw new MojoExecutionException("aigate could not read a module's gate report: " + e.getMessage(),
                        e);
            }
        }
        if (modules.isEmpty()) {
            throw new MojoExecutionException("aigate: no module of this build has a gate report to aggregate;"
                    + " run the gate first (mvn verify aigate:aggregate)");
        }
        GateResult combined = ReportAggregator.combine(project.getGroupId() + ":" + project.getArtifactId() + ":"
                + project.getVersion(), modules);
        GateExecution.Outcome outcome;
        try {
            outcome = new GateExecution.Outcome(combined, ReportWriter.writeAll(combined, aggregateDirectory.toPath()),
                    aggregateDirectory.toPath(), null);
        } catch (IOException e) {
            outcome = new GateExecution.Outcome(combined, null, aggregateDirectory.toPath(),
                    aggregateDirectory + ": cannot write the aggregate reports: " + e.getMessage());
        }
        getLog().info("aigate: combined the gate reports of " + modules.size() + " module(s): "
                + String.join(", ", modules.keySet()));
        VerdictTranslator.translate(outcome, getLog());
    }
}
