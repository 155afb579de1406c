#!/usr/bin/env bash
# The poisoning check over many random splits: how often it fails clean data and how often it catches each attack,
# at the shipped level (0.001) and re-judged at 0.01 and 0.05. The tables of docs/poisoning.md, "False failures and
# detection over many splits" (dev.aigate.checks.poisoning.ResplitStudy, in checks-data's test sources).
#
#   bench/poisoning-resplits.sh                 # 200 clean seeds, 50 attack seeds per dataset, 2 threads
#   bench/poisoning-resplits.sh 400 100 2       # [clean seeds] [attack seeds] [threads]
#
# From the repository root, with Maven and the local repository's dependencies (after mvn -B -ntp install
# -DskipTests, or any build that has fetched them). Deterministic; no Python, no network.
set -euo pipefail
cd "$(dirname "$0")/.."
CLEAN_SEEDS="${1:-200}"
ATTACK_SEEDS="${2:-50}"
THREADS="${3:-2}"
WORK=bench/work/poisoning-resplits
mkdir -p "$WORK"
# The test class path of checks-data (its test classes call package-private code of the check). The dependency
# plugin is named in full: offline, the 'dependency:' prefix needs plugin-group metadata the local repository may lack;
# 3.8.1 is the version the build itself uses (jenkins-plugin), so a full build has fetched it.
mvn -B -o -q test-compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -pl checks-data -am \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$WORK/classpath.txt"
CP="checks-data/target/test-classes:checks-data/target/classes:$(cat "$WORK/classpath.txt")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), processors: $(nproc), threads: $THREADS"
java -cp "$CP" dev.aigate.checks.poisoning.ResplitStudy "$CLEAN_SEEDS" "$ATTACK_SEEDS" "$THREADS" \
  | tee "$WORK/results.md"
