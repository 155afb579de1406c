#!/usr/bin/env bash
# What a cached re-verification costs beyond its work: the JVM's start, warm-up and compilation. Interleaved rounds,
# every process through the launcher as shipped (cli/target/aigate), page cache warm:
#   aigate --version; a gate run of a one-file dataset; the 10,000-file dataset of bench/shards.sh verified with and
#   without its cache, with the launcher's JVM and with a C1-only JVM (-XX:TieredStopAtLevel=1); then the cached
#   verification run 8 times in one JVM (bench/CachedLoop.java), which shows its cost once the JVM is warm.
#
#   BENCH=incremental bash bench/shards.sh 1   # makes bench/work/incremental (10,000 files of 256 KiB) and its cache
#   bash bench/warmup.sh [rounds]              # default 3
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
WORK=bench/work
LAUNCHER=cli/target/aigate
JAR=$(ls cli/target/aigate-cli-*-all.jar 2>/dev/null | head -n 1 || true)
[ -x "$LAUNCHER" ] && [ -n "$JAR" ] || { echo "no CLI: mvn -B -q package -pl cli -am -DskipTests" >&2; exit 2; }
INC=$WORK/incremental
[ -f "$INC/cached.yml" ] && [ -d "$INC/cache" ] \
  || { echo "no $INC with its cache: run BENCH=incremental bash bench/shards.sh 1 first" >&2; exit 2; }
export AIGATE_CACHE=${AIGATE_CACHE:-$PWD/$WORK/cds}

ONE=$WORK/one-file
mkdir -p "$ONE/data"
echo 'x' > "$ONE/data/a.txt"
printf 'version: 1\ndatasets:\n  cache: cache/c.json\n  sets:\n    - name: one\n      path: data\n' > "$ONE/aigate.yml"
"$LAUNCHER" datasets lock --policy "$ONE/aigate.yml" --no-progress > /dev/null
sleep 3 # the cache keeps only files older than 2 s
"$LAUNCHER" datasets verify --policy "$ONE/aigate.yml" --no-progress --report-dir "$ONE/report" > /dev/null

# seconds NAME COMMAND...: appends "NAME wall cpu" of one run to $WORK/warmup.txt
seconds() {
  local name=$1
  shift
  /usr/bin/time -o "$WORK/time.txt" -f '%e %U %S' "$@" > /dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  awk -v n="$name" '{printf "%s %s %.2f\n", n, $1, $2 + $3}' "$WORK/time.txt" >> "$WORK/warmup.txt"
}

: > "$WORK/warmup.txt"
echo "# load $(cut -d' ' -f1 /proc/loadavg), $ROUNDS interleaved rounds"
for _ in $(seq "$ROUNDS"); do
  seconds version "$LAUNCHER" --version
  seconds one-file-gate "$LAUNCHER" datasets verify --policy "$ONE/aigate.yml" --no-progress --report-dir "$ONE/report"
  for jit in default c1-only; do
    opts=""
    [ "$jit" = c1-only ] && opts="-XX:TieredStopAtLevel=1"
    for kind in full cached; do
      AIGATE_JAVA_OPTS="$opts" seconds "$kind-$jit" "$LAUNCHER" datasets verify --policy "$INC/$kind.yml" \
        --no-progress --report-dir "$INC/report-$kind"
    done
  done
done
awk '{w[$1] = w[$1] " " $2; c[$1] = c[$1] " " $3} END {for (k in w) print k, "wall:" w[k], "cpu:" c[k]}' \
  "$WORK/warmup.txt" | sort
echo "# one JVM (serial collector, as the launcher), 8 cached verifications:"
java -XX:+UseSerialGC -cp "$JAR" bench/CachedLoop.java 8 datasets verify --policy "$INC/cached.yml" --no-progress \
  --report-dir "$INC/report-loop"
echo "# load $(cut -d' ' -f1 /proc/loadavg)"
