package dev.aigate.jenkins

import com.cloudbees.groovy.cps.NonCPS
import java.lang.reflect.Modifier

/**
 * The runs of a sharded dataset verification ({@code aigateVerifyDatasets shards: N}), derived from the step's
 * configuration: shard K's {@code datasets verify-shard}, where its partial result lands and how it is stashed, and
 * the {@code datasets merge} that judges them all. Pure data, like {@link GateConfig}.
 */
class DatasetShards {
    /** Where the shards leave their partial results, relative to the project directory (the CLI's default). */
    static final String PARTIALS_DIRECTORY = 'aigate-partials'

    private DatasetShards() {
    }

    /** The partial results directory relative to the workspace: beside the policy, as the CLI resolves it. */
    @NonCPS
    static String partialsPath(GateConfig c) {
        int slash = c.policy.lastIndexOf('/')
        return slash < 0 ? PARTIALS_DIRECTORY : "${c.policy[0..<slash]}/${PARTIALS_DIRECTORY}".toString()
    }

    /** The stash of shard {@code index}'s partial result. */
    @NonCPS
    static String stash(GateConfig c, int index) {
        return "aigate-datasets-shard-${index}-of-${c.shards}".toString()
    }

    /** The partial result file of shard {@code index}, relative to the workspace. */
    @NonCPS
    static String partialFile(GateConfig c, int index) {
        return "${partialsPath(c)}/datasets-shard-${index}-of-${c.shards}.json".toString()
    }

    /** {@code datasets verify-shard --shard=K/N}: one shard, an action that makes its partial result. */
    @NonCPS
    static GateConfig shardRun(GateConfig c, int index) {
        GateConfig run = copy(c)
        run.with {
            action = 'verify-shard'
            judges = false
            reportDirectory = null
            failOn = null
            project = null
            extraArgs = []
            actionArgs = ["--shard=${index}/${c.shards}".toString(), "--partials=${PARTIALS_DIRECTORY}".toString()]
        }
        return run
    }

    /** {@code datasets merge}: the verdict and report set of every shard together. */
    @NonCPS
    static GateConfig mergeRun(GateConfig c) {
        GateConfig run = copy(c)
        run.with {
            action = 'merge'
            shards = null
            actionArgs = ["--partials=${PARTIALS_DIRECTORY}".toString()]
        }
        return run
    }

    /** A copy with fresh lists and maps, so the derived runs never change the step's configuration. */
    @NonCPS
    private static GateConfig copy(GateConfig c) {
        GateConfig copied = new GateConfig()
        GateConfig.declaredFields.findAll { !Modifier.isStatic(it.modifiers) && !it.synthetic }.each { field ->
            Object value = c[field.name]
            copied[field.name] = value instanceof List ? new ArrayList((List) value)
                    : value instanceof Map ? new LinkedHashMap((Map) value) : value
        }
        copied.notes = []
        return copied
    }
}
