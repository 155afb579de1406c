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
# One warm-up round, then REPS interleaved rounds; the median wall time and the largest peak RSS (GNU time's %M) are
# reported, and the ratios go into docs/benchmarks.md.
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

# once NAME COMMAND...: runs it once, appends "NAME seconds peak_rss_kib" to $WORK/runs.txt
once() {
  local name=$1; shift
  /usr/bin/time -o "$WORK/time.txt" -f '%e %M' "$@" > /dev/null 2>&1 || true
  echo "$name $(tail -n 1 "$WORK/time.txt")" >> "$WORK/runs.txt"
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
# Rounds are interleaved (every round runs every contender once), so a change in the machine's load hits all alike;
# the first round only warms the page cache and is not counted.
round() {
  once sha256sum-1gib sha256sum "$WORK/ckpt/model.pt"
  once aigate-1gib $(scan ckpt)
  once jar-1gib $(jar ckpt)
  once sha256sum-10k bash -c "cd '$WORK/many/pickles' && find . -type f -print0 | xargs -0 sha256sum"
  once aigate-10k $(scan many)
  once jar-10k $(jar many)
  if [ -x "$PEERS/picklescan" ]; then
    once picklescan-1gib "$PEERS/picklescan" -p "$WORK/ckpt/model.pt"
    once picklescan-10k "$PEERS/picklescan" -p "$WORK/many/pickles"
  fi
  if [ -x "$PEERS/modelscan" ]; then
    once modelscan-1gib "$PEERS/modelscan" -p "$WORK/ckpt/model.pt"
    once modelscan-10k "$PEERS/modelscan" -p "$WORK/many/pickles"
  fi
}
round
: > "$WORK/runs.txt"
for _ in $(seq "$REPS"); do round; done
# "NAME median_seconds peak_rss_kib" per contender, in the order first run
awk '
  !($1 in n) { order[++k] = $1 }
  { n[$1]++; t[$1, n[$1]] = $2; if ($3 > m[$1]) m[$1] = $3 }
  END {
    for (o = 1; o <= k; o++) {
      name = order[o]; c = n[name]
      for (i = 1; i <= c; i++) v[i] = t[name, i]
      for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (v[j] < v[i]) { x = v[i]; v[i] = v[j]; v[j] = x }
      print name, v[int((c + 1) / 2)], m[name]
    }
  }' "$WORK/runs.txt" | tee "$WORK/results.txt"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), processors: $(nproc), rounds: $REPS"
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
