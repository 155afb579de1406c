#!/usr/bin/env bash
# Whole-process benchmark of model-file scanning (the models check), against sha256sum and the Python scanners on the
# same files, in the same run.
#
#   bash bench/models.sh [repetitions]     (from the repository root, after
#                                           mvn -B -o -q package -DskipTests -pl cli -am, and bash bench/models-peers.sh
#                                           once, which installs picklescan and modelscan into bench/work/peers)
#
# Data (made once under bench/work/models/, which git ignores, with Debian's /usr/bin/python3 and python3-torch):
#   ckpt/   one PyTorch checkpoint of 1 GiB (torch.save of a state dict of 16 float32 tensors of 64 MiB)
#   many/   10,000 small pickles (pickle.dumps of dicts of NumPy arrays, lists and strings, 1-4 KiB each)
# Every command runs once to warm the page cache, then REPS times; the median wall time and the largest peak RSS
# (GNU time's %M) are reported, and the ratios go into docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-3}
WORK=bench/work/models
JAR=$(ls cli/target/aigate-cli-*-all.jar | head -n 1)
JAVA=${JAVA:-java}
PEERS=bench/work/peers/bin

make_data() {
  mkdir -p "$WORK/ckpt" "$WORK/many/pickles"
  if [ ! -s "$WORK/ckpt/model.pt" ]; then
    /usr/bin/python3 -c "
import torch
torch.manual_seed(0)
torch.save({'layer%d.weight' % i: torch.randn(4096, 4096) for i in range(16)}, '$WORK/ckpt/model.pt')"
  fi
  if [ "$(find "$WORK/many/pickles" -type f | wc -l)" -ne 10000 ]; then
    rm -rf "$WORK/many/pickles" && mkdir -p "$WORK/many/pickles"
    /usr/bin/python3 -c "
import os, pickle, numpy as np
rng = np.random.default_rng(0)
for i in range(10000):
    d = '$WORK/many/pickles/d%02d' % (i // 100)
    os.makedirs(d, exist_ok=True)
    obj = {'step': i, 'w': rng.standard_normal(int(rng.integers(64, 400))).astype(np.float32),
           'labels': ['class-%d' % k for k in range(10)], 'lr': 0.001 * i}
    with open('%s/p%05d.pkl' % (d, i), 'wb') as f:
        pickle.dump(obj, f, protocol=4)"
  fi
  printf 'version: 1\nmodels:\n  paths: [model.pt]\n' > "$WORK/ckpt/aigate.yml"
  printf 'version: 1\nmodels:\n  paths: [pickles]\n' > "$WORK/many/aigate.yml"
}

# measure NAME COMMAND...: prints "NAME median_seconds peak_rss_kib"
measure() {
  local name=$1; shift
  "$@" > /dev/null 2>&1 || true
  local times=() rss=0
  for _ in $(seq "$REPS"); do
    local out
    /usr/bin/time -o "$WORK/time.txt" -f '%e %M' "$@" > /dev/null 2>&1 || true
    out=$(tail -n 1 "$WORK/time.txt")
    times+=("${out% *}")
    local r=${out#* }
    [ "$r" -gt "$rss" ] && rss=$r
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')
  echo "$name $median $rss"
}

# aigate models scan PATH, in the data's folder as its project (the policy there only names the same path), as users
# run it: through the launcher cli/target/aigate (an application class-data archive made by its first run, the serial
# collector and a capped young generation; docs/benchmarks.md, "JVM options of the launcher"). "jar" is the same scan
# as `java -jar` with the JVM's own defaults (G1, initial heap 1/64 of RAM), for comparison.
LAUNCHER=cli/target/aigate
export AIGATE_CACHE="$WORK/cds"
mkdir -p "$WORK"
target() { [ "$1" = ckpt ] && echo model.pt || echo pickles; }
scan() { echo "$LAUNCHER" models scan --policy "$WORK/$1/aigate.yml" --report-dir "$WORK/$1/report" \
  --no-progress -q "$(target "$1")"; }
jar() { echo "$JAVA" -jar "$JAR" models scan --policy "$WORK/$1/aigate.yml" --report-dir "$WORK/$1/report" \
  --no-progress -q "$(target "$1")"; }

make_data
# The runs must pass: a benchmark of a scan that errors would measure nothing.
$(scan ckpt) > /dev/null
$(scan many) > /dev/null
$(jar many) > /dev/null
{
  measure sha256sum-1gib sha256sum "$WORK/ckpt/model.pt"
  measure aigate-1gib $(scan ckpt)
  measure jar-1gib $(jar ckpt)
  measure sha256sum-10k bash -c "cd '$WORK/many/pickles' && find . -type f -print0 | xargs -0 sha256sum"
  measure aigate-10k $(scan many)
  measure jar-10k $(jar many)
  if [ -x "$PEERS/picklescan" ]; then
    measure picklescan-1gib "$PEERS/picklescan" -p "$WORK/ckpt/model.pt"
    measure picklescan-10k "$PEERS/picklescan" -p "$WORK/many/pickles"
  fi
  if [ -x "$PEERS/modelscan" ]; then
    measure modelscan-1gib "$PEERS/modelscan" -p "$WORK/ckpt/model.pt"
    measure modelscan-10k "$PEERS/modelscan" -p "$WORK/many/pickles"
  fi
} | tee "$WORK/results.txt"

awk '
  {t[$1] = $2; m[$1] = $3}
  END {
    printf "\nratios (lower is faster):\n"
    printf "  1 GiB checkpoint: aigate / sha256sum = %.2f (target < 1), java -jar %.2f", t["aigate-1gib"] / t["sha256sum-1gib"], t["jar-1gib"] / t["sha256sum-1gib"]
    if ("picklescan-1gib" in t) printf "; aigate / picklescan = %.2f", t["aigate-1gib"] / t["picklescan-1gib"]
    if ("modelscan-1gib" in t) printf "; aigate / modelscan = %.2f", t["aigate-1gib"] / t["modelscan-1gib"]
    printf "\n  10,000 pickles: aigate / sha256sum = %.2f", t["aigate-10k"] / t["sha256sum-10k"]
    if ("picklescan-10k" in t) printf "; aigate / picklescan = %.2f (target < 1), java -jar %.2f", t["aigate-10k"] / t["picklescan-10k"], t["jar-10k"] / t["picklescan-10k"]
    if ("modelscan-10k" in t) printf "; aigate / modelscan = %.2f (target < 1), java -jar %.2f", t["aigate-10k"] / t["modelscan-10k"], t["jar-10k"] / t["modelscan-10k"]
    printf "\n  peak RSS: 1 GiB checkpoint %d MiB (java -jar %d), 10,000 pickles %d MiB (java -jar %d) (target < 256 MiB)\n", m["aigate-1gib"] / 1024, m["jar-1gib"] / 1024, m["aigate-10k"] / 1024, m["jar-10k"] / 1024
  }' "$WORK/results.txt"
