#!/usr/bin/env python3
"""Goldens for GaussianNB (sklearn 0.19 semantics: var smoothing 1e-9 x the largest variance)."""
import numpy as np
from sklearn.naive_bayes import GaussianNB

from common import labels_str, subset, write

X, y, Xt, yt = subset()
cases = []
for params in [{}, {"priors": [0.1] * 10}, {"priors": [0.05] * 5 + [0.15] * 5}]:
    m = GaussianNB(**params).fit(X, y)
    proba = m.predict_proba(Xt[:5])
    cases.append({
        "params": params,
        "predict": labels_str(m.predict(Xt)),
        "accuracy": float(m.score(Xt, yt)),
        "proba_head": np.round(proba, 6).tolist(),
    })
write("naive-bayes", cases)
