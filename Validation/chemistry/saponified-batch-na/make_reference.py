"""Independent reference for single-stage batch shake-outs of a Na-saponified D2EHPA organic
whose Na+ exchanges by mass action (finite K_Na), solved with scipy in reduced variables.

Chemistry (physics.md 1.4, concentrations in mol/L, h = free H+, d = free dimer (HA)2):
    Ln3+ + 3 (HA)2 = Ln(HA2)3 + 3 H+      D_i  = K_i  d**3 / h**3
    Na+  +   (HA)2 = NaA.HA   +   H+      D_Na = K_Na d    / h
extractant balance  C = 2 d + sum_i 6 y_i + 2 y_Na           (organic, monomer units)
proton balance      V_aq H_T(h) + V_org (C - sum_i 3 y_i - y_Na) = total H in the batch
    H_T(h) = h + S h/(Ka + h) - Kw/h   (total aqueous acid with bisulfate and water)
metal and Na balance  x_j = T_j / (V_aq + V_org D_j),  y_j = D_j x_j.
Cl (and SO4) stay in the aqueous phase. The unknowns ln h, ln d are found with
scipy.optimize.root (hybr, multi-start) and polished by Newton steps with a central-difference
Jacobian; a pH-stat case holds h fixed and reports the acid added. RareSep solves the full
problem in concentrations (logit of each extracted fraction) instead.
Constants are read from the model file this case validates.
Run: python3 make_reference.py > reference.csv
"""
import math
import os

import numpy as np
import yaml
from scipy.optimize import root

np.seterr(all="ignore")  # the multi-start probes far outside the physical range

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "..", "..", "..", "Models", "extraction", "d2ehpa-chloride-mass-action-na.yaml")
with open(MODEL) as f:
    P = yaml.safe_load(f)["parameters"]
LOGK = P["log10_Kex"]
KNA = 10.0 ** P["saponification_exchange"]["log10_K"]
assert P["saponification_exchange"].get("protons_released", 1) == 1
assert P["saponification_exchange"].get("dimers_bound", 1) == 1
KA = 10.0 ** -P["aqueous"]["pKa_bisulfate"]
KW = 10.0 ** -P["aqueous"]["pKw"]
METALS = ["Nd", "Gd", "Tb", "Dy", "Ho", "Y"]

# (name, O/A, fixed pH or None, aqueous {species: mmol/L}, organic {species: mmol/L})
CASES = [
    ("extract-sap20", 1.0, None,
     {"Nd": 20, "Tb": 2, "Dy": 8, "Ho": 1, "Y": 3, "H": 10, "Cl": 112}, {"D2EHPA": 1000, "Na": 200, "H": 800}),
    ("extract-sap35-lean-feed", 1.0, None,
     {"Nd": 5, "Dy": 1, "H": 1, "Cl": 19}, {"D2EHPA": 500, "Na": 175, "H": 325}),
    ("brine-unsaponified", 1.0, None,
     {"Nd": 10, "H": 1, "Na": 1000, "Cl": 1031}, {"D2EHPA": 500, "H": 500}),
    ("extract-sulfate-sap20", 2.0, None,
     {"Nd": 5, "Gd": 5, "Dy": 5, "H": 20, "SO4": 40}, {"D2EHPA": 500, "Na": 100, "H": 400}),
    ("strip-loaded-sap", 1.0, None,
     {"H": 1000, "Cl": 1000}, {"D2EHPA": 1000, "Dy": 20, "Ho": 5, "Na": 50, "H": 875}),
    ("ph-stat-2.5", 0.5, 2.5,
     {"Dy": 10, "Ho": 10, "Na": 200, "Cl": 260}, {"D2EHPA": 400, "Na": 40, "H": 360}),
]
SPECIES = METALS + ["H", "D2EHPA", "Cl", "Na", "SO4"]


def solve(oa, fixed_pH, aq, org):
    va, vo = 1.0, oa                              # litres
    mol = lambda d, k: d.get(k, 0.0) / 1000.0     # mol/L
    T = {m: va * mol(aq, m) + vo * mol(org, m) for m in METALS + ["Na"]}
    C = mol(org, "D2EHPA")
    S = mol(aq, "SO4")
    TH = va * mol(aq, "H") + vo * mol(org, "H")
    K = {m: 10.0 ** LOGK[m] for m in METALS}

    def split(h, d):
        out = {}
        for m in METALS:
            D = K[m] * d ** 3 / h ** 3
            x = T[m] / (va + vo * D)
            out[m] = (x, D * x)
        D = KNA * d / h
        x = T["Na"] / (va + vo * D)
        out["Na"] = (x, D * x)
        return out

    def HT(h):
        return h + S * h / (KA + h) - KW / h

    def residual(v, h_fixed=None):
        h, d = (np.exp(v[0]), np.exp(v[1])) if h_fixed is None else (h_fixed, np.exp(v[0]))
        xy = split(h, d)
        ext = (2 * d + sum(6 * xy[m][1] for m in METALS) + 2 * xy["Na"][1]) / C - 1
        if h_fixed is not None:
            return [ext]
        y_h = C - sum(3 * xy[m][1] for m in METALS) - xy["Na"][1]
        prot = (va * HT(h) + vo * y_h - TH) / max(abs(TH), vo * C)
        return [ext, prot]

    def polish(v, f):
        for _ in range(30):
            r = np.array(f(v))
            J = np.zeros((len(v), len(v)))
            for k in range(len(v)):
                e = np.zeros(len(v)); e[k] = 1e-7
                J[:, k] = (np.array(f(v + e)) - np.array(f(v - e))) / 2e-7
            step = np.linalg.solve(J, -r)
            v = v + step
            if np.max(np.abs(step)) < 1e-15:
                break
        return v

    if fixed_pH is None:
        best = None
        for lh in np.linspace(-12, 2, 15):
            sol = root(residual, [lh, math.log(C / 4)], method="hybr", options={"xtol": 1e-15})
            r = np.max(np.abs(residual(sol.x)))
            if best is None or r < best[0]:
                best = (r, sol.x)
        v = polish(np.array(best[1], dtype=float), residual)
        h, d = math.exp(v[0]), math.exp(v[1])
        assert np.max(np.abs(residual(v))) < 1e-13, residual(v)
    else:
        h = 10.0 ** -fixed_pH
        f = lambda v: residual(v, h)
        sol = root(f, [math.log(C / 4)], method="hybr", options={"xtol": 1e-15})
        v = polish(np.array(sol.x, dtype=float), f)
        d = math.exp(v[0])
        assert abs(f(v)[0]) < 1e-13
    xy = split(h, d)
    x = {m: xy[m][0] for m in METALS + ["Na"]}
    y = {m: xy[m][1] for m in METALS + ["Na"]}
    x["H"] = HT(h)
    y["H"] = C - sum(3 * y[m] for m in METALS) - y["Na"]
    y["D2EHPA"] = C
    for ion in ("Cl", "SO4"):
        x[ion] = (va * mol(aq, ion) + vo * mol(org, ion)) / va
    acid = va * x["H"] + vo * y["H"] - TH
    return x, y, -math.log10(h), acid / va


print("# Batch shake-outs of Na-saponified D2EHPA with finite K_Na, solved by make_reference.py (scipy, reduced variables)")
print("case,o_over_a,fixed_pH,phase,species,initial_mol_per_m3,equilibrium_mol_per_m3")
for name, oa, fpH, aq, org in CASES:
    x, y, pH, acid = solve(oa, fpH, aq, org)
    f = "" if fpH is None else fpH
    for s in SPECIES:
        print(f"{name},{oa},{f},aqueous,{s},{aq.get(s, 0)},{x.get(s, 0.0) * 1000:.17g}")
        print(f"{name},{oa},{f},organic,{s},{org.get(s, 0)},{y.get(s, 0.0) * 1000:.17g}")
    print(f"{name},{oa},{f},derived,pH,,{pH:.17g}")
    print(f"{name},{oa},{f},derived,acid_added_mol_per_m3_aqueous,,{acid * 1000:.17g}")
