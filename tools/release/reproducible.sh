#!/usr/bin/env bash
# Reproducible jars: builds the same sources twice, in two copies at different paths and at different times (umask
# 022 in both: Maven keeps the file modes the umask gives, as its reproducible-builds guide says), and compares every artifact a release ships (jars, the CLI's runnable jar, the SBOMs) byte for byte.
# Relies on project.build.outputTimestamp (pom.xml). Prints each artifact's SHA-256 and exits 1 on any difference.
# Usage: tools/release/reproducible.sh [work directory, default: a new temporary one]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-$(mktemp -d "${TMPDIR:-/tmp}/aigate-reproducible.XXXXXX")}
mkdir -p "$work"
work=$(cd "$work" && pwd)

# One snapshot of the sources for both builds, so an edit made meanwhile cannot pass for a difference of the build.
(cd "$root" && tar --exclude=./.git --exclude='*/target' --exclude=./target --exclude=./bench/work -cf - .) \
  > "$work/sources.tar"

build() {
  local copy=$work/$1
  rm -rf "$copy"
  mkdir -p "$copy"
  (cd "$copy" && tar -xf "$work/sources.tar")
  # 'package' only: nothing is installed. The example and the Jenkins tests are not needed for the artifacts.
  (cd "$copy" && umask "$2" && mvn -B -ntp -q package -DskipTests -pl '!examples/digits-classifier') \
    > "$work/$1.log" 2>&1 || { tail -40 "$work/$1.log" >&2; echo "reproducible: build $1 failed" >&2; exit 1; }
}

# The shipped artifacts, as paths relative to the copy.
artifacts() {
  (cd "$1" && find . -path '*/target/*' -maxdepth 3 -type f \( -name '*.jar' -o -name '*-cyclonedx.json' \
    -o -name '*-cyclonedx.xml' \) | LC_ALL=C sort)
}

echo "reproducible: build 1"
build one 022
sleep 2 # a later clock: a timestamp that leaks in shows as a difference
echo "reproducible: build 2"
build two 022

passed=0
failed=0
while read -r artifact; do
  a=$(sha256sum "$work/one/$artifact" | cut -d' ' -f1)
  if [ ! -f "$work/two/$artifact" ]; then
    echo "DIFFERENT $artifact: missing from build 2"
    failed=$((failed + 1))
    continue
  fi
  b=$(sha256sum "$work/two/$artifact" | cut -d' ' -f1)
  if [ "$a" = "$b" ]; then
    echo "same      $a  $artifact"
    passed=$((passed + 1))
  else
    echo "DIFFERENT $a $b  $artifact"
    failed=$((failed + 1))
  fi
done < <(artifacts "$work/one")
[ "$passed" -gt 0 ] || { echo "reproducible: no artifacts found" >&2; exit 1; }
echo "reproducible: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
