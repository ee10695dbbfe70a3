"""Shared by the golden scripts: the fixed subset of the real Fashion-MNIST that goldens are made on.

The subset: the first 5,000 training rows and the first 1,000 test rows of Debian's copy
(/usr/share/datasets/fashion-mnist), pixels as float64, standardised by a StandardScaler fitted on
the 5,000 training rows. packages/ml/test/helpers/golden-data.ts builds the same subset in TypeScript.
Run the scripts with Debian's interpreter (/usr/bin/python3), which has python3-sklearn.
"""
import gzip
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.preprocessing import StandardScaler

DATA = os.environ.get("FMNIST_DEBIAN_DIR", "/usr/share/datasets/fashion-mnist")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "packages", "ml", "test", "goldens")
N_TRAIN, N_TEST = 5000, 1000


def _read(name, offset):
    with gzip.open(os.path.join(DATA, name), "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def subset():
    """(X_train, y_train, X_test, y_test) of the golden subset, standardised as described above."""
    x_tr = _read("train-images-idx3-ubyte.gz", 16).reshape(-1, 784)[:N_TRAIN].astype(np.float64)
    y_tr = _read("train-labels-idx1-ubyte.gz", 8)[:N_TRAIN].astype(np.int64)
    x_te = _read("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784)[:N_TEST].astype(np.float64)
    y_te = _read("t10k-labels-idx1-ubyte.gz", 8)[:N_TEST].astype(np.int64)
    scaler = StandardScaler().fit(x_tr)
    return scaler.transform(x_tr), y_tr, scaler.transform(x_te), y_te


def labels_str(pred):
    """Predicted labels 0..9 as one string of digits (compact, diff-friendly)."""
    return "".join(str(int(p)) for p in pred)


def write(family, cases, subset=None):
    """Writes packages/ml/test/goldens/<family>.json (`subset`: the data, if not the golden subset)."""
    os.makedirs(OUT, exist_ok=True)
    doc = {
        "made_by": f"scripts/golden/{os.path.basename(sys.argv[0])}",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "subset": subset
        or {"train": N_TRAIN, "test": N_TEST, "scaler": "StandardScaler fitted on the train rows"},
        "cases": cases,
    }
    path = os.path.join(OUT, f"{family}.json")
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.relpath(path)} ({len(cases)} cases)")
