"""Exact linear solve of case.yaml (numpy, dense); writes reference.csv."""
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools"))
import linear_cascade as lc

Lh = 1e-3 / 3600
spec = {"species": ["Tb", "Dy"],
        "sections": [{"stages": 5, "D": [0.8, 2.0]}, {"stages": 4, "D": [0.8, 2.0]}],
        "feeds": [{"stage": 4, "phase": "aqueous", "flow": 10 * Lh, "conc": [10.0, 20.0]},
                  {"stage": 8, "phase": "aqueous", "flow": 6 * Lh, "conc": [0.0, 0.0]},
                  {"stage": 0, "phase": "organic", "flow": 12 * Lh, "conc": [0.0, 0.0]}]}
x, y = lc.solve(spec)
lc.write_profiles(os.path.join(os.path.dirname(__file__), "reference.csv"), spec, x, y,
                  "# exact dense linear solve of case.yaml by make_reference.py (numpy)\n")
