#!/usr/bin/env bash
# Privacy benchmark: whole-process wall time of the privacy check's default suite (loss, confidence, calibrated and
# label-only membership inference, 1000 bootstrap resamples) on 2 x 1,000 rows with the digits MLP, run through the CLI
# (`aigate gate`), against the same attacks in numpy on PyTorch's outputs (fixtures/privacy/membership_reference.py),
# interleaved on the same machine in the same run. See docs/benchmarks.md, "Privacy smoke test".
#
#   bench/privacy.sh                 # 5 repetitions of each, 1 thread each
#   REPS=9 THREADS=2 bench/privacy.sh
#
# Needs the CLI jar (mvn -B -o -q package -DskipTests -pl cli -am) and, for the baseline, Debian's python3 with torch:
#   apt-get install -y python3-torch python3-numpy     (PYTHON=none skips the baseline)
set -euo pipefail
cd "$(dirname "$0")/.."

REPS="${REPS:-5}"
THREADS="${THREADS:-1}"
PYTHON="${PYTHON:-/usr/bin/python3}"
JAVA="${JAVA:-java}"

JAR="$(ls cli/target/aigate-cli-*-all.jar 2>/dev/null | head -n 1 || true)"
if [[ -z "$JAR" ]]; then
  echo "bench/privacy.sh: no CLI jar; build it first: mvn -B -o -q package -DskipTests -pl cli -am" >&2
  exit 2
fi
if [[ "$PYTHON" != none ]] && ! "$PYTHON" -c 'import torch, numpy' 2>/dev/null; then
  echo "bench/privacy.sh: $PYTHON cannot import torch; install Debian's python3-torch python3-numpy or set PYTHON=none" >&2
  exit 2
fi

# Members: the digits MLP's own 1347 training rows. Non-members: its 450 test rows plus each test image shifted one
# pixel right and one pixel down (blank column or row shifted in), 1350 rows it never saw. The check draws 1000 of each,
# class-balanced.
WORK="bench/work/privacy"
rm -rf "$WORK"
mkdir -p "$WORK/model" "$WORK/data"
cp fixtures/digits/digits-mlp.onnx "$WORK/model/"
cp fixtures/digits/digits-train.csv "$WORK/data/members.csv"
awk -F, 'NR == 1 { print; next }
  { print
    right = ""; down = ""
    for (p = 0; p < 64; p++) {
      r = int(p / 8); c = p % 8
      right = right (c == 0 ? "0" : $(p)) ","
      down = down (r == 0 ? "0" : $(p - 7)) ","
    }
    print right $65; print down $65 }' fixtures/digits/digits-test.csv > "$WORK/data/non-members.csv"
cat > "$WORK/aigate.yml" <<POLICY
version: 1
privacy:
  model: model/digits-mlp.onnx
  members: {csv: data/members.csv, label: label}
  nonMembers: {csv: data/non-members.csv, label: label}
POLICY

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

ours=()
cpu=()
floor=()
theirs=()
for ((i = 1; i <= REPS; i++)); do
  start=$(now)
  set +e
  /usr/bin/time -f "%U %S" -o "$WORK/cpu.txt" "$JAVA" -jar "$JAR" gate --policy "$WORK/aigate.yml" --report-dir "$WORK/report" --threads "$THREADS" \
    --no-progress -q > "$WORK/aigate.out" 2>&1
  code=$?
  set -e
  end=$(now)
  if [[ $code -gt 1 ]]; then
    echo "aigate exited $code:" >&2
    cat "$WORK/aigate.out" >&2
    exit 2
  fi
  ours+=("$(elapsed "$start" "$end")")
  # The floor: the same JVM and jar doing nothing (--version), at the same moment.
  fstart=$(now)
  "$JAVA" -jar "$JAR" --version > /dev/null
  floor+=("$(elapsed "$fstart" "$(now)")")
  cpu+=("$(tail -n 1 "$WORK/cpu.txt" | awk '{ printf "%.2f", $1 + $2 }')")
  line="run $i: aigate ${ours[-1]} s (cpu ${cpu[-1]} s; jvm floor ${floor[-1]} s)"
  if [[ "$PYTHON" != none ]]; then
    start=$(now)
    "$PYTHON" fixtures/privacy/membership_reference.py --model fixtures/digits/torch/digits-mlp.pt \
      --members "$WORK/data/members.csv" --non-members "$WORK/data/non-members.csv" --threads "$THREADS" \
      > "$WORK/reference.json"
    end=$(now)
    theirs+=("$(elapsed "$start" "$end")")
    line="$line, numpy/pytorch ${theirs[-1]} s"
  fi
  echo "$line"
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
  else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
OURS_MEDIAN=$(median "${ours[@]}")

# What each side measured (the check's seeded class-balanced draw and the baseline's first rows per class are not
# the same rows, so the figures differ by sampling noise).
if [[ "$PYTHON" != none ]]; then
  "$PYTHON" - "$WORK/report/aigate-report.json" "$WORK/reference.json" <<'PY'
import json, sys
check = next(c for c in json.load(open(sys.argv[1]))["checks"] if c["id"] == "privacy")
m = check["metrics"]
ref = json.load(open(sys.argv[2]))
print(f"rows: aigate {m['data']['members']['samples']} + {m['data']['nonMembers']['samples']},"
      f" numpy {ref['members']} + {ref['nonMembers']}; verdict {check['status']}")
for row in m["attacks"]:
    r = ref["attacks"][row["attack"]]
    print(f"{row['attack']:10s} AUC aigate {row['auc']:.4f} numpy {r['auc']:.4f}  "
          f"TPR@1%FPR aigate {row['tprAtOnePercentFpr']:.4f} numpy {r['tprAtOnePercentFpr']:.4f}")
print(f"aigate steps (last run): {m['secondsPerStep']}")
print(f"in-process (last run): aigate check {m['seconds']} s ({m['forwardPasses']} forward passes),"
      f" numpy/pytorch {ref['elapsed_seconds']} s")
PY
  THEIRS_MEDIAN=$(median "${theirs[@]}")
  RATIO=$(awk -v a="$OURS_MEDIAN" -v b="$THEIRS_MEDIAN" 'BEGIN { printf "%.2f", a / b }')
  summary="numpy/pytorch median ${THEIRS_MEDIAN} s, ratio ${RATIO}x"
else
  summary="no baseline (PYTHON=none)"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), processors: $(nproc), threads: $THREADS, repetitions: $REPS"
CPU_MEDIAN=$(median "${cpu[@]}")
FLOOR_MEDIAN=$(median "${floor[@]}")
echo "privacy benchmark (digits-mlp, 2 x 1000 rows): aigate median ${OURS_MEDIAN} s (target < 3 s; cpu ${CPU_MEDIAN} s; 'aigate --version' ${FLOOR_MEDIAN} s), $summary" \
  "(whole process, including JVM or interpreter start)"
