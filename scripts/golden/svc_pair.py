#!/usr/bin/env python3
"""Goldens for SVC's linear kernel on Fashion-MNIST's hardest one-vs-one problem, T-shirt/top (0)
against Shirt (6): the first 1,000 training rows of each class and every test row of the two
(2,000), standardised by a StandardScaler fitted on all 60,000 training rows and rounded to
float32 as fmnist holds them. For C = 1, 10, 100: libsvm's dual objective ½‖Σ α_i y_i x_i‖² − Σ α_i
(float64, from dual_coef_ and the support vectors), the support-vector count, the predictions
and the accuracy. packages/ml/test/svm/interior-point.test.ts compares the solvers with them.
"""
import numpy as np
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from common import _read, labels_str, write

x_tr = _read("train-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float64)
y_tr = _read("train-labels-idx1-ubyte.gz", 8).astype(np.int64)
x_te = _read("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float64)
y_te = _read("t10k-labels-idx1-ubyte.gz", 8).astype(np.int64)
scaler = StandardScaler().fit(x_tr)


def pick(x, y, cap):
    rows, count = [], {0: 0, 6: 0}
    for i, label in enumerate(y):
        if label in count and count[label] < cap:
            count[label] += 1
            rows.append(i)
    return scaler.transform(x[rows]).astype(np.float32).astype(np.float64), y[rows]


X, y = pick(x_tr, y_tr, 1000)
Xt, yt = pick(x_te, y_te, 10**9)
cases = []
for C in (1.0, 10.0, 100.0):
    m = SVC(C=C, kernel="linear").fit(X, y)
    w = (m.dual_coef_ @ m.support_vectors_).ravel()
    cases.append({
        "params": {"C": C, "kernel": "linear"},
        "rows": len(y),
        "dual_objective": float(0.5 * w @ w - np.abs(m.dual_coef_).sum()),
        "n_support": int(m.n_support_.sum()),
        "predict": labels_str(m.predict(Xt)),
        "accuracy": float(m.score(Xt, yt)),
    })
write("svc-pair", cases, {
    "train": "the first 1,000 training rows of classes 0 and 6",
    "test": "every test row of classes 0 and 6",
    "scaler": "StandardScaler fitted on all 60,000 training rows, then rounded to float32",
})
