package dev.aigate.checks.compliance;

import dev.aigate.core.GateException;
import dev.aigate.core.policy.Policy;
import dev.aigate.core.policy.PolicyLoader;
import dev.aigate.core.spi.CheckRegistry;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which checks a "compliance only" run (the {@code compliance} Maven goal, {@code aigate compliance}) must include: the
 * compliance check plus every check its items name in {@code check} rules that the policy configures, so that those
 * rules judge a check that actually ran in the same gate.
 */
public final class ComplianceSelection {
    private ComplianceSelection() {
    }

    /**
     * The check ids to run. When the policy or checklist cannot be read, just {@code compliance}: the gate run then
     * reports the problem as an ERROR naming the file and line.
     */
    public static Set<String> checksFor(Path policyFile, CheckRegistry registry) {
        Set<String> ids = new LinkedHashSet<>();
        try {
            Policy policy = new PolicyLoader(registry).load(policyFile);
            if (!policy.hasSection(ComplianceCheck.ID)) {
                ids.add(ComplianceCheck.ID);
                return ids;
            }
            ComplianceConfig config = policy.configFor(new ComplianceCheck());
            Checklist checklist = new ChecklistLoader(policy.baseDir()).load(config.checklist());
            for (String id : ComplianceCheck.referencedChecks(checklist)) {
                if (registry.find(id).isPresent() && policy.hasSection(id)) {
                    ids.add(id);
                }
            }
        } catch (GateException | IllegalArgumentException e) {
            // reported by the gate run itself
        }
        ids.add(ComplianceCheck.ID);
        return ids;
    }

    /** Whether the policy file exists, loads and has a {@code compliance} section. */
    public static boolean policyEnables(Path policyFile, CheckRegistry registry) {
        if (!java.nio.file.Files.isRegularFile(policyFile)) {
            return false;
        }
        try {
            return new PolicyLoader(registry).load(policyFile).hasSection(ComplianceCheck.ID);
        } catch (GateException e) {
            return false;
        }
    }
}
