#!/usr/bin/env python3
"""Goldens for KNeighborsClassifier (brute force; k in {1, 5, 9} x weights x p in {1, 2}).

Each case records sklearn's predictions and accuracy on the golden subset, the neighbour indices
of the first 5 test rows and their distances (rounded), and the predict_proba of those rows.
"""
import numpy as np
from sklearn.neighbors import KNeighborsClassifier

from common import labels_str, subset, write

X, y, Xt, yt = subset()
HEAD = 5
cases = []
for p in (2, 1):
    for k in (1, 5, 9):
        for weights in ("uniform", "distance"):
            m = KNeighborsClassifier(n_neighbors=k, weights=weights, p=p, algorithm="brute").fit(X, y)
            dist, ind = m.kneighbors(Xt[:HEAD])
            cases.append({
                "params": {"nNeighbors": k, "weights": weights, "p": p},
                "predict": labels_str(m.predict(Xt)),
                "accuracy": float(m.score(Xt, yt)),
                "kneighbors_head": ind.tolist(),
                "distances_head": np.round(dist, 4).tolist(),
                "proba_head": np.round(m.predict_proba(Xt[:HEAD]), 6).tolist(),
            })
write("knn", cases)
