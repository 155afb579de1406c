#!/usr/bin/env bash
# Robustness benchmark: whole-process wall time of the default robustness smoke suite, aigate (ONNX Runtime, gradients
# estimated from forward passes) against the same suite in PyTorch (exact autograd gradients), on the digits fixtures,
# interleaved on the same machine in the same run. See docs/benchmarks.md.
#
#   bench/robustness.sh                 # 5 repetitions of each, 2 threads each
#   REPS=9 THREADS=1 bench/robustness.sh
#
# Needs the CLI jar (mvn -B -q install -DskipTests) and Debian's python3 with torch:
#   apt-get install -y python3-torch python3-onnx python3-sklearn python3-numpy
set -euo pipefail
cd "$(dirname "$0")/.."

REPS="${REPS:-5}"
THREADS="${THREADS:-2}"
MODEL="${MODEL:-digits-mlp}"
PYTHON="${PYTHON:-/usr/bin/python3}"
JAVA="${JAVA:-java}"

JAR="$(ls cli/target/aigate-cli-*-all.jar 2>/dev/null | head -n 1 || true)"
if [[ -z "$JAR" ]]; then
  echo "bench/robustness.sh: no CLI jar; build it first: mvn -B -q install -DskipTests" >&2
  exit 2
fi
if ! "$PYTHON" -c 'import torch, numpy' 2>/dev/null; then
  echo "bench/robustness.sh: $PYTHON cannot import torch; install Debian's python3-torch python3-numpy" >&2
  exit 2
fi

# A project holding the default smoke suite: the minimal policy section (model and data) and nothing else.
WORK="bench/work/robustness"
rm -rf "$WORK"
mkdir -p "$WORK/model" "$WORK/data"
cp "fixtures/digits/$MODEL.onnx" "$WORK/model/"
cp fixtures/digits/digits-test-x.npy fixtures/digits/digits-test-y.npy "$WORK/data/"
cat > "$WORK/aigate.yml" <<POLICY
version: 1
robustness:
  model: model/$MODEL.onnx
  data: {features: data/digits-test-x.npy, labels: data/digits-test-y.npy}
POLICY

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

ours=()
torch=()
for ((i = 1; i <= REPS; i++)); do
  start=$(now)
  set +e
  "$JAVA" -jar "$JAR" robustness --policy "$WORK/aigate.yml" --report-dir "$WORK/report" --threads "$THREADS" \
    --no-progress -q > "$WORK/aigate.out" 2>&1
  code=$?
  set -e
  end=$(now)
  if [[ $code -ne 0 ]]; then
    echo "aigate exited $code:" >&2
    cat "$WORK/aigate.out" >&2
    exit 2
  fi
  ours+=("$(elapsed "$start" "$end")")

  start=$(now)
  "$PYTHON" tools/fixtures/torch_smoke_suite.py --model "$MODEL" --dtype float32 --threads "$THREADS" \
    > "$WORK/torch.json"
  end=$(now)
  torch+=("$(elapsed "$start" "$end")")
  echo "run $i: aigate ${ours[-1]} s, pytorch ${torch[-1]} s"
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
  else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
OURS_MEDIAN=$(median "${ours[@]}")
TORCH_MEDIAN=$(median "${torch[@]}")
RATIO=$(awk -v a="$OURS_MEDIAN" -v b="$TORCH_MEDIAN" 'BEGIN { printf "%.2f", a / b }')

# What each suite measured, to show they did the same work.
"$PYTHON" - "$WORK/report/aigate-report.json" "$WORK/torch.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
check = next(c for c in report["checks"] if c["id"] == "robustness")
m = check["metrics"]
ours = {(r["attack"], r.get("epsilon", r.get("sigma"))): r["robustAccuracy"] for r in m["results"]}
torch = json.load(open(sys.argv[2]))["results"]
print(f"clean accuracy: aigate {m['clean']['accuracy']:.4f}  pytorch {torch['clean']:.4f}")
for attack in ("gaussian", "uniform", "fgsm", "pgd", "square"):
    for level, value in sorted(torch[attack].items(), key=lambda kv: float(kv[0])):
        mine = ours.get((attack, float(level)))
        print(f"{attack:8s} {level:>5s}: aigate {mine:.4f}  pytorch {value:.4f}")
tj = json.load(open(sys.argv[2]))
print(f"in-process compute (last run): aigate check {m['seconds']} s ({m['forwardPasses']} forward passes,"
      f" {m['gradient']['method']}), pytorch checks {tj['elapsed_seconds_checks']} s"
      f" (torch {tj['torch_version']}, {tj['dtype']})")
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), processors: $(nproc), threads: $THREADS, repetitions: $REPS"
echo "robustness benchmark ($MODEL, 450 samples): aigate median ${OURS_MEDIAN} s, pytorch median ${TORCH_MEDIAN} s," \
  "ratio ${RATIO}x (whole process, including JVM or interpreter start)"
