#!/usr/bin/env bash
# The launcher's JVM defaults against the alternatives, on the three workloads that stress start-up, allocation and
# steady-state speed: 10,000 small pickles (models scan), a 1 GiB PyTorch checkpoint (models scan: SHA-256 of the
# whole file) and the poisoning check on 100,000 rows x 64 features (2 threads). Each contender is a value of
# AIGATE_JVM_DEFAULTS given to the launcher cli/target/aigate (as users run it, class-data archive included); rounds
# are interleaved (every round runs every contender once), medians of wall time, largest peak RSS (GNU time).
#
#   bash bench/jvm-options.sh [rounds]      (from the repository root; the data comes from bench/models.sh and
#                                            bench/poisoning.sh, run them once before)
#
# See docs/benchmarks.md, "JVM options of the launcher".
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
WORK=bench/work/jvm-options
LAUNCHER=cli/target/aigate
MODELS=bench/work/models
POISONING=bench/work/poisoning/large
for needed in "$MODELS/many/pickles" "$MODELS/ckpt/model.pt" "$POISONING/aigate.yml"; do
  [ -e "$needed" ] || { echo "bench/jvm-options.sh: $needed is missing: run bench/models.sh and bench/poisoning.sh" >&2; exit 2; }
done
mkdir -p "$WORK"
export AIGATE_CACHE="$WORK/cds"
CONTENDERS=(
  "shipped|-XX:+UseSerialGC -XX:MaxNewSize=128m"
  "jvm-defaults|"
  "serial|-XX:+UseSerialGC"
  "parallel|-XX:+UseParallelGC"
  "g1-small-heap|-XX:InitialRAMPercentage=0.5"
)

run() { # NAME OPTIONS WORKLOAD: appends "NAME WORKLOAD seconds rss_kib" to results
  local name=$1 options=$2 workload=$3 status=0
  local cmd
  case $workload in
    10k) cmd=("$LAUNCHER" models scan --policy "$MODELS/many/aigate.yml" --report-dir "$WORK/report" --no-progress -q pickles) ;;
    1gib) cmd=("$LAUNCHER" models scan --policy "$MODELS/ckpt/aigate.yml" --report-dir "$WORK/report" --no-progress -q model.pt) ;;
    poisoning) cmd=("$LAUNCHER" poisoning verify --policy "$POISONING/aigate.yml" --report-dir "$WORK/report" --threads 2 --no-progress -q) ;;
  esac
  AIGATE_JVM_DEFAULTS=$options /usr/bin/time -o "$WORK/time.txt" -f '%e %M' "${cmd[@]}" > /dev/null 2>&1 || status=$?
  # FAIL (1) is the poisoning candidate's expected verdict; anything else means the run measured nothing.
  if [ "$status" -gt 1 ]; then echo "failed ($status): $name $workload" >&2; exit 2; fi
  echo "$name $workload $(tail -n 1 "$WORK/time.txt")" >> "$WORK/results.txt"
}

: > "$WORK/results.txt"
for workload in 10k 1gib poisoning; do
  for contender in "${CONTENDERS[@]}"; do  # warm-up: page cache and each contender's class-data archive
    run "${contender%%|*}" "${contender#*|}" "$workload"
  done
done
: > "$WORK/results.txt"
for _ in $(seq "$ROUNDS"); do
  for workload in 10k 1gib poisoning; do
    for contender in "${CONTENDERS[@]}"; do
      run "${contender%%|*}" "${contender#*|}" "$workload"
    done
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), processors: $(nproc), rounds: $ROUNDS"
awk '
  { key = $1 " " $2; n[key]++; t[key, n[key]] = $3; if ($4 > m[key]) m[key] = $4; names[$1]; loads[$2] }
  END {
    for (key in n) {
      c = n[key]; for (i = 1; i <= c; i++) v[i] = t[key, i]
      for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (v[j] < v[i]) { x = v[i]; v[i] = v[j]; v[j] = x }
      med[key] = v[int((c + 1) / 2)]
    }
    printf "%-14s %-10s %8s %9s %8s\n", "contender", "workload", "wall s", "RSS MiB", "/shipped"
    split("shipped jvm-defaults serial parallel g1-small-heap", order, " ")
    split("10k 1gib poisoning", works, " ")
    for (w = 1; w <= 3; w++) for (o = 1; o <= 5; o++) {
      key = order[o] " " works[w]
      printf "%-14s %-10s %8.2f %9d %8.2f\n", order[o], works[w], med[key], m[key] / 1024, med[key] / med["shipped " works[w]]
    }
  }' "$WORK/results.txt"
