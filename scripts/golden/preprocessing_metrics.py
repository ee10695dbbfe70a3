#!/usr/bin/env python3
"""Goldens for StandardScaler and the classification metrics (on GaussianNB's test predictions)."""
import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support
from sklearn.naive_bayes import GaussianNB
from sklearn.preprocessing import StandardScaler

from common import N_TEST, N_TRAIN, _read, labels_str, subset, write

raw = _read("train-images-idx3-ubyte.gz", 16).reshape(-1, 784)[:N_TRAIN].astype(np.float64)
scaler = StandardScaler().fit(raw)
X, y, Xt, yt = subset()
pred = GaussianNB().fit(X, y).predict(Xt)
p, r, f, s = precision_recall_fscore_support(yt, pred, zero_division=0)
write("preprocessing-metrics", [{
    "params": {},
    "predict": labels_str(pred),
    "accuracy": float(accuracy_score(yt, pred)),
    "scaler_mean": np.round(scaler.mean_, 9).tolist(),
    "scaler_scale": np.round(scaler.scale_, 9).tolist(),
    "confusion": confusion_matrix(yt, pred).tolist(),
    "precision": p.tolist(), "recall": r.tolist(), "f1": f.tolist(), "support": s.tolist(),
}])
