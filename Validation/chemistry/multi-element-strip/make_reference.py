"""Independent reference for case.yaml: a six-stage strip section in which 4 mol/L HCl
strips Nd, Gd, Tb, Dy, Ho and Y from 0.5 mol/L D2EHPA at O/A 2 (organic 2 L/h, acid 1 L/h),
mass-action model of Models/extraction/d2ehpa-chloride-mass-action.yaml (stripping is the
extraction equilibrium driven backwards by acid); solved by the reduced-variable scipy solver
../tools/mass_action_cascade.py. Loaded organic: protons = D2EHPA - 3 per loaded ion.
Run: python3 make_reference.py > reference.csv
"""
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
import mass_action_cascade as mac  # noqa: E402

P = yaml.safe_load(open(os.path.join(HERE, "..", "..", "..", "Models", "extraction", "d2ehpa-chloride-mass-action.yaml")))["parameters"]
METALS = ["Nd", "Gd", "Tb", "Dy", "Ho", "Y"]
N = 6
load = {"Nd": 1.0, "Gd": 1.5, "Tb": 2.0, "Dy": 6.0, "Ho": 1.5, "Y": 3.0}   # mmol/L in the loaded organic
organic = dict(load, EXT=500.0, H=500.0 - 3 * sum(load.values()))
res = mac.solve(N, METALS, P["log10_Kex"], {m: 3 for m in METALS}, {m: 3 for m in METALS},
                aqueous_feeds=[(N, 1.0, {"H": 4000.0, "Cl": 4000.0})], organic_flow=2.0, organic=organic,
                kw=10 ** -P["aqueous"]["pKw"], starts=[0.0, -0.5, -0.8])
print("# Multi-element strip section, reduced scipy solve by make_reference.py (../tools/mass_action_cascade.py)")
print("# per-stage pH: " + ", ".join(f"{p:.6f}" for p in res["pH"]))
print("# fraction stripped: " + ", ".join(f"{m} {1 - res['y'][m][N - 1] / load[m]:.8f}" for m in METALS))
mac.write_profiles(res, N, rename={"EXT": "D2EHPA"})
for s, p in enumerate(res["pH"]):
    print(f"{s + 1},derived,pH,{p:.17g}")
