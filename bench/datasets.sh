#!/usr/bin/env bash
# Whole-process benchmark of dataset verification against sha256sum and openssl on the same data, same run.
#
#   bash bench/datasets.sh [repetitions]      (from the repository root, after `mvn -B -q install -DskipTests`)
#
# Data (made once under bench/work/, which git ignores): one 1 GiB file of random bytes, and 10,000 files of 64 KiB.
# Every command runs once to warm the page cache, then REPS times; the median wall time and the largest peak RSS
# (GNU time's %M) are reported. Results are ratios to the reference tools measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-5}
WORK=bench/work
JAR=$(ls cli/target/aigate-cli-*-all.jar | head -n 1)
JAVA=${JAVA:-java}

make_data() {
  mkdir -p "$WORK/big/data" "$WORK/many/data"
  if [ ! -s "$WORK/big/data/one-gib.bin" ]; then
    head -c $((1024 * 1024 * 1024)) /dev/urandom > "$WORK/big/data/one-gib.bin"
  fi
  if [ "$(find "$WORK/many/data" -type f | wc -l)" -ne 10000 ]; then
    rm -rf "$WORK/many/data" && mkdir -p "$WORK/many/data"
    # 100 directories of 100 files; contents from one random stream so files differ.
    head -c $((10000 * 65536)) /dev/urandom | split -b 65536 -a 4 -d - "$WORK/many/data/part-"
    (cd "$WORK/many/data" && i=0 && for f in part-*; do d=$(printf 'd%02d' $((i / 100))); mkdir -p "$d";
      mv "$f" "$d/$f.bin"; i=$((i + 1)); done)
  fi
  for set in big many; do
    printf 'version: 1\ndatasets:\n  sets:\n    - name: %s\n      path: data\n' "$set" > "$WORK/$set/aigate.yml"
    "$JAVA" -jar "$JAR" lock --policy "$WORK/$set/aigate.yml" --no-progress > /dev/null
  done
}

# measure NAME COMMAND...: prints "NAME median_seconds peak_rss_kib"
measure() {
  local name=$1; shift
  "$@" > /dev/null 2>&1 || { echo "$name failed" >&2; exit 1; }
  local times=() rss=0
  for _ in $(seq "$REPS"); do
    local out
    /usr/bin/time -o "$WORK/time.txt" -f '%e %M' "$@" > /dev/null 2>&1
    out=$(tail -n 1 "$WORK/time.txt")
    times+=("${out% *}")
    local r=${out#* }
    [ "$r" -gt "$rss" ] && rss=$r
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')
  echo "$name $median $rss"
}

make_data
LAUNCHER=cli/target/aigate
export AIGATE_CACHE="$WORK/cds"
# The launcher (cli/target/aigate) runs the same jar with an application class-data archive; its first (untimed)
# run makes the archive.
launch() { echo "$LAUNCHER" verify --policy "$WORK/$1/aigate.yml" --report-dir "$WORK/$1/report" \
  --no-progress --threads "$2" -q; }
verify() { echo "$JAVA" -jar "$JAR" verify --policy "$WORK/$1/aigate.yml" --report-dir "$WORK/$1/report" \
  --no-progress --threads "$2" -q; }

{
  measure openssl-1gib openssl dgst -sha256 "$WORK/big/data/one-gib.bin"
  measure sha256sum-1gib sha256sum "$WORK/big/data/one-gib.bin"
  measure aigate-1gib $(verify big 1)
  measure launcher-1gib $(launch big 1)
  measure sha256sum-10k bash -c "cd '$WORK/many/data' && find . -type f -print0 | xargs -0 sha256sum"
  measure aigate-10k-1t $(verify many 1)
  measure aigate-10k-2t $(verify many 2)
  measure launcher-10k-1t $(launch many 1)
  measure launcher-10k-2t $(launch many 2)
} | tee "$WORK/results.txt"

awk '
  {t[$1] = $2; m[$1] = $3}
  END {
    printf "\nratios (lower is faster):\n"
    printf "  1 GiB file: aigate / openssl = %.2f (target <= 1.5); with the launcher %.2f; openssl vs sha256sum = %.2fx faster\n", t["aigate-1gib"] / t["openssl-1gib"], t["launcher-1gib"] / t["openssl-1gib"], t["sha256sum-1gib"] / t["openssl-1gib"]
    printf "  10,000 x 64 KiB: 1 thread / 2 threads = %.2fx (target >= 1.7; launcher %.2fx), aigate(2t) / sha256sum = %.2f (target < 1; launcher %.2f)\n", t["aigate-10k-1t"] / t["aigate-10k-2t"], t["launcher-10k-1t"] / t["launcher-10k-2t"], t["aigate-10k-2t"] / t["sha256sum-10k"], t["launcher-10k-2t"] / t["sha256sum-10k"]
    printf "  peak RSS: 1 GiB %d MiB, 10k files %d MiB (target < 256 MiB)\n", m["aigate-1gib"] / 1024, (m["aigate-10k-2t"] > m["aigate-10k-1t"] ? m["aigate-10k-2t"] : m["aigate-10k-1t"]) / 1024
  }' "$WORK/results.txt"

# The hashing phase alone, in one warm process: how the parallel hasher scales without the fixed per-process costs.
"$JAVA" -cp "$JAR" bench/HashScaling.java "$WORK/many/data"
