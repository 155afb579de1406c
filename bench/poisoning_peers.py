#!/usr/bin/python3
"""The reference of the poisoning benchmark: scikit-learn's detectors on one candidate CSV, whole process. Usage:

  bench/poisoning_peers.py CANDIDATE.csv [all|knn] THREADS

'all' runs the three detectors of the evaluation (10-nearest-neighbour vote, confident learning with out-of-fold
logistic regression, IsolationForest); 'knn' only the neighbour vote (for the large table). Prints flagged counts.
"""
import sys

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import StandardScaler


def main():
    path, which, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    X, y = data[:, :-1], data[:, -1].astype(int)
    Z = StandardScaler().fit_transform(X)
    _, idx = NearestNeighbors(n_neighbors=11, n_jobs=threads).fit(Z).kneighbors(Z)
    votes = np.stack([(y[idx[:, 1:]] == c).sum(1) for c in np.unique(y)], 1)
    print("knn-vote flagged", int((np.unique(y)[votes.argmax(1)] != y).sum()))
    if which == "all":
        probs = cross_val_predict(LogisticRegression(max_iter=2000), Z, y, method="predict_proba",
                                  cv=StratifiedKFold(5, shuffle=True, random_state=0), n_jobs=threads)
        print("cl-logreg rows scored", len(probs))
        print("iforest flagged", int((IsolationForest(random_state=0, n_jobs=threads).fit(Z).predict(Z) == -1).sum()))


if __name__ == "__main__":
    main()
