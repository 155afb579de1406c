#!/usr/bin/env bash
# Fixed cost of a gate run, before and after a change, in one interleaved run: the CLI on the bundled example
# (datasets, robustness and compliance), and a 1 GiB dataset verification against openssl.
#
#   bash bench/gate-time.sh [repetitions] [before-dir]
#
# before-dir holds the jar and launcher of the build to compare with (aigate-cli-*-all.jar and aigate); without it
# only this build is measured. Medians of REPS runs after one warm-up run each; peak RSS from GNU time.
# Run after `mvn -B -q package -DskipTests -pl cli -am`; the 1 GiB file is made by bench/datasets.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-5}
BEFORE=${2:-}
WORK=bench/work
mkdir -p "$WORK"
AFTER_JAR=$(ls cli/target/aigate-cli-*-all.jar | head -n 1)
EXAMPLE=examples/digits-classifier/aigate.yml
export AIGATE_CACHE="$WORK/cds"

measure() {
  local name=$1; shift
  "$@" > /dev/null 2>&1 || true
  local times=() rss=0 out
  for _ in $(seq "$REPS"); do
    /usr/bin/time -o "$WORK/time.txt" -f '%e %M' "$@" > /dev/null 2>&1 || true
    out=$(tail -n 1 "$WORK/time.txt")
    times+=("${out% *}")
    [ "${out#* }" -gt "$rss" ] && rss=${out#* }
  done
  echo "$name $(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}') $rss"
}

contenders() { # label jar launcher
  measure "$1-version" java -jar "$2" --version
  measure "$1-example-gate" java -jar "$2" gate --policy "$EXAMPLE" --report-dir "$WORK/example-$1" --no-progress -q
  measure "$1-example-gate-launcher" "$3" gate --policy "$EXAMPLE" --report-dir "$WORK/example-$1" --no-progress -q
  if [ -s "$WORK/big/aigate.yml" ]; then
    measure "$1-1gib-launcher" "$3" gate --policy "$WORK/big/aigate.yml" --report-dir "$WORK/big/report-$1" \
      --no-progress -q --threads 1
  fi
}

{
  [ -s "$WORK/big/data/one-gib.bin" ] && measure openssl-1gib openssl dgst -sha256 "$WORK/big/data/one-gib.bin"
  if [ -n "$BEFORE" ]; then
    contenders before "$(ls "$BEFORE"/aigate-cli-*-all.jar | head -n 1)" "$BEFORE/aigate"
  fi
  contenders after "$AFTER_JAR" cli/target/aigate
} | tee "$WORK/gate-time.txt"

awk '
  {t[$1] = $2; m[$1] = $3}
  END {
    if (t["openssl-1gib"] > 0) printf "1 GiB: launcher / openssl = %.2f (target <= 1.5)\n", t["after-1gib-launcher"] / t["openssl-1gib"]
    if (t["before-example-gate"] > 0) printf "example gate: after / before = %.2f (java -jar), %.2f (launcher)\n", t["after-example-gate"] / t["before-example-gate"], t["after-example-gate-launcher"] / t["before-example-gate-launcher"]
  }' "$WORK/gate-time.txt"
