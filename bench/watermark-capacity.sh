#!/usr/bin/env bash
# Watermark fidelity and survival: the tables of docs/watermark.md ("Fidelity", "Capacity").
# Usage: bench/watermark-capacity.sh   (from the repository root; needs Maven and the local repository's dependencies)
# Fidelity: 20 keys per digits fixture, clean accuracy in ONNX Runtime before and after embedding (mean and worst
# drop, and with the fidelity guard). Survival: score retention after magnitude pruning and Gaussian noise on models
# of 650 to 4M parameters, the measurements behind dev.aigate.checks.watermark.Capacity.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=bench/work/watermark-capacity
mkdir -p "$WORK"
# Each module of the reactor writes its class path to the file; checks-onnx, built last, wins.
mvn -B -o -q compile dependency:build-classpath -pl checks-onnx -am -Dmdep.outputFile="$PWD/$WORK/classpath.txt"
CP="checks-onnx/target/classes:$(cat "$WORK/classpath.txt")"
java -cp "$CP" bench/WatermarkCapacity.java "$WORK" | tee "$WORK/results.md"
