#!/usr/bin/env python3
"""Times sklearn (Debian python3-sklearn, 0.19 defaults emulated as in run_baselines.py) on the
configurations `npm run bench:estimators` gives it, on the same data as fmnist: the full
Fashion-MNIST, StandardScaler fitted on the 60k training rows, then the first `train_rows`
training rows and `test_rows` test rows of each case. Reads a JSON list of cases on stdin and
prints one JSON line per case: {"fit_s", "predict_s", "accuracy"}.
"""
import json
import os
import sys
import time
import warnings

import numpy as np
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_baselines import load, make, parse_value  # noqa: E402

warnings.filterwarnings("ignore")
cases = json.load(sys.stdin)
X, y, Xt, yt = load("fashion", None)
scaler = StandardScaler().fit(X.astype(np.float64))
X = scaler.transform(X.astype(np.float64))
Xt = scaler.transform(Xt.astype(np.float64))
for c in cases:
    n, m = c.get("train_rows") or len(X), c.get("test_rows") or len(Xt)
    model = make(c["name"], {k: parse_value(v) for k, v in c["parameter"].items()}, 0)
    t0 = time.perf_counter()
    model.fit(X[:n], y[:n])
    t1 = time.perf_counter()
    pred = model.predict(Xt[:m])
    t2 = time.perf_counter()
    print(json.dumps({"fit_s": t1 - t0, "predict_s": t2 - t1, "accuracy": float((pred == yt[:m]).mean())}), flush=True)
