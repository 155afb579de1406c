#!/usr/bin/env bash
# Totals per harness over every run in target/fuzz-campaign/runs.tsv (written by campaign.sh), as a Markdown table:
# seconds and executions summed, coverage (cov, ft) of the last run, and the runs that had a finding.
set -euo pipefail
cd "$(dirname "$0")/../.."
awk -F'\t' '
  NR == 1 || $1 !~ /:/ { next }
  !($1 in secs) { order[++n] = $1 }
  { secs[$1] += $2; execs[$1] += $3; cov[$1] = $4; ft[$1] = $5; if ($6 != "passed") bad[$1]++ }
  END {
    print "| Harness | Seconds | Executions | cov | ft | Runs with a finding |"
    print "|---|---:|---:|---:|---:|---:|"
    for (i = 1; i <= n; i++) {
      h = order[i]; total += execs[h]
      printf "| `%s` | %d | %d | %s | %s | %d |\n", h, secs[h], execs[h], cov[h], ft[h], bad[h]
    }
    printf "| all %d harnesses | | %d | | | |\n", n, total
  }' target/fuzz-campaign/runs.tsv
