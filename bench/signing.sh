#!/usr/bin/env bash
# Whole-process benchmark of OMS model signing and verification: aigate against sigstore's model_signing (PyPI
# model-signing) on the same files, in the same run.
#
#   mvn -B -q package -pl cli -am -DskipTests && bash bench/signing.sh [repetitions]     (from the repository root)
#
# model_signing comes from MODEL_SIGNING_VENV (a virtualenv with model-signing installed), else from
# shared-checks/target/interop-venv (made by the interop tests: mvn verify -Pinterop -pl shared-checks -am).
# Data (made once under bench/work/oms/, which git ignores): a 4 GiB model of four 1 GiB files of random bytes, and one
# 4 GiB file (the four concatenated). Every command runs once to warm the page cache, then REPS times; the median
# wall time and the largest peak RSS (GNU time's %M) are reported, and ratios to model_signing measured in this run.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-3}
WORK=bench/work/oms
JAR=$(ls cli/target/aigate-cli-*-all.jar | head -n 1)
JAVA=${JAVA:-java}
VENV=${MODEL_SIGNING_VENV:-shared-checks/target/interop-venv}
MS=$VENV/bin/model_signing
SHARD=100000000
[ -x "$MS" ] || { echo "no model_signing at $MS (set MODEL_SIGNING_VENV)" >&2; exit 2; }

mkdir -p "$WORK/model" "$WORK/one" "$WORK/classes"
for i in 0 1 2 3; do
  [ -s "$WORK/model/part-$i.bin" ] || head -c $((1024 * 1024 * 1024)) /dev/urandom > "$WORK/model/part-$i.bin"
done
[ -s "$WORK/one/model-4gib.bin" ] || cat "$WORK"/model/part-*.bin > "$WORK/one/model-4gib.bin"
javac -d "$WORK/classes" -cp "$JAR" bench/OmsSigning.java
CP="$WORK/classes:$JAR"
aigate() { "$JAVA" -cp "$CP" OmsSigning "$@"; }
aigate keygen "$WORK/key.pem" "$WORK/key.pub"

# measure NAME COMMAND...: prints "NAME median_wall_seconds peak_rss_kib median_cpu_seconds" (cpu: user + system, which
# a busy shared machine disturbs far less than wall time)
measure() {
  local name=$1; shift
  "$@" > /dev/null 2>&1 || { echo "$name failed" >&2; exit 1; }
  local times=() cpus=() rss=0
  for _ in $(seq "$REPS"); do
    local wall r user sys
    /usr/bin/time -o "$WORK/time.txt" -f '%e %M %U %S' "$@" > /dev/null 2>&1
    read -r wall r user sys < <(tail -n 1 "$WORK/time.txt")
    times+=("$wall")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')")
    [ "$r" -gt "$rss" ] && rss=$r
  done
  local median cpu
  median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')
  echo "$name $median $rss $cpu"
}

MSV="import sys
from model_signing import verifying
verifying.Config().use_elliptic_key_verifier(public_key=sys.argv[1]).verify(sys.argv[2], sys.argv[3])"
{
  measure ms-sign "$MS" sign key --private_key "$WORK/key.pem" --signature "$WORK/ms.sig" "$WORK/model"
  measure aigate-sign "$JAVA" -cp "$CP" OmsSigning sign "$WORK/model" "$WORK/aigate.sig" "$WORK/key.pem" 0 2
  measure ms-verify "$MS" verify key --public_key "$WORK/key.pub" --signature "$WORK/ms.sig" "$WORK/model"
  measure aigate-verify "$JAVA" -cp "$CP" OmsSigning verify "$WORK/model" "$WORK/aigate.sig" "$WORK/key.pub" 2
  aigate sign "$WORK/one" "$WORK/shards.sig" "$WORK/key.pem" "$SHARD" 2
  measure aigate-shards-1t "$JAVA" -cp "$CP" OmsSigning verify "$WORK/one" "$WORK/shards.sig" "$WORK/key.pub" 1
  measure aigate-shards-2t "$JAVA" -cp "$CP" OmsSigning verify "$WORK/one" "$WORK/shards.sig" "$WORK/key.pub" 2
  measure ms-shards "$VENV/bin/python" -c "$MSV" "$WORK/key.pub" "$WORK/one" "$WORK/shards.sig"
} | tee "$WORK/results.txt"

awk '
  {t[$1] = $2; m[$1] = $3; c[$1] = $4}
  END {
    printf "\nratios (lower is faster):\n"
    printf "  load average at the end: %s\n", "'"$(cut -d' ' -f1-3 /proc/loadavg)"'"
    printf "  CPU time (user + system), 4 x 1 GiB: sign aigate / model_signing = %.2f, verify %.2f; shards 2t / 1t = %.2f\n", c["aigate-sign"] / c["ms-sign"], c["aigate-verify"] / c["ms-verify"], c["aigate-shards-2t"] / c["aigate-shards-1t"]
    printf "  4 x 1 GiB, sign:   aigate / model_signing = %.2f (target <= 1)\n", t["aigate-sign"] / t["ms-sign"]
    printf "  4 x 1 GiB, verify: aigate / model_signing = %.2f (target <= 1)\n", t["aigate-verify"] / t["ms-verify"]
    printf "  4 GiB file, shards of %d bytes: 1 thread / 2 threads = %.2fx (target >= 1.8); aigate(2t) / model_signing API = %.2f\n", '"$SHARD"', t["aigate-shards-1t"] / t["aigate-shards-2t"], t["aigate-shards-2t"] / t["ms-shards"]
    peak = 0; for (k in m) if (k ~ /^aigate/ && m[k] > peak) peak = m[k]
    printf "  peak RSS of aigate: %d MiB (target < 256 MB); model_signing: sign %d MiB, verify %d MiB\n", peak / 1024, m["ms-sign"] / 1024, m["ms-verify"] / 1024
  }' "$WORK/results.txt"
