#!/usr/bin/env bash
# Fixed cost of a gate run, before and after a change, in one interleaved run: the CLI on the bundled example
# (datasets, robustness and compliance), and a 1 GiB dataset verification against openssl.
#
#   bash bench/gate-time.sh [repetitions] [before-dir]
#
# before-dir holds the jar and launcher of the build to compare with (aigate-cli-*-all.jar and aigate); without it
# only this build is measured. A run that fails is reported as failed, never timed. Medians of REPS rounds after one warm-up round; peak RSS from GNU time.
# Run after `mvn -B -q package -DskipTests -pl cli -am`; the 1 GiB file is made by bench/datasets.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-5}
BEFORE=${2:-}
WORK=bench/work
mkdir -p "$WORK"
AFTER_JAR=$(ls cli/target/aigate-cli-*-all.jar | head -n 1)
# The example's policy without the sections the build before may not know (model-file scanning is newer), written
# next to it so that its relative paths hold; removed on exit.
EXAMPLE=examples/digits-classifier/aigate-bench.yml
awk '/^models:/ {skip = 1; next} /^[a-z]/ {skip = 0} !skip' examples/digits-classifier/aigate.yml > "$EXAMPLE"
trap 'rm -f "$EXAMPLE"' EXIT
export AIGATE_CACHE="$WORK/cds"

# Contenders as "name|command" lines; every repetition runs each once, in turn, so that a change in the machine's
# load during the run hits all of them alike (the ratios are what the docs report).
contenders=()
add() { contenders+=("$1|$2"); }
if [ -s "$WORK/big/data/one-gib.bin" ]; then
  add openssl-1gib "openssl dgst -sha256 $WORK/big/data/one-gib.bin"
fi
add_build() { # label jar launcher
  add "$1-version" "java -jar $2 --version"
  add "$1-example-gate" "java -jar $2 gate --policy $EXAMPLE --report-dir $WORK/example-$1 --no-progress -q"
  add "$1-example-gate-launcher" "$3 gate --policy $EXAMPLE --report-dir $WORK/example-$1 --no-progress -q"
  if [ -s "$WORK/big/aigate.yml" ]; then
    add "$1-1gib-launcher" "$3 gate --policy $WORK/big/aigate.yml --report-dir $WORK/big/report-$1 --no-progress -q --threads 1"
  fi
}
if [ -n "$BEFORE" ]; then
  add_build before "$(ls "$BEFORE"/aigate-cli-*-all.jar | head -n 1)" "$BEFORE/aigate"
fi
add_build after "$AFTER_JAR" cli/target/aigate

: > "$WORK/samples.txt"
for round in $(seq 0 "$REPS"); do # round 0 warms caches (and makes the launchers' class-data archives)
  for entry in "${contenders[@]}"; do
    name=${entry%%|*}
    # shellcheck disable=SC2086
    if ! /usr/bin/time -o "$WORK/time.txt" -f '%e %M' ${entry#*|} > /dev/null 2>&1; then
      echo "$name failed: ${entry#*|}" >&2
      exit 1
    fi
    [ "$round" -gt 0 ] && echo "$name $(tail -n 1 "$WORK/time.txt")" >> "$WORK/samples.txt"
  done
done
# name median_seconds peak_rss_kib
sort -k1,1 -k2,2g "$WORK/samples.txt" | awk '
  $1 != name { if (name != "") print name, t[int((n + 1) / 2)], rss; name = $1; n = 0; rss = 0 }
  { t[++n] = $2; if ($3 > rss) rss = $3 }
  END { print name, t[int((n + 1) / 2)], rss }' | tee "$WORK/gate-time.txt"

awk '
  {t[$1] = $2; m[$1] = $3}
  END {
    if (t["openssl-1gib"] > 0) printf "1 GiB: launcher / openssl = %.2f (target <= 1.5)\n", t["after-1gib-launcher"] / t["openssl-1gib"]
    if (t["before-example-gate"] > 0) printf "example gate: after / before = %.2f (java -jar), %.2f (launcher)\n", t["after-example-gate"] / t["before-example-gate"], t["after-example-gate-launcher"] / t["before-example-gate-launcher"]
  }' "$WORK/gate-time.txt"
