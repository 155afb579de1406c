#!/usr/bin/env python3
"""Runs aigate, picklescan and modelscan on every entry of the model-scanning corpus (fixtures/models/expected.tsv)
and prints precision and recall of each as a build gate, with a per-file table in bench/work/models-peers.tsv.

    bash bench/models-peers.sh        (builds nothing: needs cli/target/aigate-cli-*-all.jar and the peers' venv)

How each tool's outcome is read:
  aigate      its gate verdict: FAIL or ERROR blocks the build, WARN flags, PASS passes.
  picklescan  exit 1 (dangerous globals found) blocks; exit 2 (scan error) blocks only a fail-closed gate; "suspicious"
              globals alone leave exit 0 and are counted as flagged.
  modelscan   exit 1 (issues found) blocks; scan errors (exit 2, or errors in its JSON report, which come with exit 3)
              block only a fail-closed gate; exit 0 or 3 without errors passes.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fixtures", "models")
WORK = os.path.join(ROOT, "bench", "work", "models-peers")
VENV = os.path.join(ROOT, "bench", "work", "peers", "bin")


def run(cmd, cwd=None):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
    return p.returncode, p.stdout


def aigate(jar, path):
    project = os.path.join(WORK, "aigate")
    policy = os.path.join(project, "aigate.yml")
    with open(policy, "w") as f:
        f.write("version: 1\nmodels:\n  paths: [\"%s\"]\n" % path)
    code, output = run(["java", "-jar", jar, "gate", "--policy", policy, "--report-dir",
                        os.path.join(project, "report"), "--no-progress", "-q"])
    verdict = json.load(open(os.path.join(project, "report", "aigate-report.json")))["verdict"]
    return {"FAIL": "block", "ERROR": "error", "WARN": "flag", "PASS": "pass"}[verdict], verdict


def picklescan(path):
    code, output = run([os.path.join(VENV, "picklescan"), "-p", path])
    suspicious = re.search(r"Suspicious globals: (\d+)", output)
    if code == 1:
        return "block", "exit 1"
    if code != 0:
        return "error", "exit %d" % code
    if suspicious and int(suspicious.group(1)) > 0:
        return "flag", "suspicious globals"
    return "pass", "exit 0"


def modelscan(path):
    report = os.path.join(WORK, "modelscan.json")
    if os.path.exists(report):
        os.remove(report)
    code, output = run([os.path.join(VENV, "modelscan"), "-p", path, "-r", "json", "-o", report])
    if code == 1:
        return "block", "exit 1"
    errors = []
    if os.path.exists(report):
        with open(report) as f:
            errors = json.load(f).get("errors") or []
    if code == 2 or errors:
        return "error", "exit %d, %d error(s)" % (code, len(errors))
    return "pass", "exit %d" % code


def summary(rows, tool, fail_closed):
    def blocked(r):
        o = r[tool]
        return o == "block" or (o == "error" and fail_closed)

    mal = [r for r in rows if r["expected"] == "fail"]
    ben = [r for r in rows if r["expected"] == "pass"]
    bad = [r for r in rows if r["expected"] == "error"]
    sus = [r for r in rows if r["expected"] == "suspicious"]
    tp = sum(blocked(r) for r in mal)
    fp = sum(blocked(r) for r in ben)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / len(mal)
    refused = sum(blocked(r) for r in bad)
    flagged = sum(r[tool] != "pass" for r in sus)
    noisy = sum(r[tool] != "pass" for r in ben)
    return tp, len(mal), fp, len(ben), precision, recall, refused, len(bad), flagged, len(sus), noisy


def main():
    jars = sorted(glob.glob(os.path.join(ROOT, "cli", "target", "aigate-cli-*-all.jar")))
    if not jars:
        sys.exit("build the CLI first: mvn -B -o -q package -DskipTests -pl cli -am")
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(os.path.join(WORK, "aigate"))
    # aigate judges paths inside its project: give it a copy of the corpus as a folder of the project.
    shutil.copytree(CORPUS, os.path.join(WORK, "aigate", "corpus"), symlinks=True)
    rows = []
    for line in open(os.path.join(CORPUS, "expected.tsv")):
        if line.startswith("#") or not line.strip():
            continue
        path, expected = line.split("\t")[:2]
        full = os.path.join(CORPUS, path)
        row = {"path": path, "expected": expected}
        row["aigate"], row["aigate-detail"] = aigate(jars[0], "corpus/" + path)
        row["picklescan"], row["picklescan-detail"] = picklescan(full)
        row["modelscan"], row["modelscan-detail"] = modelscan(full)
        rows.append(row)
        print("%-60s %-10s aigate=%-6s picklescan=%-6s modelscan=%-6s" % (
            path, expected, row["aigate"], row["picklescan"], row["modelscan"]), flush=True)
    with open(os.path.join(ROOT, "bench", "work", "models-peers.tsv"), "w") as f:
        f.write("path\texpected\taigate\tpicklescan\tmodelscan\n")
        for r in rows:
            f.write("\t".join([r["path"], r["expected"], r["aigate"], r["picklescan"], r["modelscan"]]) + "\n")
    versions = {}
    for tool in ("picklescan", "modelscan"):
        code, out = run([os.path.join(VENV, "pip"), "show", tool])
        versions[tool] = re.search(r"Version: (\S+)", out).group(1)
    print("\n| tool | gate reading | malicious blocked (recall) | benign blocked | precision | benign with any"
          " warning or error | malformed refused | suspicious flagged |")
    print("|---|---|---|---|---|---|---|---|")
    for tool, label in (("aigate", "aigate"), ("picklescan", "picklescan " + versions["picklescan"]),
                        ("modelscan", "modelscan " + versions["modelscan"])):
        for fail_closed in ((True,) if tool == "aigate" else (False, True)):
            tp, nm, fp, nb, p, r, ref, nbad, fl, ns, noisy = summary(rows, tool, fail_closed)
            reading = "FAIL or ERROR blocks" if tool == "aigate" else (
                "findings block, errors block too" if fail_closed else "findings block (errors pass)")
            print("| %s | %s | %d / %d (%.2f) | %d / %d | %.2f | %d / %d | %d / %d | %d / %d |" % (
                label, reading, tp, nm, r, fp, nb, p, noisy, nb, ref, nbad, fl, ns))


if __name__ == "__main__":
    main()
