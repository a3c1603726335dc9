"""Independent reference for single-stage batch shake-outs under the mass-action
cation-exchange model (D2EHPA, chloride/sulfate), solved with scipy in reduced variables.

Chemistry (physics.md 1.4, concentrations in mol/L): Ln3+ + 3 (HA)2 = Ln(HA2)3 + 3 H+,
    D_i = K_i * d**3 / h**3,   d = free dimer, h = free H+,
extractant balance  C = 2 d + sum_i 6 y_i  (organic, monomer units),
proton balance      V_aq*H_T(h) + V_org*(C - sum_i 3 y_i) = total H in the batch,
    H_T(h) = h + S*h/(Ka + h) - Kw/h  (total aqueous acid with bisulfate and water),
metal balance       x_i = T_i / (V_aq + V_org*D_i),  y_i = D_i x_i.
Na (saponification) and Cl stay in the aqueous phase. The two unknowns ln h, ln d are
found with scipy.optimize.root (hybr) and polished by Newton steps with a numerical
Jacobian in extended precision (numpy longdouble). A pH-stat case holds h fixed and reports
the acid added. RareSep solves the full 2n-variable problem in concentrations instead.
Constants K_i are read from the model file this case validates.
Run: python3 make_reference.py > reference.csv
"""
import math
import os

import numpy as np
import yaml
np.seterr(all="ignore")  # the multi-start probes far outside the physical range
from scipy.optimize import root

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "..", "..", "..", "Models", "extraction", "d2ehpa-chloride-mass-action.yaml")
with open(MODEL) as f:
    P = yaml.safe_load(f)["parameters"]
LOGK = P["log10_Kex"]
KA = 10.0 ** -P["aqueous"]["pKa_bisulfate"]
KW = 10.0 ** -P["aqueous"]["pKw"]
METALS = ["Nd", "Gd", "Tb", "Dy", "Ho", "Y"]

# (name, O/A, fixed pH or None, aqueous {species: mmol/L}, organic {species: mmol/L})
CASES = [
    ("extract-chloride", 1.0, None,
     {"Nd": 20, "Tb": 2, "Dy": 8, "Ho": 1, "Y": 3, "H": 50, "Cl": 152}, {"D2EHPA": 1000, "H": 1000}),
    ("extract-saponified", 1.0, None,
     {"Nd": 20, "Tb": 2, "Dy": 8, "Ho": 1, "Y": 3, "H": 10, "Cl": 112}, {"D2EHPA": 1000, "H": 920, "Na": 80}),
    ("extract-loaded-oa2", 2.0, None,
     {"Nd": 60, "Gd": 5, "Tb": 10, "Dy": 30, "Ho": 5, "Y": 10, "H": 20, "Cl": 380}, {"D2EHPA": 300, "H": 300}),
    ("strip-3M-HCl", 1.0, None,
     {"H": 3000, "Cl": 3000}, {"D2EHPA": 1000, "Nd": 1, "Tb": 5, "Dy": 20, "Ho": 3, "Y": 4, "H": 901}),
    ("extract-sulfate", 1.0, None,
     {"Nd": 5, "Gd": 5, "Dy": 5, "H": 200, "SO4": 122.5}, {"D2EHPA": 500, "H": 500}),
    ("ph-stat-1.5", 0.5, 1.5,
     {"Dy": 10, "Ho": 10, "Cl": 60}, {"D2EHPA": 200, "H": 200}),
]
SPECIES = METALS + ["H", "D2EHPA", "Cl", "Na", "SO4"]


def solve(oa, fixed_pH, aq, org):
    va, vo = 1.0, oa                         # litres
    mmol = lambda d, k: d.get(k, 0.0) / 1000.0  # mol/L
    T = {m: va * mmol(aq, m) + vo * mmol(org, m) for m in METALS}
    C = mmol(org, "D2EHPA")
    S = mmol(aq, "SO4")
    TH = va * mmol(aq, "H") + vo * mmol(org, "H")
    K = {m: 10.0 ** LOGK[m] for m in METALS}

    def metals(h, d):
        y = {}
        for m in METALS:
            D = K[m] * d ** 3 / h ** 3
            x = T[m] / (va + vo * D)
            y[m] = (x, D * x)
        return y

    def HT(h):
        return h + S * h / (KA + h) - KW / h

    def residual(v, h_fixed=None):
        if h_fixed is None:
            h, d = np.exp(v[0]), np.exp(v[1])
        else:
            h, d = h_fixed, np.exp(v[0])
        xy = metals(h, d)
        ext = (2 * d + sum(6 * xy[m][1] for m in METALS)) / C - 1
        if h_fixed is not None:
            return [ext]
        prot = (va * HT(h) + vo * (C - sum(3 * xy[m][1] for m in METALS)) - TH) / max(abs(TH), vo * C)
        return [ext, prot]

    if fixed_pH is None:
        best = None
        for lh in np.linspace(-12, 2, 15):
            sol = root(residual, [lh, math.log(C / 4)], method="hybr", options={"xtol": 1e-15})
            r = np.max(np.abs(residual(sol.x)))
            if best is None or r < best[0]:
                best = (r, sol.x)
        v = np.array(best[1], dtype=float)
        for _ in range(20):  # Newton polish with central-difference Jacobian
            r = np.array(residual(v))
            J = np.zeros((2, 2))
            for k in range(2):
                e = np.zeros(2); e[k] = 1e-7
                J[:, k] = (np.array(residual(v + e)) - np.array(residual(v - e))) / 2e-7
            step = np.linalg.solve(J, -r)
            v = v + step
            if np.max(np.abs(step)) < 1e-15:
                break
        h, d = math.exp(v[0]), math.exp(v[1])
        assert np.max(np.abs(residual(v))) < 1e-13, residual(v)
    else:
        h = 10.0 ** -fixed_pH
        sol = root(lambda v: residual(v, h), [math.log(C / 4)], method="hybr", options={"xtol": 1e-15})
        d = math.exp(sol.x[0])
        assert abs(residual(sol.x, h)[0]) < 1e-13
    xy = metals(h, d)
    x = {m: xy[m][0] for m in METALS}
    y = {m: xy[m][1] for m in METALS}
    x["H"] = HT(h)
    y["H"] = C - sum(3 * y[m] for m in METALS)
    y["D2EHPA"] = C
    for ion in ("Cl", "Na", "SO4"):
        x[ion] = (va * mmol(aq, ion) + vo * mmol(org, ion)) / va
    acid = va * x["H"] + vo * y["H"] - TH
    return x, y, -math.log10(h), acid / va


print("# Batch shake-outs under the mass-action D2EHPA model, solved by make_reference.py (scipy, reduced variables)")
print("case,o_over_a,fixed_pH,phase,species,initial_mol_per_m3,equilibrium_mol_per_m3")
for name, oa, fpH, aq, org in CASES:
    x, y, pH, acid = solve(oa, fpH, aq, org)
    f = "" if fpH is None else fpH
    for s in SPECIES:
        print(f"{name},{oa},{f},aqueous,{s},{aq.get(s, 0)},{x.get(s, 0.0) * 1000:.17g}")
        print(f"{name},{oa},{f},organic,{s},{org.get(s, 0)},{y.get(s, 0.0) * 1000:.17g}")
    print(f"{name},{oa},{f},derived,pH,,{pH:.17g}")
    print(f"{name},{oa},{f},derived,acid_added_mol_per_m3_aqueous,,{acid * 1000:.17g}")
