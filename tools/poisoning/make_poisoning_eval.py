#!/usr/bin/python3
"""Builds the poisoning check's evaluation set and runs scikit-learn detectors on it.

From scikit-learn's bundled datasets (digits, iris, wine, breast_cancer) it takes an approved split (the baseline),
a pool of new rows from the same source and an evaluation split, then writes candidate tables: the approved rows
plus new rows, clean or poisoned. Every file is a gzipped CSV (features f0.., then label) under
fixtures/poisoning/<dataset>/, and manifest.json lists each case, whether it is poisoned, its poisoned lines, and the
row-level precision/recall/F1 of three scikit-learn detectors run on the same files:

  knn-vote   10-nearest-neighbour majority vote (standardised features, each row left out), a row is flagged when
             the vote differs from its label
  cl-logreg  confident learning (Northcutt et al. 2021) with out-of-fold logistic-regression probabilities (5 folds):
             a row is flagged when a class other than its label clears that class's per-class threshold and has the
             highest probability among such classes
  iforest    IsolationForest (default parameters, contamination 'auto') fitted on the candidate

Detectors, like the check, are scored on the rows added since approval (the approved rows are the reference).
Deterministic: fixed seeds, single-threaded. Run from the repository root with Debian's interpreter:

  /usr/bin/python3 tools/poisoning/make_poisoning_eval.py
"""
import gzip
import io
import json
import os

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.ensemble import IsolationForest
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import StandardScaler

OUT = "fixtures/poisoning"
SEED = 20261202


def fmt(value, integer):
    return str(int(value)) if integer else repr(float(value))


def write_csv(path, X, y, integer):
    d = X.shape[1]
    lines = [",".join([f"f{j}" for j in range(d)] + ["label"])]
    for row, label in zip(X, y):
        lines.append(",".join([fmt(v, integer) for v in row] + [str(int(label))]))
    data = ("\n".join(lines) + "\n").encode()
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(data)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def detectors(X, y, is_new):
    """Each detector's flagged rows (a boolean per row)."""
    Z = StandardScaler().fit_transform(X)
    k = 10
    nn = NearestNeighbors(n_neighbors=k + 1).fit(Z)
    _, idx = nn.kneighbors(Z)
    idx = idx[:, 1:]
    classes = np.unique(y)
    votes = np.zeros((len(y), len(classes)))
    for c_i, c in enumerate(classes):
        votes[:, c_i] = (y[idx] == c).sum(1)
    knn = classes[votes.argmax(1)] != y
    # Confident learning with out-of-fold probabilities.
    folds = min(5, np.bincount(np.searchsorted(classes, y)).min())
    folds = max(2, folds)
    probs = cross_val_predict(LogisticRegression(max_iter=2000), Z, y,
                              cv=StratifiedKFold(folds, shuffle=True, random_state=0), method="predict_proba")
    pos = np.searchsorted(classes, y)
    thresholds = np.array([probs[pos == j, j].mean() if (pos == j).any() else 1.0 for j in range(len(classes))])
    above = probs >= thresholds[None, :]
    masked = np.where(above, probs, -1)
    best = masked.argmax(1)
    cl = above.any(1) & (best != pos)
    iso = IsolationForest(random_state=0).fit(Z).predict(Z) == -1
    return {"knn-vote": knn & is_new, "cl-logreg": cl & is_new, "iforest": iso & is_new}


def scores(flagged, truth, is_new):
    tp = int((flagged & truth).sum())
    fp = int((flagged & ~truth & is_new).sum())
    fn = int((~flagged & truth).sum())
    precision = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "flagged": int(flagged.sum())}


def cases(name, X, y, rng):
    n = len(y)
    order = rng.permutation(n)
    n_approved = n // 2
    n_new = int(round(n * 0.35))
    A = order[:n_approved]
    N = order[n_approved:n_approved + n_new]
    E = order[n_approved + n_new:]
    classes = np.unique(y)
    lo = X[A].min(0)
    hi = X[A].max(0)
    span = hi - lo
    std = X[A].std(0)

    def count(fraction, minimum=2):
        return max(minimum, int(round(fraction * len(N))))

    def base():
        return X[np.r_[A, N]].copy(), y[np.r_[A, N]].copy(), np.r_[np.zeros(len(A), bool), np.ones(len(N), bool)]

    def other_label(label):
        choices = classes[classes != label]
        return choices[rng.integers(len(choices))]

    out = []
    Xc, yc, new = base()
    out.append(("clean-new", False, Xc, yc, new, np.zeros(len(yc), bool)))
    perm = rng.permutation(len(yc))
    out.append(("clean-reordered", False, Xc[perm], yc[perm], new[perm], np.zeros(len(yc), bool)))
    for fraction in (0.02, 0.05, 0.10):
        Xc, yc, new = base()
        truth = np.zeros(len(yc), bool)
        rows = len(A) + rng.choice(len(N), count(fraction), replace=False)
        for r in rows:
            yc[r] = other_label(yc[r])
        truth[rows] = True
        out.append((f"flip-{int(fraction * 100)}pct", True, Xc, yc, new, truth))
    # Targeted: 40% of one class's new rows relabelled to one other class.
    Xc, yc, new = base()
    truth = np.zeros(len(yc), bool)
    source, target = classes[0], classes[1]
    members = np.where(new & (yc == source))[0]
    rows = rng.choice(members, max(2, int(round(0.4 * len(members)))), replace=False)
    yc[rows] = target
    truth[rows] = True
    out.append(("targeted-flip", True, Xc, yc, new, truth))
    # Conflicting duplicates: copies of approved rows with another label, half of them nudged by 0.1% of a std.
    Xc, yc, new = base()
    m = count(0.03, 3)
    picks = rng.choice(len(A), m, replace=False)
    dup_x = X[A][picks].copy()
    dup_y = np.array([other_label(v) for v in y[A][picks]])
    nudge = np.arange(m) % 2 == 1
    dup_x[nudge] = dup_x[nudge] + 1e-3 * std * rng.choice([-1, 1], size=(nudge.sum(), X.shape[1]))
    if name == "digits":
        dup_x = np.round(dup_x, 3)
    out.append(("conflicting-duplicates", True, np.r_[Xc, dup_x], np.r_[yc, dup_y], np.r_[new, np.ones(m, bool)],
                np.r_[np.zeros(len(yc), bool), np.ones(m, bool)]))
    # Out-of-distribution rows: uniform in the approved bounding box, random labels.
    Xc, yc, new = base()
    m = count(0.03, 3)
    ood = lo + rng.random((m, X.shape[1])) * span
    if name == "digits":
        ood = np.round(ood)
    ood_y = classes[rng.integers(len(classes), size=m)]
    out.append(("injected-ood", True, np.r_[Xc, ood], np.r_[yc, ood_y], np.r_[new, np.ones(m, bool)],
                np.r_[np.zeros(len(yc), bool), np.ones(m, bool)]))
    # One feature pushed out of range in 3% of the new rows.
    Xc, yc, new = base()
    truth = np.zeros(len(yc), bool)
    feature = int(np.argmax(span))
    rows = len(A) + rng.choice(len(N), count(0.03, 3), replace=False)
    Xc[rows, feature] = hi[feature] + 3 * span[feature]
    truth[rows] = True
    out.append(("feature-out-of-range", True, Xc, yc, new, truth))
    # Most (80%) of one class dropped, approved and new rows alike: only the verdict counts.
    Xc, yc, new = base()
    victim = classes[-1]
    members = np.where(yc == victim)[0]
    drop = rng.choice(members, int(round(0.8 * len(members))), replace=False)
    keep = np.setdiff1d(np.arange(len(yc)), drop)
    out.append(("class-dropped", True, Xc[keep], yc[keep], new[keep], np.zeros(len(keep), bool)))
    # Trigger: a few features set to their approved maximum (a rare value) in 3% of new rows, relabelled to one class.
    Xc, yc, new = base()
    truth = np.zeros(len(yc), bool)
    q99 = np.quantile(X[A], 0.99, axis=0)
    gap = (hi - q99) / np.where(span > 0, span, 1)
    trigger_features = np.argsort(-gap, kind="stable")[:max(2, min(3, X.shape[1] // 2))]
    target = classes[0]
    candidates = np.where(new & (yc != target))[0]
    rows = rng.choice(candidates, count(0.03, 5), replace=False)
    Xc[np.ix_(rows, trigger_features)] = hi[trigger_features]
    yc[rows] = target
    truth[rows] = True
    out.append(("trigger", True, Xc, yc, new, truth))
    # Train/evaluation overlap: rows of the evaluation split added as new rows.
    Xc, yc, new = base()
    m = count(0.03, 3)
    leak = rng.choice(E, m, replace=False)
    out.append(("eval-overlap", True, np.r_[Xc, X[leak]], np.r_[yc, y[leak]], np.r_[new, np.ones(m, bool)],
                np.r_[np.zeros(len(yc), bool), np.ones(m, bool)]))
    # Approved rows relabelled in place (the fingerprints catch these exactly).
    Xc, yc, new = base()
    truth = np.zeros(len(yc), bool)
    rows = rng.choice(len(A), max(2, int(round(0.05 * len(A)))), replace=False)
    for r in rows:
        yc[r] = other_label(yc[r])
    truth[rows] = True
    new = new.copy()
    new[rows] = True
    out.append(("approved-relabelled", True, Xc, yc, new, truth))
    return A, E, out


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest = {"seed": SEED, "datasets": {}}
    rng = np.random.default_rng(SEED)
    for name, loader in (("digits", load_digits), ("iris", load_iris), ("wine", load_wine),
                         ("breast_cancer", load_breast_cancer)):
        X, y = loader(return_X_y=True)
        integer = name == "digits"
        folder = os.path.join(OUT, name)
        os.makedirs(folder, exist_ok=True)
        A, E, built = cases(name, X, y, rng)
        write_csv(os.path.join(folder, "approved.csv.gz"), X[A], y[A], integer)
        write_csv(os.path.join(folder, "evaluation.csv.gz"), X[E], y[E], integer)
        entries = []
        for case, poisoned, Xc, yc, new, truth in built:
            write_csv(os.path.join(folder, case + ".csv.gz"), Xc, yc, integer)
            flagged = detectors(Xc, yc, new)
            entries.append({
                "case": case,
                "poisoned": poisoned,
                "rows": int(len(yc)),
                "newRows": int(new.sum()),
                "poisonedLines": [int(i) + 2 for i in np.where(truth)[0]],
                "peers": {det: scores(f, truth, new) for det, f in flagged.items()},
            })
            print(name, case, {det: v["f1"] for det, v in entries[-1]["peers"].items()})
        manifest["datasets"][name] = {"approvedRows": int(len(A)), "evaluationRows": int(len(E)),
                                      "features": int(X.shape[1]), "cases": entries}
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
