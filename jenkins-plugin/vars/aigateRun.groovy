import dev.aigate.jenkins.GateStep

/** See aigateRun.txt; the logic is in dev.aigate.jenkins.GateStep. */
Map call(Map args = [:]) {
    return new GateStep(this).runAction(args)
}
