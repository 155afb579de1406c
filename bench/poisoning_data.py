#!/usr/bin/python3
"""Synthetic labelled tables for the poisoning benchmark: a 10-class Gaussian mixture in 64 features (class centres
3 standard deviations apart on average), written as CSV with 4 significant digits. Usage:

  bench/poisoning_data.py OUT_DIR APPROVED_ROWS NEW_ROWS

writes OUT_DIR/approved.csv (the baseline) and OUT_DIR/candidate.csv (the approved rows, then the new rows with 2% of
their labels flipped). Deterministic (seed 7).
"""
import os
import sys

import numpy as np


def main():
    out, approved, new = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = np.random.default_rng(7)
    d, classes = 64, 10
    centres = rng.normal(0, 1.5, (classes, d))
    total = approved + new
    y = rng.integers(classes, size=total)
    X = centres[y] + rng.normal(0, 1, (total, d))
    flips = approved + rng.choice(new, int(0.02 * new), replace=False)
    y_candidate = y.copy()
    y_candidate[flips] = (y[flips] + rng.integers(1, classes, size=len(flips))) % classes
    header = ",".join([f"f{j}" for j in range(d)] + ["label"])
    os.makedirs(out, exist_ok=True)
    np.savetxt(os.path.join(out, "approved.csv"), np.c_[X[:approved], y[:approved]], delimiter=",",
               fmt=["%.4g"] * d + ["%d"], header=header, comments="")
    np.savetxt(os.path.join(out, "candidate.csv"), np.c_[X, y_candidate], delimiter=",", fmt=["%.4g"] * d + ["%d"],
               header=header, comments="")


if __name__ == "__main__":
    main()
