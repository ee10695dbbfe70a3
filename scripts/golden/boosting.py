#!/usr/bin/env python3
"""Goldens for GradientBoostingClassifier (sklearn 0.19 defaults: loss 'deviance' = log_loss,
learning_rate 0.1, max_depth 3, friedman_mse, subsample 1, max_features None).

Boosting is slow in sklearn, so the cases train on the first ROWS rows of the golden subset (and
test on all its 1,000 test rows). With every feature searched and no subsampling the fit does not
depend on the seed except through ties, so cases record predictions; the staged case records
the predictions after several stage counts of one fit; the subsampled case records accuracy
over SEEDS seeds.
"""
import numpy as np
from sklearn.ensemble import GradientBoostingClassifier

from common import labels_str, subset, write

X, y, Xt, yt = subset()
ROWS = 2000
X = X[:ROWS].astype(np.float32)
y = y[:ROWS]
Xt = Xt.astype(np.float32)
SEEDS = 3
cases = []

for stages, depth in ((10, 3), (5, 10)):
    m = GradientBoostingClassifier(n_estimators=stages, max_depth=depth, random_state=0).fit(X, y)
    cases.append({
        "params": {"nEstimators": stages, "maxDepth": depth},
        "rows": ROWS,
        "predict": labels_str(m.predict(Xt)),
        "accuracy": float(m.score(Xt, yt)),
        "train_accuracy": float(m.score(X, y)),
        "proba_head": np.round(m.predict_proba(Xt[:5]), 6).tolist(),
        "decision_head": np.round(m.decision_function(Xt[:5]), 6).tolist(),
    })

m = GradientBoostingClassifier(n_estimators=20, max_depth=3, random_state=0).fit(X, y)
staged = list(m.staged_predict(Xt))
cases.append({
    "params": {"nEstimators": 20, "maxDepth": 3},
    "rows": ROWS,
    "staged": {str(s): labels_str(staged[s - 1]) for s in (1, 5, 20)},
    "predict": labels_str(staged[-1]),
    "accuracy": float(m.score(Xt, yt)),
})

# Two classes (T-shirt/top 0 vs shirt 6): one tree per stage on the log odds.
two = (y == 0) | (y == 6)
two_t = (yt == 0) | (yt == 6)
m = GradientBoostingClassifier(n_estimators=15, max_depth=3, random_state=0).fit(X[two], y[two])
cases.append({
    "params": {"nEstimators": 15, "maxDepth": 3},
    "rows": ROWS,
    "classes": [0, 6],
    "predict": labels_str(m.predict(Xt[two_t])),
    "accuracy": float(m.score(Xt[two_t], yt[two_t])),
    "decision_head": np.round(m.decision_function(Xt[two_t][:5]), 6).tolist(),
})

accs = [float(GradientBoostingClassifier(n_estimators=10, subsample=0.5, random_state=s).fit(X, y).score(Xt, yt))
        for s in range(SEEDS)]
cases.append({
    "params": {"nEstimators": 10, "maxDepth": 3, "subsample": 0.5},
    "rows": ROWS,
    "seeds": SEEDS,
    "accuracies": accs,
    "accuracy_mean": float(np.mean(accs)),
})
write("boosting", cases)
