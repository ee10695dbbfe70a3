#!/usr/bin/env python3
"""The sklearn peer of `fmnist bench run`: the same jobs, protocol and record format, run by
scikit-learn (Debian's python3-sklearn) with sklearn 0.19's defaults emulated, so that
`fmnist bench compare sklearn.jsonl fmnist.jsonl` shows both on the same machine.

The quick subsample, the shuffles of the repeats and the sanity-check rows use fmnist's own PRNG
(xoshiro128** seeded by splitmix32, re-implemented below), so both sides train on identical data.

    /usr/bin/python3 packages/bench/sklearn/run_baselines.py --grid packages/bench/grids/baselines.json \
        --only GaussianNB,SGDClassifier --quick --out sklearn.jsonl
"""
import argparse
import ast
import gzip
import itertools
import json
import os
import platform
import resource
import socket
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.preprocessing import StandardScaler

MASK = 0xFFFFFFFF


class Random:
    """fmnist's Random (packages/ml/src/base/random.ts): xoshiro128** seeded through splitmix32."""

    def __init__(self, seed):
        x = seed & MASK
        s = []
        for _ in range(4):
            x = (x + 0x9E3779B9) & MASK
            z = x
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & MASK
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & MASK
            s.append((z ^ (z >> 16)) & MASK)
        self.s = s

    @staticmethod
    def _rotl(x, k):
        return ((x << k) | (x >> (32 - k))) & MASK

    def next_uint32(self):
        s0, s1, s2, s3 = self.s
        result = (self._rotl((s1 * 5) & MASK, 7) * 9) & MASK
        t = (s1 << 9) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = self._rotl(s3, 11)
        self.s = [s0, s1, s2, s3]
        return result

    def int(self, n):
        limit = 0x100000000 - (0x100000000 % n)
        while True:
            r = self.next_uint32()
            if r < limit:
                return r % n

    def shuffle(self, a):
        for i in range(len(a) - 1, 0, -1):
            j = self.int(i + 1)
            a[i], a[j] = a[j], a[i]
        return a

    def permutation(self, n):
        return np.array(self.shuffle(list(range(n))), dtype=np.int64)


def stratified_subsample(labels, size, seed):
    """fmnist's stratifiedSubsample (packages/bench/src/data/bench-data.ts)."""
    n = len(labels)
    if size >= n:
        return np.arange(n)
    by_class = {}
    for i, l in enumerate(labels.tolist()):
        by_class.setdefault(l, []).append(i)
    rand = Random(seed)
    classes = sorted(by_class)
    quotas = [len(by_class[c]) * size / n for c in classes]
    counts = [int(q // 1) for q in quotas]
    order = sorted(range(len(classes)), key=lambda i: (-(quotas[i] - counts[i]), i))
    for r in range(size - sum(counts)):
        counts[order[r]] += 1
    picked = []
    for ci, c in enumerate(classes):
        rows = rand.shuffle(list(by_class[c]))
        picked.extend(rows[: counts[ci]])
    return np.array(sorted(picked), dtype=np.int64)


def repeat_seed(seed, r):
    return (seed + ((r + 1) * 0x9E3779B1)) & MASK


# sklearn 0.19 defaults that today's sklearn changed (benchmark-semantics.md).
DEFAULTS_019 = {
    "SGDClassifier": {"max_iter": 5, "tol": None},
    "Perceptron": {"max_iter": 5, "tol": None},
    "PassiveAggressiveClassifier": {"max_iter": 5, "tol": None},
    "LogisticRegression": {"solver": "liblinear", "multi_class": "ovr"},
    "SVC": {"gamma": "auto"},
    "RandomForestClassifier": {"n_estimators": 10},
    "MLPClassifier": {"n_iter_no_change": 2},
}
VALUE_019 = {("SGDClassifier", "loss", "log"): "log_loss"}


def make(name, params, seed):
    from sklearn import ensemble, gaussian_process, linear_model, naive_bayes, neighbors, neural_network, svm, tree

    modules = [ensemble, gaussian_process, linear_model, naive_bayes, neighbors, neural_network, svm, tree]
    cls = next((getattr(m, name) for m in modules if hasattr(m, name)), None)
    if cls is None:
        raise KeyError(f"{name} is not in scikit-learn")
    p = dict(DEFAULTS_019.get(name, {}))
    for k, v in params.items():
        if isinstance(v, list) and k == "hidden_layer_sizes":
            v = tuple(v)
        p[k] = VALUE_019.get((name, k, v if isinstance(v, str) else None), v)
    if p.get("max_features") == "auto" and name in ("RandomForestClassifier", "ExtraTreeClassifier", "DecisionTreeClassifier"):
        p["max_features"] = "sqrt"
    if "random_state" in cls().get_params() and "random_state" not in params:
        p["random_state"] = seed
    return cls(**p)


def parse_value(v):
    return list(ast.literal_eval(v)) if isinstance(v, str) and v.startswith("(") else v


def expand(doc):
    if "configs" in doc:
        return [{"name": c["name"], "parameter": {k: parse_value(v) for k, v in c["parameter"].items()}} for c in doc["configs"]]
    out = []
    for name, dicts in doc["classifiers"].items():
        names = [k for d in dicts for k in d]
        lists = [[parse_value(x) for x in vv] for d in dicts for vv in d.values()]
        for combo in itertools.product(*lists):
            out.append({"name": name, "parameter": dict(zip(names, combo))})
    return out


def load(dataset, data_dir):
    base = data_dir or {"fashion": "/usr/share/datasets/fashion-mnist"}.get(dataset) or os.path.expanduser(f"~/.cache/fmnist/{dataset}")

    def read(name, offset):
        path = os.path.join(base, name)
        opener = gzip.open if os.path.exists(path) else open
        path = path if os.path.exists(path) else path[:-3]
        with opener(path, "rb") as f:
            return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)

    X = read("train-images-idx3-ubyte.gz", 16).reshape(-1, 784)
    y = read("train-labels-idx1-ubyte.gz", 8)
    Xt = read("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784)
    yt = read("t10k-labels-idx1-ubyte.gz", 8)
    return X, y, Xt, yt


def key(r):
    return f"{r['dataset']}|{r['name']}|{json.dumps(r['parameter'], sort_keys=True)}"


def fnv(pred):
    h = 0x811C9DC5
    for p in pred.tolist():
        for b in (p & 0xFF, (p >> 8) & 0xFF):
            h ^= b
            h = (h * 0x01000193) & MASK
    return f"{h:08x}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--grid", default=os.path.join(os.path.dirname(__file__), "..", "grids", "baselines.json"))
    ap.add_argument("--dataset", default="fashion", choices=["fashion", "mnist", "both"])
    ap.add_argument("--only", default="")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--repeats", type=int, default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rerun", action="store_true")
    a = ap.parse_args()
    warnings.filterwarnings("ignore")
    with open(a.grid) as f:
        configs = expand(json.load(f))
    only = [s for s in a.only.split(",") if s]
    if only:
        configs = [c for c in configs if c["name"] in only]
    num_repeat = a.repeats or (1 if a.quick else 2)
    done = set()
    if os.path.exists(a.out) and not a.rerun:
        with open(a.out) as f:
            for line in f:
                try:
                    done.add(key(json.loads(line)))
                except ValueError:
                    pass
    out = open(a.out, "a")
    for dataset in (["fashion", "mnist"] if a.dataset == "both" else [a.dataset]):
        X, y, Xt, yt = load(dataset, a.data_dir)
        if a.quick:
            tr, te = stratified_subsample(y, 10000, a.seed), stratified_subsample(yt, 2000, a.seed + 1)
            X, y, Xt, yt = X[tr], y[tr], Xt[te], yt[te]
        scaler = StandardScaler().fit(X.astype(np.float64))
        X = scaler.transform(X.astype(np.float64))
        Xt = scaler.transform(Xt.astype(np.float64))
        dummy = Random(a.seed).permutation(len(Xt))[:10]
        for c in configs:
            job = {"dataset": dataset, **c}
            if key(job) in done:
                continue
            start = int(time.time())
            rec = {"score": [], "fit_ms": [], "predict_ms": [], "predictions_hash": [], "status": "ok"}
            try:
                make(c["name"], c["parameter"], a.seed).fit(Xt[dummy], np.arange(10))
            except Exception as e:  # upstream's "can not create"
                rec.update(status="unsupported" if isinstance(e, KeyError) else "cannot_create", message=str(e))
            r = 0
            while rec["status"] == "ok":
                rs = repeat_seed(a.seed, r)
                perm = Random(rs).permutation(len(X))
                m = make(c["name"], c["parameter"], rs)
                t0 = time.perf_counter()
                try:
                    m.fit(X[perm], y[perm])
                    t1 = time.perf_counter()
                    pred = m.predict(Xt)
                except Exception as e:
                    rec.update(status="failed", message=str(e))
                    break
                t2 = time.perf_counter()
                rec["score"].append(float((pred == yt).mean()))
                rec["fit_ms"].append(round((t1 - t0) * 1000))
                rec["predict_ms"].append(round((t2 - t1) * 1000))
                rec["predictions_hash"].append(fnv(pred.astype(np.int64)))
                r += 1
                s = rec["score"]
                if len(s) >= num_repeat or (len(s) == 2 and abs(s[0] - s[1]) < 1e-3):
                    break
            done_t = int(time.time())
            s = np.array(rec["score"])
            rec.update(
                name=c["name"], parameter=c["parameter"], dataset=dataset, start_time=start, done_time=done_t,
                num_repeat=len(s), mean_accuracy=float(s.mean()) if len(s) else None,
                std_accuracy=float(s.std() * 2) if len(s) else None,
                time_per_repeat=int((done_t - start) / max(1, len(s))),
                peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), seed=a.seed, threads=1,
                quick=a.quick, train_size=len(X), test_size=len(Xt), fmnist_version=f"sklearn-{sklearn.__version__}",
                host=socket.gethostname(),
            )
            out.write(json.dumps(rec, sort_keys=True) + "\n")
            out.flush()
            os.fsync(out.fileno())
            print(f"{c['name']} {json.dumps(c['parameter'])}: {rec['status']} {rec.get('mean_accuracy')}", file=sys.stderr)
    out.close()


if __name__ == "__main__":
    main()
