import dev.aigate.jenkins.GateStep

/** See aigateRobustness.txt; the logic is in dev.aigate.jenkins.GateStep. */
Map call(Map args = [:]) {
    return new GateStep(this).run(args, 'robustness')
}
