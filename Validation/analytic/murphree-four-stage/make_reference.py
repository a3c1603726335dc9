"""Reference profiles for case.yaml: Murphree 0.8 by an exact dense linear solve,
and at efficiency 1 by the Kremser closed-form stage profile
x_s = x_1 (E^s - 1)/(E - 1), x_1 = x_F (E - 1)/(E^(N+1) - 1), y_s = D x_s."""
import os, sys
here = os.path.dirname(__file__)
sys.path.insert(0, os.path.join(here, "..", "..", "tools"))
import linear_cascade as lc
import numpy as np

Lh = 1e-3 / 3600
D = [1.5, 3.0]
spec = {"species": ["Tb", "Dy"],
        "sections": [{"stages": 4, "D": D, "murphree": 0.8}],
        "feeds": [{"stage": 3, "phase": "aqueous", "flow": 10 * Lh, "conc": [10.0, 10.0]},
                  {"stage": 0, "phase": "organic", "flow": 10 * Lh, "conc": [0.0, 0.0]}]}
x, y = lc.solve(spec)
lc.write_profiles(os.path.join(here, "reference.csv"), spec, x, y,
                  "# Murphree 0.8: exact dense linear solve by make_reference.py (numpy)\n")
N = 4
xk = np.zeros((N, 2)); yk = np.zeros((N, 2))
for j, d in enumerate(D):
    E = d * 1.0  # O/A = 1
    x1 = 10.0 * (E - 1) / (E ** (N + 1) - 1)
    for s in range(N):
        xk[s, j] = x1 * (E ** (s + 1) - 1) / (E - 1)
        yk[s, j] = d * xk[s, j]
lc.write_profiles(os.path.join(here, "..", "murphree-four-stage-e1", "reference.csv"), spec, xk, yk,
                  "# Murphree 1: Kremser closed-form stage profile by ../murphree-four-stage/make_reference.py\n")
