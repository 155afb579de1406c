#!/usr/bin/env bash
# Poisoning benchmark: whole-process wall time and peak RSS of 'aigate poisoning verify' (JVM start, reading the
# table and the baseline, every signal), next to scikit-learn's detectors on the same file in the same run.
#   1. digits: the evaluation set's digits approved split as baseline, its 5%-flip candidate judged (1527 rows x 64);
#      reference: the three scikit-learn detectors of the evaluation (fixtures/poisoning) as one Python process.
#   2. large: 50,000 approved rows as baseline, a candidate of 100,000 rows x 64 features (the approved rows and
#      50,000 new ones, 2% flipped); reference: scikit-learn's 10-nearest-neighbour vote on the candidate.
# See docs/benchmarks.md.
#
#   bench/poisoning.sh                   # 5 repetitions of digits, 1 of large, 2 threads
#   REPS=9 THREADS=2 LARGE_NEW=50000 bench/poisoning.sh
#
# aigate runs as users run it: through the launcher cli/target/aigate (its class-data archive and JVM defaults; see
# docs/benchmarks.md, "JVM options of the launcher"); AIGATE_JAVA_OPTS and AIGATE_JVM_DEFAULTS reach it as usual, e.g.
# AIGATE_JVM_DEFAULTS= measures the JVM's own defaults.
# Needs the CLI (mvn -B -o -q package -DskipTests -pl cli -am) and Debian's python3 with scikit-learn:
#   apt-get install -y python3-sklearn python3-numpy
set -euo pipefail
cd "$(dirname "$0")/.."

REPS="${REPS:-5}"
THREADS="${THREADS:-2}"
LARGE_APPROVED="${LARGE_APPROVED:-50000}"
LARGE_NEW="${LARGE_NEW:-50000}"
PYTHON="${PYTHON:-/usr/bin/python3}"
LAUNCHER=cli/target/aigate

JAR="$(ls cli/target/aigate-cli-*-all.jar 2>/dev/null | head -n 1 || true)"
if [[ -z "$JAR" || ! -x "$LAUNCHER" ]]; then
  echo "bench/poisoning.sh: no CLI jar; build it first: mvn -B -o -q package -DskipTests -pl cli -am" >&2
  exit 2
fi
if ! "$PYTHON" -c 'import sklearn, numpy' 2>/dev/null; then
  echo "bench/poisoning.sh: $PYTHON cannot import sklearn; install Debian's python3-sklearn python3-numpy" >&2
  exit 2
fi

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
  else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# Runs a command, prints "seconds peak-RSS-in-MiB cpu-seconds"; fails on exit codes other than 0 and 1 (FAIL is
# expected). CPU seconds (user + system) are less disturbed than wall time on a shared machine.
measure() {
  local start end code
  start=$(now)
  set +e
  /usr/bin/time -f "%M %U %S" -o "$WORK/rss" "$@" > "$WORK/out" 2>&1
  code=$?
  set -e
  end=$(now)
  if [[ $code -gt 1 ]]; then
    echo "command failed ($code): $*" >&2
    cat "$WORK/out" >&2
    exit 2
  fi
  echo "$(elapsed "$start" "$end") $(tail -n 1 "$WORK/rss" | awk '{ printf "%.0f %.2f", $1 / 1024, $2 + $3 }')"
}

project() { # DIR APPROVED_CSV: a project whose baseline and lock approve APPROVED_CSV
  local dir=$1
  rm -rf "$dir"
  mkdir -p "$dir/data"
  cp "$2" "$dir/data/train.csv"
  cat > "$dir/aigate.yml" <<POLICY
version: 1
datasets:
  sets:
    - name: train
      path: data
poisoning:
  data: {csv: data/train.csv, label: label}
  baseline: data/aigate-poisoning.baseline.json
POLICY
}

aigate() { "$LAUNCHER" "$@"; }

WORK="bench/work/poisoning"
rm -rf "$WORK"
mkdir -p "$WORK"
export AIGATE_CACHE="$WORK/cds"

# ---------------------------------------------------------------------------------------------------------- digits
gunzip -c fixtures/poisoning/digits/approved.csv.gz > "$WORK/digits-approved.csv"
gunzip -c fixtures/poisoning/digits/flip-5pct.csv.gz > "$WORK/digits-candidate.csv"
project "$WORK/digits" "$WORK/digits-approved.csv"
aigate poisoning baseline --policy "$WORK/digits/aigate.yml" > /dev/null
aigate datasets lock --policy "$WORK/digits/aigate.yml" > /dev/null
cp "$WORK/digits-candidate.csv" "$WORK/digits/data/train.csv"
ours=()
peers=()
rss=()
ourcpu=()
peercpu=()
for ((i = 1; i <= REPS; i++)); do
  read -r t m c < <(measure "$LAUNCHER" poisoning verify --policy "$WORK/digits/aigate.yml" \
    --report-dir "$WORK/digits/report" --threads "$THREADS" --no-progress -q)
  ours+=("$t")
  rss+=("$m")
  ourcpu+=("$c")
  read -r t m c < <(measure "$PYTHON" bench/poisoning_peers.py "$WORK/digits-candidate.csv" all "$THREADS")
  peers+=("$t")
  peercpu+=("$c")
  echo "digits run $i: aigate ${ours[-1]} s (${rss[-1]} MiB, cpu ${ourcpu[-1]} s), scikit-learn ${peers[-1]} s (cpu ${peercpu[-1]} s)"
done
D_OURS=$(median "${ours[@]}")
D_PEERS=$(median "${peers[@]}")
D_RSS=$(median "${rss[@]}")
D_OURCPU=$(median "${ourcpu[@]}")
D_PEERCPU=$(median "${peercpu[@]}")

# ----------------------------------------------------------------------------------------------------------- large
"$PYTHON" bench/poisoning_data.py "$WORK/large-data" "$LARGE_APPROVED" "$LARGE_NEW"
project "$WORK/large" "$WORK/large-data/approved.csv"
read -r B_T B_M B_C < <(measure "$LAUNCHER" poisoning baseline \
  --policy "$WORK/large/aigate.yml" --threads "$THREADS")
aigate datasets lock --policy "$WORK/large/aigate.yml" > /dev/null
cp "$WORK/large-data/candidate.csv" "$WORK/large/data/train.csv"
read -r L_T L_M L_C < <(measure "$LAUNCHER" poisoning verify --policy "$WORK/large/aigate.yml" \
  --report-dir "$WORK/large/report" --threads "$THREADS" --no-progress -q)
# The same verification with the JVM's own defaults (G1, an initial heap of 1/64 of the RAM), for comparison.
read -r J_T J_M J_C < <(AIGATE_JVM_DEFAULTS= measure "$LAUNCHER" poisoning verify --policy "$WORK/large/aigate.yml" \
  --report-dir "$WORK/large/report-jvm-defaults" --threads "$THREADS" --no-progress -q)
read -r P_T P_M P_C < <(measure "$PYTHON" bench/poisoning_peers.py "$WORK/large-data/candidate.csv" knn "$THREADS")
"$PYTHON" - "$WORK/large/report/aigate-report.json" <<'PY'
import json, sys
check = next(c for c in json.load(open(sys.argv[1]))["checks"] if c["id"] == "poisoning")
m = check["metrics"]
fired = [s["rule"] for s in m["signals"] if s["fired"]]
print(f"large: {m['rows']} rows ({m['newRows']} new), in-check {m['seconds']} s, fired {fired},"
      f" {len(m['suspectRows'])} suspect rows")
PY

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), processors: $(nproc), threads: $THREADS"
echo "digits (1527 rows x 64, 5% of new rows flipped), median of $REPS: aigate ${D_OURS} s (peak RSS ${D_RSS} MiB)," \
  "scikit-learn detectors ${D_PEERS} s, ratio $(awk -v a="$D_OURS" -v b="$D_PEERS" 'BEGIN { printf "%.2f", a / b }')x;" \
  "cpu ${D_OURCPU} s vs ${D_PEERCPU} s"
echo "large ($((LARGE_APPROVED + LARGE_NEW)) rows x 64, $LARGE_NEW new): aigate verify ${L_T} s (peak RSS ${L_M} MiB)," \
  "baseline of $LARGE_APPROVED rows ${B_T} s (peak RSS ${B_M} MiB); scikit-learn 10-NN vote ${P_T} s" \
  "(peak RSS ${P_M} MiB), ratio $(awk -v a="$L_T" -v b="$P_T" 'BEGIN { printf "%.2f", a / b }')x;" \
  "cpu: verify ${L_C} s, baseline ${B_C} s, scikit-learn ${P_C} s"
echo "large verify with the JVM's own defaults (AIGATE_JVM_DEFAULTS=): ${J_T} s (peak RSS ${J_M} MiB, cpu ${J_C} s)"
