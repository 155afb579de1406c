package dev.aigate.maven;

import java.util.Set;

/** A goal that runs one check (and the checks it requires) as a gate: {@code aigate:verify-datasets} and the like. */
abstract class CheckVerifyMojo extends AbstractGateMojo {
    private final String checkId;

    protected CheckVerifyMojo(String checkId) {
        this.checkId = checkId;
    }

    @Override
    protected final Set<String> onlyChecks() {
        return Set.of(checkId);
    }
}
