#!/usr/bin/env bash
# Watermark benchmark: embedding and verification of a 1 GiB SafeTensors file against `cp` of the same file.
# Usage: bench/watermark.sh [repetitions]   (from the repository root; needs python3 with numpy and /usr/bin/time)
# Prints wall time and peak RSS of each run, the medians and the ratios; see docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS="${1:-7}"
WORK=bench/work/watermark
mkdir -p "$WORK"
JAR=$(ls cli/target/aigate-cli-*-all.jar 2>/dev/null | head -1 || true)
if [ -z "$JAR" ]; then
  mvn -B -q -ntp install -DskipTests
  JAR=$(ls cli/target/aigate-cli-*-all.jar | head -1)
fi
PY=/usr/bin/python3
MODEL="$WORK/model-1gib.safetensors"
if [ ! -s "$MODEL" ]; then
  echo "generating $MODEL (1 GiB, 16 F32 tensors of 16 Mi elements)"
  "$PY" - "$MODEL" <<'PYEOF'
import json, struct, sys
import numpy as np
path = sys.argv[1]
rng = np.random.default_rng(0)
n = 16 * 1024 * 1024
names = [f"layers.{i // 4}.{['attn.qkv', 'attn.out', 'mlp.up', 'mlp.down'][i % 4]}.weight" for i in range(16)]
header, offset = {"__metadata__": {"format": "pt"}}, 0
for name in names:
    header[name] = {"dtype": "F32", "shape": [4096, 4096], "data_offsets": [offset, offset + 4 * n]}
    offset += 4 * n
text = json.dumps(header, separators=(",", ":")).encode()
text += b" " * ((8 - (8 + len(text)) % 8) % 8)
with open(path, "wb") as f:
    f.write(struct.pack("<Q", len(text)))
    f.write(text)
    for i, name in enumerate(names):
        (rng.standard_normal(n, dtype=np.float32) * (0.02 + 0.01 * (i % 4))).astype("<f4").tofile(f)
PYEOF
fi
KEY="$WORK/wm.key"
[ -s "$KEY" ] || java -jar "$JAR" keygen --watermark -o "$KEY" >/dev/null
PAYLOAD=00c0ffee5eed0001
OUT="$WORK/out.safetensors"
measure() { # name, command...: appends "name seconds maxrss_kb" to $RESULTS
  local name=$1; shift
  rm -f "$OUT"
  sync   # earlier runs' dirty pages must not be written back on the next contender's time
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >/dev/null
  echo "$name $(cat "$WORK/time.txt")" | tee -a "$RESULTS"
}
RESULTS="$WORK/results.txt"
: > "$RESULTS"
# "tuned": the usual flags for a short-lived Java command line tool (C1 only, serial GC, an application class-data
# archive made once by a training run). "plain": java -jar as is.
ARGS=(--key-file "$KEY" --payload "$PAYLOAD")
rm -f "$WORK/aigate.jsa"
rm -f "$WORK/wm.safetensors"   # embed never replaces an existing output
java -jar "$JAR" watermark embed --in "$MODEL" --out "$WORK/wm.safetensors" "${ARGS[@]}" >/dev/null
java -XX:ArchiveClassesAtExit="$WORK/aigate.jsa" -jar "$JAR" watermark verify --model "$WORK/wm.safetensors" \
  "${ARGS[@]}" >/dev/null 2>&1
TUNED=(-XX:SharedArchiveFile="$WORK/aigate.jsa" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
cat "$MODEL" > /dev/null   # warm the page cache once, for every contender alike
for r in $(seq 1 "$REPS"); do
  measure cp cp "$MODEL" "$OUT"
  measure cp+sync sh -c "cp '$MODEL' '$OUT' && sync '$OUT'"
  measure embed java -jar "$JAR" watermark embed --in "$MODEL" --out "$OUT" "${ARGS[@]}"
  measure embed-tuned java "${TUNED[@]}" -jar "$JAR" watermark embed --in "$MODEL" --out "$OUT" "${ARGS[@]}"
  measure verify java -jar "$JAR" watermark verify --model "$WORK/wm.safetensors" "${ARGS[@]}"
  measure verify-tuned java "${TUNED[@]}" -jar "$JAR" watermark verify --model "$WORK/wm.safetensors" "${ARGS[@]}"
done
rm -f "$WORK/wm.safetensors"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
rm -f "$OUT"
"$PY" - "$RESULTS" <<'PYEOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
names = ("cp", "cp+sync", "embed", "embed-tuned", "verify", "verify-tuned")
times = {n: [float(r[1]) for r in rows if r[0] == n] for n in names}
rss = max(float(r[2]) for r in rows if r[0].startswith(("embed", "verify"))) / 1024
for stat, f in (("median", statistics.median), ("min", min)):
    t = {n: f(v) for n, v in times.items()}
    print(f"{stat:6} seconds: " + ", ".join(f"{n} {t[n]:.2f}" for n in names))
    print(f"{stat:6} ratios: embed/cp {t['embed'] / t['cp']:.2f} (tuned {t['embed-tuned'] / t['cp']:.2f}; target <= 2),"
          f" embed/(cp+sync) {t['embed'] / t['cp+sync']:.2f} (tuned {t['embed-tuned'] / t['cp+sync']:.2f}),"
          f" verify/cp {t['verify'] / t['cp']:.2f} (tuned {t['verify-tuned'] / t['cp']:.2f}; target <= 1)")
print(f"peak RSS of embed/verify: {rss:.0f} MB (target <= 512 MB)")
PYEOF
