#!/usr/bin/env bash
# Forward passes, tie resolutions and FGSM/PGD accuracies of the default robustness suite on the digits CNNs and MLP,
# for one CLI jar or two (before and after a change to the gradient estimator), interleaved. See docs/robustness.md
# ("Kinks and ties").
#
#   bench/robustness-gradients.sh                          # the jar in cli/target
#   BEFORE_JAR=/path/to/older-all.jar REPS=3 bench/robustness-gradients.sh
#
# Needs the CLI jar (mvn -B -q package -pl cli -am -DskipTests), /usr/bin/time, and python3 to read the reports.
set -euo pipefail
cd "$(dirname "$0")/.."

REPS="${REPS:-1}"
THREADS="${THREADS:-1}"
JAVA="${JAVA:-java}"
AFTER_JAR="${AFTER_JAR:-$(ls cli/target/aigate-cli-*-all.jar 2>/dev/null | head -n 1 || true)}"
if [[ -z "$AFTER_JAR" ]]; then
  echo "bench/robustness-gradients.sh: no CLI jar; build it first: mvn -B -q package -pl cli -am -DskipTests" >&2
  exit 2
fi
JARS=("after=$AFTER_JAR")
if [[ -n "${BEFORE_JAR:-}" ]]; then
  JARS=("before=$BEFORE_JAR" "${JARS[@]}")
fi

WORK="bench/work/robustness-gradients"
rm -rf "$WORK"
for model in digits-mlp digits-cnn digits-cnn-maxpool; do
  mkdir -p "$WORK/$model/model" "$WORK/$model/data"
  cp "fixtures/digits/$model.onnx" "$WORK/$model/model/"
  cp fixtures/digits/digits-test-x.npy fixtures/digits/digits-test-y.npy "$WORK/$model/data/"
  cat > "$WORK/$model/aigate.yml" <<POLICY
version: 1
robustness:
  model: model/$model.onnx
  data: {features: data/digits-test-x.npy, labels: data/digits-test-y.npy}
POLICY
done

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
for ((i = 1; i <= REPS; i++)); do
  for model in digits-mlp digits-cnn digits-cnn-maxpool; do
    for entry in "${JARS[@]}"; do
      tag="${entry%%=*}"
      jar="${entry#*=}"
      report="$WORK/$model/report-$tag"
      rm -rf "$report"
      # CPU time rather than wall time: on a shared machine the wall time of ONNX Runtime follows the load.
      /usr/bin/time -f "%U %S" -o "$WORK/$model/$tag.time" "$JAVA" -jar "$jar" robustness --policy \
        "$WORK/$model/aigate.yml" --report-dir "$report" --threads "$THREADS" --no-progress -q \
        > "$WORK/$model/$tag.out" 2>&1 || { cat "$WORK/$model/$tag.out" >&2; exit 2; }
      python3 - "$report/aigate-report.json" "$model" "$tag" "$WORK/$model/$tag.time" <<'PY'
import json, sys
user, system = (float(v) for v in open(sys.argv[4]).read().split())
report = json.load(open(sys.argv[1]))
metrics = next(c for c in report["checks"] if c["id"] == "robustness")["metrics"]
def series(attack):
    return " ".join("%.4f" % r["robustAccuracy"] for r in metrics["results"] if r["attack"] == attack)
print("%-19s %-6s forwardPasses %9d  ties %6s  cpu %5.2f s  fgsm %s  pgd %s" % (
    sys.argv[2], sys.argv[3], metrics["forwardPasses"], metrics["gradient"].get("tiedMaximaResolved", "-"),
    user + system, series("fgsm"), series("pgd")))
PY
    done
  done
done
