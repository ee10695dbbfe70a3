#!/usr/bin/env python3
"""Goldens for GaussianProcessClassifier (sklearn 0.19 semantics: the default kernel
1.0 * RBF(1.0) with fixed hyper-parameters, the Laplace approximation, one_vs_rest and
one_vs_one).

sklearn factors the n x n matrix B = I + W^1/2 K W^1/2 densely, so one_vs_rest (ten problems on
all rows) is run on the first 1,500 training rows; one_vs_one (45 problems of about 1,000 rows)
on all 5,000. A kernel with length scale 30 makes K dense (on 784 standardised pixels RBF(1.0) is
all but diagonal), on the first 600 rows, to check the dense factorisation and the probabilities.
"""
import numpy as np
from sklearn.gaussian_process import GaussianProcessClassifier
from sklearn.gaussian_process.kernels import RBF, ConstantKernel

from common import labels_str, subset, write

X, y, Xt, yt = subset()
cases = []


def case(params, n, kernel_ls=None, binary=None):
    kw = {"multi_class": params.get("multi_class", "one_vs_rest")}
    if kernel_ls is not None:
        kw["kernel"] = ConstantKernel(1.0, constant_value_bounds="fixed") * RBF(
            kernel_ls, length_scale_bounds="fixed")
    Xs, ys, Xts, yts = X[:n], y[:n], Xt, yt
    if binary is not None:
        a, b = binary
        keep, keep_t = np.isin(ys, binary), np.isin(yts, binary)
        Xs, ys, Xts, yts = Xs[keep], ys[keep], Xts[keep_t], yts[keep_t]
    m = GaussianProcessClassifier(**kw).fit(Xs, ys)
    out = {
        "params": params,
        "rows": n,
        "length_scale": kernel_ls if kernel_ls is not None else 1.0,
        "binary": binary,
        "predict": labels_str(m.predict(Xts)),
        "accuracy": float(m.score(Xts, yts)),
        "log_marginal_likelihood": float(m.log_marginal_likelihood_value_),
    }
    if kw["multi_class"] == "one_vs_rest" or binary is not None:
        out["proba_head"] = m.predict_proba(Xts[:20]).tolist()
    cases.append(out)


case({"multi_class": "one_vs_one"}, 5000)
case({"multi_class": "one_vs_rest"}, 1500)
case({}, 1500, binary=[0, 6])
case({"multi_class": "one_vs_rest"}, 600, kernel_ls=30.0)
case({"multi_class": "one_vs_one"}, 600, kernel_ls=30.0)
write("gaussian-process", cases)
