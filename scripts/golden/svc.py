#!/usr/bin/env python3
"""Goldens for SVC (libsvm) with sklearn 0.19's gamma='auto' (1/n_features), on the first ROWS
rows of the golden subset: every kernel of the grid at C = 1 and 10. libsvm is deterministic, so
each case records predictions, one-vs-one decision values of the first test rows, the support
vector counts and the intercepts.
"""
import numpy as np
from sklearn.svm import SVC

from common import labels_str, subset, write

X, y, Xt, yt = subset()
ROWS = 2000
X = X[:ROWS].astype(np.float32).astype(np.float64)
y = y[:ROWS]
Xt = Xt.astype(np.float32).astype(np.float64)
cases = []
for kernel in ("rbf", "linear", "poly", "sigmoid"):
    for C in (1.0, 10.0):
        m = SVC(C=C, kernel=kernel, gamma="auto", decision_function_shape="ovo").fit(X, y)
        cases.append({
            "params": {"C": C, "kernel": kernel},
            "rows": ROWS,
            "predict": labels_str(m.predict(Xt)),
            "accuracy": float(m.score(Xt, yt)),
            "n_support": m.n_support_.tolist(),
            "intercept": np.round(m.intercept_, 6).tolist(),
            "decision_head": np.round(m.decision_function(Xt[:3]), 6).tolist(),
        })
write("svc", cases)
