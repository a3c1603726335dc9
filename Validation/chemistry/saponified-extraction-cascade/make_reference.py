"""Independent reference for case.yaml: six counter-current stages of 0.3 mol/L D2EHPA,
47 % saponified with Na, extracting Dy and Tb from a chloride feed with Nd and Pr, under
the mass-action model of Models/extraction/d2ehpa-chloride-mass-action.yaml; solved by the
reduced-variable scipy solver in ../tools/mass_action_cascade.py (free [H+] and free dimer per
stage). Prints the per-stage profiles; the per-stage pH is in the header comment.
Run: python3 make_reference.py > reference.csv
"""
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
import mass_action_cascade as mac  # noqa: E402

P = yaml.safe_load(open(os.path.join(HERE, "..", "..", "..", "Models", "extraction", "d2ehpa-chloride-mass-action.yaml")))["parameters"]
METALS = ["Pr", "Nd", "Tb", "Dy"]
N = 6
SAPONIFIED = float(os.environ.get("SAPONIFIED", "140"))   # mol/m3 of Na on 300 mol/m3 D2EHPA
feed = {"Pr": 8.0, "Nd": 32.0, "Tb": 2.0, "Dy": 8.0, "H": 10.0}
feed["Na"] = 100.0   # NaCl background
feed["Cl"] = 3 * (8 + 32 + 2 + 8) + 10 + 100
res = mac.solve(N, METALS, P["log10_Kex"], {m: 3 for m in METALS}, {m: 3 for m in METALS},
                aqueous_feeds=[(N, 1.0, feed)], organic_flow=1.0,
                organic={"EXT": 300.0, "H": 300.0 - SAPONIFIED, "Na": SAPONIFIED},
                kw=10 ** -P["aqueous"]["pKw"])
print("# Saponified D2EHPA extraction cascade, reduced scipy solve by make_reference.py (../tools/mass_action_cascade.py)")
print("# per-stage pH: " + ", ".join(f"{p:.6f}" for p in res["pH"]))
print("# extracted fraction: " + ", ".join(f"{m} {res['y'][m][N - 1] / feed[m]:.6f}" for m in METALS))
mac.write_profiles(res, N, rename={"EXT": "D2EHPA"})
for s, p in enumerate(res["pH"]):
    print(f"{s + 1},derived,pH,{p:.17g}")
