#!/usr/bin/env python3
"""Goldens for MLPClassifier with sklearn 0.19's settings (adam, lr 1e-3, batch min(200, n),
alpha 1e-4, tol 1e-4, at most 200 epochs, stop after more than 2 epochs without improvement:
n_iter_no_change=2 today).

Weights start from the seeded random stream, which fmnist cannot share with numpy, so every case
records the test accuracy, the number of epochs and the last training loss over SEEDS seeds.
"""
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from common import subset, write

warnings.simplefilter("ignore", ConvergenceWarning)
X, y, Xt, yt = subset()
SEEDS = 3
cases = []
for layers, activation in (("(10,)", "tanh"), ("(100,)", "relu"), ("(10,10,)", "relu"), ("(100,10,)", "tanh")):
    runs = []
    for s in range(SEEDS):
        m = MLPClassifier(hidden_layer_sizes=eval(layers), activation=activation, n_iter_no_change=2,
                          random_state=s).fit(X, y)
        runs.append((float(m.score(Xt, yt)), int(m.n_iter_), float(m.loss_)))
    accs = [r[0] for r in runs]
    cases.append({
        "params": {"hiddenLayerSizes": layers, "activation": activation},
        "seeds": SEEDS,
        "accuracies": accs,
        "accuracy_mean": float(np.mean(accs)),
        "epochs": [r[1] for r in runs],
        "final_loss": [round(r[2], 6) for r in runs],
    })
write("mlp", cases)
