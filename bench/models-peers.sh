#!/usr/bin/env bash
# Detection quality of the models check next to picklescan and modelscan, on the committed corpus
# (fixtures/models/expected.tsv). Not part of mvn verify.
#
#   bash bench/models-peers.sh      (from the repository root, after mvn -B -o -q package -DskipTests -pl cli -am)
#
# The peers are installed once into bench/work/peers (a virtualenv; git ignores bench/work/) at the versions the
# results in docs/models.md were measured with. Prints the precision/recall table; the per-file outcomes go to
# bench/work/models-peers.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x bench/work/peers/bin/picklescan ] || [ ! -x bench/work/peers/bin/modelscan ]; then
  mkdir -p bench/work
  "$PYTHON" -m venv bench/work/peers
  bench/work/peers/bin/pip install -q picklescan==1.0.5 modelscan==0.8.8
fi
"$PYTHON" bench/models_peers.py
