"""Exact dense linear solve of case.yaml, loop and entrainment included."""
import os, sys
here = os.path.dirname(__file__)
sys.path.insert(0, os.path.join(here, "..", "..", "tools"))
import linear_cascade as lc

Lh = 1e-3 / 3600
spec = {"species": ["Tb", "Dy"],
        "sections": [{"stages": 4, "D": [0.8, 2.0], "murphree": 0.9, "ea": 0.002, "eo": 0.003},
                     {"stages": 3, "D": [0.8, 2.0], "ea": 0.002, "eo": 0.003},
                     {"stages": 3, "D": [0.01, 0.02], "ea": 0.004, "eo": 0.001, "aqueous_outlet": True}],
        "feeds": [{"stage": 3, "phase": "aqueous", "flow": 10 * Lh, "conc": [10.0, 20.0]},
                  {"stage": 6, "phase": "aqueous", "flow": 5 * Lh, "conc": [0.0, 0.0]},
                  {"stage": 9, "phase": "aqueous", "flow": 3 * Lh, "conc": [0.0, 0.0]}],
        "loop": {"flow": 12 * Lh, "bleed": 0.05, "makeup": [0.0, 0.0]}}
x, y = lc.solve(spec)
lc.write_profiles(os.path.join(here, "reference.csv"), spec, x, y,
                  "# exact dense linear solve (loop, bleed, entrainment, Murphree) by make_reference.py (numpy)\n")
