#!/usr/bin/env python3
"""Goldens for the tree family: DecisionTreeClassifier, ExtraTreeClassifier, RandomForestClassifier.

sklearn 0.19 defaults where they differ from the installed sklearn: RandomForest n_estimators=10,
max_features 'auto' (= 'sqrt' for classifiers, the name today's sklearn uses). Trees grown with
splitter 'best' over all features are nearly deterministic (only ties between equally good splits
depend on the seed), so their cases record the predictions of random_state=0. Random splitters,
ExtraTree's feature sampling and forests depend on the random stream, which fmnist cannot share
with sklearn's; their cases record the accuracy over SEEDS seeds (mean and spread).
"""
import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.tree import DecisionTreeClassifier, ExtraTreeClassifier

from common import labels_str, subset, write

X, y, Xt, yt = subset()
X = X.astype(np.float32)
Xt = Xt.astype(np.float32)
SEEDS = 5
cases = []


def seeded(family, params, make):
    accs = [float(make(s).fit(X, y).score(Xt, yt)) for s in range(SEEDS)]
    cases.append({
        "family": family,
        "params": params,
        "seeds": SEEDS,
        "accuracies": accs,
        "accuracy_mean": float(np.mean(accs)),
        "accuracy_std": float(np.std(accs)),
    })


for criterion in ("gini", "entropy"):
    for depth in (10, 50):
        m = DecisionTreeClassifier(criterion=criterion, max_depth=depth, random_state=0).fit(X, y)
        cases.append({
            "family": "DecisionTreeClassifier",
            "params": {"criterion": criterion, "splitter": "best", "maxDepth": depth},
            "predict": labels_str(m.predict(Xt)),
            "accuracy": float(m.score(Xt, yt)),
            "train_accuracy": float(m.score(X, y)),
            "depth": int(m.get_depth()),
            "leaves": int(m.get_n_leaves()),
            "root": {"feature": int(m.tree_.feature[0]), "threshold": float(m.tree_.threshold[0]),
                     "impurity": float(m.tree_.impurity[0])},
        })
        seeded("DecisionTreeClassifier", {"criterion": criterion, "splitter": "random", "maxDepth": depth},
               lambda s: DecisionTreeClassifier(criterion=criterion, splitter="random", max_depth=depth, random_state=s))
        for splitter in ("best", "random"):
            seeded("ExtraTreeClassifier", {"criterion": criterion, "splitter": splitter, "maxDepth": depth},
                   lambda s: ExtraTreeClassifier(criterion=criterion, splitter=splitter, max_depth=depth,
                                                 max_features="sqrt", random_state=s))
    for trees in (10, 50):
        seeded("RandomForestClassifier", {"criterion": criterion, "maxDepth": 50, "nEstimators": trees},
               lambda s: RandomForestClassifier(criterion=criterion, max_depth=50, n_estimators=trees,
                                                max_features="sqrt", random_state=s, n_jobs=1))
write("trees", cases)
