#!/usr/bin/env bash
# Sharded dataset verification and incremental re-verification, whole processes, ratios measured in the same run.
#
#   bash bench/shards.sh [repetitions] [GiB]   (from the repository root, after
#                                               `mvn -B -q package -pl cli -am -DskipTests`)
#
# Data (made once under bench/work/, which git ignores):
#   shards/      one file of half the bytes (chunked by the default 64 MiB chunkBytes) and 1 MiB files for the other
#                half: GiB=4 gives one 2 GiB file and 2,048 small ones, the shape ShardPlanTest checks for balance;
#   incremental/ 10,000 files of FILE_KIB KiB (default 256) in 100 directories, verified with and without the cache.
# The page cache is warmed before every measurement; medians of REPS runs, wall and CPU (user + system) seconds.
# BENCH=shards or BENCH=incremental runs one half. COLD=1 (root only: it writes /proc/sys/vm/drop_caches) empties the
# page cache before every timed run instead, so that data, metadata and the JVM's own files come from the disk, as
# on a persistent agent whose dataset was written long before the build.
#
# Every process runs through the launcher as shipped and as users run it, cli/target/aigate (a copy of
# cli/src/main/dist/aigate next to the jar: its JVM defaults and its class-data archive), not `java -jar`. The archive
# is kept in $AIGATE_CACHE (default bench/work/cds), made afresh by one untimed run of each half before its
# measurements, so that it holds the classes that half loads. JAVA chooses the runtime, AIGATE_JAVA_OPTS adds options.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-3}
GIB=${2:-4}
SHARDS=16
FILE_KIB=${FILE_KIB:-256}
WORK=bench/work
LAUNCHER=${LAUNCHER:-cli/target/aigate}
[ -x "$LAUNCHER" ] || { echo "no $LAUNCHER: build with mvn -B -q package -pl cli -am -DskipTests" >&2; exit 2; }
export AIGATE_CACHE=${AIGATE_CACHE:-$PWD/$WORK/cds}
CLI=("$LAUNCHER")

make_shard_data() {
  local dir=$WORK/shards half=$((GIB * 512))
  mkdir -p "$dir/data/small"
  if [ "$(stat -c %s "$dir/data/huge.bin" 2>/dev/null || echo 0)" -ne $((half * 1024 * 1024)) ]; then
    head -c $((half * 1024 * 1024)) /dev/urandom > "$dir/data/huge.bin"
  fi
  if [ "$(find "$dir/data/small" -type f | wc -l)" -ne "$half" ]; then
    rm -rf "$dir/data/small" && mkdir -p "$dir/data/small"
    head -c $((half * 1024 * 1024)) /dev/urandom | split -b 1048576 -a 5 -d - "$dir/data/small/part-"
  fi
  printf 'version: 1\ndatasets:\n  sets:\n    - name: train\n      path: data\n' > "$dir/aigate.yml"
  "${CLI[@]}" datasets lock --policy "$dir/aigate.yml" --no-progress > /dev/null
}

make_incremental_data() {
  local dir=$WORK/incremental
  mkdir -p "$dir/data"
  if [ "$(find "$dir/data" -type f | wc -l)" -ne 10000 ] \
      || [ "$(stat -c %s "$dir/data/d00/part-0000.bin")" -ne $((FILE_KIB * 1024)) ]; then
    rm -rf "$dir/data" && mkdir -p "$dir/data"
    head -c $((10000 * FILE_KIB * 1024)) /dev/urandom | split -b $((FILE_KIB * 1024)) -a 4 -d - "$dir/data/part-"
    (cd "$dir/data" && i=0 && for f in part-*; do d=$(printf 'd%02d' $((i / 100))); mkdir -p "$d";
      mv "$f" "$d/$f.bin"; i=$((i + 1)); done)
  fi
  printf 'version: 1\ndatasets:\n  sets:\n    - name: many\n      path: data\n' > "$dir/full.yml"
  printf 'version: 1\ndatasets:\n  cache: cache/datasets-cache.json\n  sets:\n    - name: many\n      path: data\n' \
    > "$dir/cached.yml"
  "${CLI[@]}" datasets lock --policy "$dir/full.yml" --no-progress > /dev/null
}

warm() {
  find "$1" -type f -exec cat {} + > /dev/null
}

# fresh_archive COMMAND...: a new class-data archive, made by one untimed run of COMMAND
fresh_archive() {
  rm -rf "$AIGATE_CACHE"
  "$@" > /dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
}

# median of the arguments
median() {
  printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'
}

# seconds COMMAND...: "wall cpu" seconds of one run (cpu: user + system of the command and its children)
seconds() {
  if [ "${COLD:-0}" = 1 ]; then
    sync && echo 3 > /proc/sys/vm/drop_caches
  fi
  /usr/bin/time -o "$WORK/time.txt" -f '%e %U %S' "$@" > /dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  awk '{printf "%s %.2f\n", $1, $2 + $3}' "$WORK/time.txt"
}

# timed NAME COMMAND...: prints "NAME wall MEDIAN cpu MEDIAN"
timed() {
  local name=$1 walls=() cpus=() run
  shift
  for _ in $(seq "$REPS"); do
    run=$(seconds "$@")
    walls+=("${run% *}")
    cpus+=("${run#* }")
  done
  printf '%s wall %.2f cpu %.2f\n' "$name" "$(median "${walls[@]}")" "$(median "${cpus[@]}")"
}

# A script of its own, so that GNU time counts every shard process as its child.
write_all_shards_script() {
  {
    echo '#!/usr/bin/env bash'
    echo 'set -euo pipefail'
    for k in $(seq $SHARDS); do
      printf '%q datasets verify-shard --policy %q --shard %s/%s --threads 1 --no-progress >/dev/null 2>&1 &\n' \
        "$LAUNCHER" "$WORK/shards/aigate.yml" "$k" "$SHARDS"
    done
    echo 'for job in $(jobs -p); do wait "$job"; done'
  } > "$WORK/all-shards.sh"
  chmod +x "$WORK/all-shards.sh"
}

shards_one_after_another() {
  local dir=$WORK/shards longest=0 wall=0 cpu=0 run
  for k in $(seq $SHARDS); do
    run=$(seconds "${CLI[@]}" datasets verify-shard --policy "$dir/aigate.yml" --shard "$k/$SHARDS" --threads 1 \
      --no-progress)
    wall=$(echo "$wall + ${run% *}" | bc -l)
    cpu=$(echo "$cpu + ${run#* }" | bc -l)
    longest=$(echo "if (${run% *} > $longest) ${run% *} else $longest" | bc -l)
  done
  printf 'shards-one-after-another wall %.2f cpu %.2f longest-shard-wall %.2f\n' "$wall" "$cpu" "$longest"
}

shard_bench() {
  local dir=$WORK/shards
  make_shard_data
  warm "$dir/data"
  fresh_archive "${CLI[@]}" datasets verify --policy "$dir/aigate.yml" --no-progress --report-dir "$dir/report-one"
  echo "# $GIB GiB: $(find "$dir/data" -type f | wc -l) files, $SHARDS shards, $(nproc) cores," \
    "load $(cut -d' ' -f1 /proc/loadavg)"
  timed one-process-1-thread "${CLI[@]}" datasets verify --policy "$dir/aigate.yml" --threads 1 --no-progress \
    --report-dir "$dir/report-one"
  timed one-process-all-threads "${CLI[@]}" datasets verify --policy "$dir/aigate.yml" --no-progress \
    --report-dir "$dir/report-one"
  write_all_shards_script
  timed "$SHARDS-processes-at-once" "$WORK/all-shards.sh"
  timed merge "${CLI[@]}" datasets merge --policy "$dir/aigate.yml" --no-progress --report-dir "$dir/report-merged"
  grep -q '"verdict" : "PASS"' "$dir/report-merged/aigate-report.json"
  shards_one_after_another
  echo "# load $(cut -d' ' -f1 /proc/loadavg)"
}

incremental_bench() {
  local dir=$WORK/incremental
  make_incremental_data
  rm -rf "$dir/cache"
  sleep 3 # the cache keeps only files whose times are 2 s older than the start of hashing
  warm "$dir/data"
  # Fills the cache, and makes the class-data archive.
  fresh_archive "${CLI[@]}" datasets verify --policy "$dir/cached.yml" --no-progress --report-dir "$dir/report-cached"
  echo "# incremental: 10,000 files of $FILE_KIB KiB, page cache $([ "${COLD:-0}" = 1 ] && echo "emptied before" \
    || echo "warm for") every run, load $(cut -d' ' -f1 /proc/loadavg)"
  timed full-verification "${CLI[@]}" datasets verify --policy "$dir/full.yml" --no-progress \
    --report-dir "$dir/report-full"
  timed cached-verification "${CLI[@]}" datasets verify --policy "$dir/cached.yml" --no-progress \
    --report-dir "$dir/report-cached"
  for kind in full cached; do
    python3 -c "import json,sys; c=json.load(open(sys.argv[1]))['checks'][0]; \
print(sys.argv[2] + '-check-phase-ms', c['durationMillis'], 'cacheHits', c['metrics'].get('cacheHits', 0))" \
      "$dir/report-$kind/aigate-report.json" "$kind"
  done
  echo "# load $(cut -d' ' -f1 /proc/loadavg)"
}

case "${BENCH:-all}" in
  shards) shard_bench ;;
  incremental) incremental_bench ;;
  *) shard_bench; incremental_bench ;;
esac
