#!/usr/bin/env bash
# A new user's first hour, from an empty local Maven repository:
#   1. the README's quick-start commands, run as written in a copy of this repository (no target/, no .git);
#   2. a new project outside the reactor whose pom.xml declares the plugin exactly as the README's `xml plugin` block
#      and whose aigate.yml is the README's `yaml policy` block: it locks, verifies (PASS), and fails on a modified
#      file; the CLI the quick start installed is fetched the way the Jenkins steps fetch it and fails the same way.
#
# The local repository starts empty. By default it is filled from the developer's ~/.m2 as if that were the remote
# repository (a file: URL, so the run is fast and needs no network for what it holds), before Maven's own remote
# repository; FIRST_HOUR_SEED=none leaves it out, as on a truly new machine. aigate's own artifacts never come from the seed: they are built.
# FIRST_HOUR_SKIP_TESTS=1 leaves out quick start 2 (CI has just run it in the checkout).
# Usage: tools/first-hour/run.sh [work directory, default: a new temporary one]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-$(mktemp -d "${TMPDIR:-/tmp}/aigate-first-hour.XXXXXX")}
mkdir -p "$work"
work=$(cd "$work" && pwd)
repo=$work/m2-repository
seed=${FIRST_HOUR_SEED:-$HOME/.m2/repository}
log=$work/logs
mkdir -p "$log"
rm -rf "$repo" "$work/aigate" "$work/my-project"

passed=0
pass() {
  passed=$((passed + 1))
  echo "first-hour: ok: $*"
}

fail() {
  echo "first-hour: FAILED: $*" >&2
  exit 1
}

# The fenced blocks of README.md whose info string is "$1" (e.g. "sh quickstart"), separated by NUL bytes.
blocks() {
  awk -v info="$1" '
    $0 == "```" info { inside = 1; next }
    inside && /^```/ { inside = 0; printf "%c", 0; next }
    inside { print }
  ' "$root/README.md"
}

# Maven options for every build below; in .mvn/maven.config so that the README's commands run unchanged.
maven_config() {
  mkdir -p "$1/.mvn"
  {
    echo "-Dmaven.repo.local=$repo"
    if [ "$seed" != none ]; then
      echo "-s"
      echo "$work/settings.xml"
    fi
  } > "$1/.mvn/maven.config"
}

if [ "$seed" != none ]; then
  [ -d "$seed" ] || fail "no seed repository at $seed (set FIRST_HOUR_SEED=none to use Maven's remote repositories)"
  # The seed comes before Maven's own remote repository, which still serves what the seed lacks. Its SNAPSHOTs
  # (aigate's own, from other builds) are off: aigate comes from this build only.
  cat > "$work/settings.xml" <<EOF
<settings>
  <profiles>
    <profile>
      <id>first-hour-seed</id>
      <repositories>
        <repository>
          <id>first-hour-seed</id>
          <url>file://$seed</url>
          <releases><checksumPolicy>ignore</checksumPolicy></releases>
          <snapshots><enabled>false</enabled></snapshots>
        </repository>
      </repositories>
      <pluginRepositories>
        <pluginRepository>
          <id>first-hour-seed</id>
          <url>file://$seed</url>
          <releases><checksumPolicy>ignore</checksumPolicy></releases>
          <snapshots><enabled>false</enabled></snapshots>
        </pluginRepository>
      </pluginRepositories>
    </profile>
  </profiles>
  <activeProfiles>
    <activeProfile>first-hour-seed</activeProfile>
  </activeProfiles>
</settings>
EOF
fi

echo "first-hour: work directory $work, local repository $repo (empty), seed: $seed"

# A clean copy of the sources, as a clone would have them.
mkdir -p "$work/aigate"
(cd "$root" && tar --exclude=./.git --exclude='*/target' --exclude=./target --exclude=./bench/work -cf - .) \
  | (cd "$work/aigate" && tar -xf -)
rm -f "$work/aigate/.git"
maven_config "$work/aigate"

mapfile -d '' quickstart < <(blocks 'sh quickstart')
[ "${#quickstart[@]}" -eq 2 ] || fail "README.md has ${#quickstart[@]} 'sh quickstart' blocks, expected 2"

# Quick start 1: builds and installs, runs the example's gate, ends with the verdict and the report link.
echo "first-hour: quick start 1"
if ! (cd "$work/aigate" && bash -euo pipefail -c "${quickstart[0]}") > "$log/quickstart-1.log" 2>&1; then
  tail -50 "$log/quickstart-1.log" >&2
  fail "quick start 1 (log: $log/quickstart-1.log)"
fi
plain=$log/quickstart-1.plain
sed 's/\x1b\[[0-9;]*m//g' "$log/quickstart-1.log" | sed '/^[[:space:]]*$/d' > "$plain"
tail -1 "$plain" | grep -q 'verdict PASS | report: file:.*examples/digits-classifier/target/aigate/aigate-report.html$' \
  || { tail -5 "$plain" >&2; fail "quick start 1 does not end with the verdict and the report link"; }
if grep -q 'it-repo' "$plain"; then
  fail "quick start 1 prints the integration builds' repository ($(grep -c it-repo "$plain") lines)"
fi
echo "first-hour: quick start 1 printed $(wc -l < "$plain") lines; the last:"
tail -1 "$plain"
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$work/aigate/pom.xml" | head -1)
for artifact in aigate-maven-plugin/$version/aigate-maven-plugin-$version.jar \
    aigate-checks-onnx/$version/aigate-checks-onnx-$version.jar aigate-cli/$version/aigate-cli-$version-all.jar; do
  [ -f "$repo/dev/aigate/$artifact" ] || fail "quick start 1 did not install dev/aigate/$artifact"
done
for jar in "cli/target/aigate-cli-$version-all.jar" cli/target/aigate; do
  [ -f "$work/aigate/$jar" ] || fail "quick start 1 did not build $jar, which the README names"
done
pass "quick start 1 installed the plugin and the CLI and ended with the verdict"

if [ "${FIRST_HOUR_SKIP_TESTS:-0}" != 1 ]; then
  echo "first-hour: quick start 2"
  if ! (cd "$work/aigate" && bash -euo pipefail -c "${quickstart[1]}") > "$log/quickstart-2.log" 2>&1; then
    tail -80 "$log/quickstart-2.log" >&2
    fail "quick start 2 (log: $log/quickstart-2.log)"
  fi
  pass "quick start 2"
fi

# A new project of the user's own, outside the reactor, from the README's blocks as they stand.
project=$work/my-project
mkdir -p "$project/data/train" "$project/data/test" "$project/model"
mapfile -d '' plugin < <(blocks 'xml plugin')
mapfile -d '' policy < <(blocks 'yaml policy')
[ "${#plugin[@]}" -eq 1 ] && [ "${#policy[@]}" -eq 1 ] || fail "README.md needs one 'xml plugin' and one 'yaml policy' block"
{
  cat <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>my-model</artifactId>
  <version>1.0.0-SNAPSHOT</version>
  <packaging>pom</packaging>
  <build>
    <plugins>
EOF
  printf '%s' "${plugin[0]}"
  cat <<'EOF'
    </plugins>
  </build>
</project>
EOF
} > "$project/pom.xml"
printf '%s' "${policy[0]}" > "$project/aigate.yml"
example=$work/aigate/examples/digits-classifier
cp "$example/data/digits/train.csv" "$project/data/train/train.csv"
cp "$example/data/digits/test.csv" "$project/data/test/test.csv"
cp "$example/model/digits-mlp.onnx" "$project/model/classifier.onnx"
maven_config "$project"

user_mvn() {
  local name=$1
  shift
  (cd "$project" && mvn -B -ntp "$@") > "$log/$name.log" 2>&1
}

echo "first-hour: my-project: mvn aigate:lock-datasets"
user_mvn lock aigate:lock-datasets || { tail -40 "$log/lock.log" >&2; fail "lock-datasets in a new project"; }
[ -s "$project/aigate-datasets.lock.json" ] || fail "lock-datasets wrote no aigate-datasets.lock.json"
pass "a new project locks its data with the plugin as the README declares it"

echo "first-hour: my-project: mvn verify (unchanged data)"
user_mvn verify-pass verify || { tail -40 "$log/verify-pass.log" >&2; fail "verify of the new project"; }
grep -q 'verdict PASS' "$log/verify-pass.log" || fail "the new project's gate did not PASS"
pass "the new project's gate passes (README policy: datasets and robustness)"

echo "first-hour: my-project: mvn verify after changing data/train/train.csv"
printf '0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0\n' \
  >> "$project/data/train/train.csv"
if user_mvn verify-fail verify; then
  fail "the gate passed a modified data file"
fi
grep -q 'datasets/file-modified: data/train/train.csv' "$log/verify-fail.log" \
  || { tail -30 "$log/verify-fail.log" >&2; fail "the failure does not name data/train/train.csv"; }
grep -q 'BUILD FAILURE' "$log/verify-fail.log" || fail "no BUILD FAILURE"
pass "the new project's build fails on a modified file, naming it"

# The CLI from the local repository, fetched as the Jenkins steps fetch it, judges the same way (exit 1: FAIL).
echo "first-hour: my-project: the installed CLI"
user_mvn cli-copy org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
  "-Dartifact=dev.aigate:aigate-cli:$version:jar:all" -DoutputDirectory=.aigate/cli \
  || { tail -30 "$log/cli-copy.log" >&2; fail "copying the CLI from the local repository"; }
status=0
(cd "$project" && java -jar ".aigate/cli/aigate-cli-$version-all.jar" datasets verify --policy aigate.yml) \
  > "$log/cli-verify.log" 2>&1 || status=$?
[ "$status" -eq 1 ] || { cat "$log/cli-verify.log" >&2; fail "the CLI exited $status on a modified file, not 1"; }
grep -q 'data/train/train.csv' "$log/cli-verify.log" || fail "the CLI does not name data/train/train.csv"

pass "the installed CLI fails the modified file too"

echo "first-hour: $passed passed, 0 failed"
