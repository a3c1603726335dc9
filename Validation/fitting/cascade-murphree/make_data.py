#!/usr/bin/env python3
"""Outlet 'assays' of the four-stage Murphree case, taken from the independent numpy solve.

Reads ../../analytic/murphree-four-stage/reference.csv (exact dense linear solve of the
Murphree-stage balances at E_M = 0.8, by that folder's make_reference.py) and writes the
raffinate (stage 1, aqueous) and loaded-organic (stage 4, organic) concentrations of Tb and
Dy to outlets.csv in mmol/L (= mol/m3). No noise: the fit must return E_M = 0.8.
"""
import csv

ref = {}
with open("../../analytic/murphree-four-stage/reference.csv") as f:
    rows = [l for l in f if not l.startswith("#")]
for r in csv.DictReader(rows):
    ref[(int(r["stage"]), r["phase"], r["species"])] = r["concentration_mol_per_m3"]
with open("outlets.csv", "w") as f:
    f.write("# Outlet concentrations of Validation/analytic/murphree-four-stage (E_M = 0.8) from its numpy reference solve; "
            "written by Validation/fitting/cascade-murphree/make_data.py\n")
    f.write("outlet,species,phase,c [mmol/L]\n")
    for sp in ("Tb", "Dy"):
        f.write(f"raffinate,{sp},aqueous,{ref[(1, 'aqueous', sp)]}\n")
    for sp in ("Tb", "Dy"):
        f.write(f"loaded organic,{sp},organic,{ref[(4, 'organic', sp)]}\n")
