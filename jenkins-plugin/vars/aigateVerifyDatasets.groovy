import dev.aigate.jenkins.GateStep

/** See aigateVerifyDatasets.txt; the logic is in dev.aigate.jenkins.GateStep. */
Map call(Map args = [:]) {
    return new GateStep(this).run(args, 'datasets')
}
