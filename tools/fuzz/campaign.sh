#!/usr/bin/env bash
# Fuzzing campaign: runs every Jazzer harness (or those named) in fuzzing mode, one at a time at the lowest CPU
# priority, for SECONDS each, and appends one line per run to target/fuzz-campaign/runs.tsv:
#   harness  seconds  executions  cov  ft  result
# Corpus growth is kept in each module's .cifuzz-corpus/ (not committed), so a second campaign continues the first;
# a crashing input is written by Jazzer into the harness's committed seed folder (src/test/resources/.../<Class>Inputs/
# <method>/crash-*), where the normal build replays it.
#
# Usage: tools/fuzz/campaign.sh SECONDS [module:Class#method ...]
#        tools/fuzz/campaign.sh --list
set -euo pipefail
cd "$(dirname "$0")/../.."

HARNESSES=(
  shared-checks:dev.aigate.core.policy.PolicyFuzzTest#policy
  shared-checks:dev.aigate.checks.datasets.LockFileFuzzTest#lockFile
  shared-checks:dev.aigate.formats.safetensors.SafeTensorsFuzzTest#header
  shared-checks:dev.aigate.formats.onnx.OnnxFuzzTest#model
  shared-checks:dev.aigate.formats.npy.NpyFuzzTest#npy
  shared-checks:dev.aigate.checks.compliance.ComplianceFuzzTest#modelCard
  shared-checks:dev.aigate.checks.compliance.ComplianceFuzzTest#checklist
  shared-checks:dev.aigate.checks.compliance.ComplianceFuzzTest#signoffs
  shared-checks:dev.aigate.checks.signature.SignatureFuzzTest#dsseEnvelope
  shared-checks:dev.aigate.checks.signature.SignatureFuzzTest#ed25519PublicKey
  shared-checks:dev.aigate.checks.signature.SignatureFuzzTest#ed25519PrivateKey
  shared-checks:dev.aigate.checks.signature.SignatureFuzzTest#ecKeys
  shared-checks:dev.aigate.checks.signature.SignatureFuzzTest#certificates
  shared-checks:dev.aigate.checks.signature.oms.OmsBundleFuzzTest#bundle
  shared-checks:dev.aigate.report.ReportSignatureFuzzTest#legacySignature
  shared-checks:dev.aigate.report.ReportSignatureFuzzTest#reportSet
  shared-checks:dev.aigate.report.ReportSignatureFuzzTest#publicKey
  shared-checks:dev.aigate.report.ReportSignatureFuzzTest#jsonReport
  shared-checks:dev.aigate.core.GitIndexFuzzTest#index
  shared-checks:dev.aigate.checks.datasets.DatasetFilesFuzzTest#shardPartial
  shared-checks:dev.aigate.checks.datasets.DatasetFilesFuzzTest#hashCache
  shared-checks:dev.aigate.checks.datasets.DatasetFilesFuzzTest#dvcLock
  shared-checks:dev.aigate.checks.datasets.DatasetFilesFuzzTest#dvcFile
  shared-checks:dev.aigate.core.files.GlobFuzzTest#glob
  checks-onnx:dev.aigate.checks.robustness.RobustnessFuzzTest#csv
  checks-data:dev.aigate.checks.poisoning.PoisoningFuzzTest#csv
  checks-data:dev.aigate.checks.poisoning.PoisoningFuzzTest#npy
  checks-data:dev.aigate.checks.poisoning.PoisoningFuzzTest#parquet
  checks-data:dev.aigate.checks.poisoning.PoisoningFuzzTest#baseline
  checks-models:dev.aigate.checks.models.ScannerFuzzTest#pickleMachine
  checks-models:dev.aigate.checks.models.ScannerFuzzTest#zipArchives
  checks-models:dev.aigate.checks.models.ScannerFuzzTest#tarArchives
  checks-models:dev.aigate.checks.models.ScannerFuzzTest#kerasArchives
  checks-models:dev.aigate.checks.models.ScannerFuzzTest#hdf5
  checks-models:dev.aigate.checks.models.ScannerFuzzTest#gguf
  checks-models:dev.aigate.checks.models.ScannerFuzzTest#anyFormat
)

if [[ "${1:-}" == "--list" ]]; then
  printf '%s\n' "${HARNESSES[@]}"
  exit 0
fi
if [[ $# -lt 1 || ! "$1" =~ ^[0-9]+$ ]]; then
  echo "usage: $0 SECONDS_PER_HARNESS [module:Class#method ...] | --list" >&2
  exit 2
fi
seconds=$1
shift
selected=("$@")
[[ ${#selected[@]} -gt 0 ]] || selected=("${HARNESSES[@]}")

out=target/fuzz-campaign
mkdir -p "$out"
[[ -f "$out/runs.tsv" ]] || printf 'harness\tseconds\texecutions\tcov\tft\tresult\n' > "$out/runs.tsv"
status=0
for harness in "${selected[@]}"; do
  module=${harness%%:*}
  test=${harness#*:}
  log="$out/${test##*.}.log"
  log=${log//#/-}
  echo "== $harness for ${seconds}s (log: $log)"
  # -max_total_time given this way comes before the annotation's maxDuration and wins; -timeout=10 makes an input
  # that runs longer than 10 s a finding (a JUnit @Timeout would bound the whole campaign instead); -Xmx bounds the memory a
  # single input may take (an OutOfMemoryError is a finding like any other).
  # The other modules build against this checkout's shared-checks (-am), not an installed copy.
  also_make=()
  [[ "$module" == shared-checks ]] || also_make=(-am)
  result=passed
  JAZZER_FUZZ=1 nice -n 19 mvn -B -o test -pl "$module" "${also_make[@]}" -Dtest="${test##*.}" \
      -Dsurefire.failIfNoSpecifiedTests=false -DargLine=-Xmx1g \
      -Djazzer.internal.arg.0=fake_argv0 -Djazzer.internal.arg.1=-max_total_time="$seconds" -Djazzer.internal.arg.2=-timeout=10 \
      > "$log" 2>&1 || { result=FINDING; status=1; }
  stats=$(grep -a -E '^#[0-9]+' "$log" | tail -1 || true)
  execs=$(sed -E 's/^#([0-9]+).*/\1/' <<< "$stats")
  cov=$(grep -o -E 'cov: [0-9]+' <<< "$stats" | cut -d' ' -f2 || true)
  ft=$(grep -o -E 'ft: [0-9]+' <<< "$stats" | cut -d' ' -f2 || true)
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$harness" "$seconds" "${execs:-0}" "${cov:-?}" "${ft:-?}" "$result" \
      | tee -a "$out/runs.tsv"
done
echo "totals per harness:"
awk -F'\t' 'NR > 1 { runs[$1] += $3; secs[$1] += $2; if ($6 != "passed") bad[$1]++ }
  END { for (h in runs) printf "%s\t%ds\t%d executions\t%s\n", h, secs[h], runs[h], (h in bad ? bad[h] " run(s) with findings" : "no findings") }' \
  "$out/runs.tsv" | sort
exit $status
