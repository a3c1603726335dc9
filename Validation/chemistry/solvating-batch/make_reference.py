"""Independent reference for batch shake-outs under the solvating (TODGA, nitrate) model,
solved with scipy in reduced variables.

Chemistry (physics.md 1.5, mol/L): Ln3+ + 3 NO3- + n L = Ln(NO3)3.Ln,
    D_i = K_i [NO3-]^3 [L]^n_i,      HNO3 co-extraction  [HNO3.L] = K_H [H+][NO3-][L],
ligand balance   C_L = [L](1 + K_H [H+][NO3-]) + sum_i n_i y_i,
nitrate balance  T_X = V_aq X + V_org (3 sum_i y_i + [HNO3.L]),
proton balance   T_H = V_aq H_T(h) + V_org [HNO3.L],  H_T(h) = h - Kw/h (no sulfate here),
metal balance    x_i = T_i/(V_aq + V_org D_i).
Unknowns ln h, ln X, ln [L] found with scipy.optimize.root (hybr) and Newton-polished.
Constants from the model file this case validates. RareSep solves the full problem in
concentrations (logit of the extracted fraction) instead.
Run: python3 make_reference.py > reference.csv
"""
import math
import os

import numpy as np
import yaml
from scipy.optimize import root

np.seterr(all="ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "..", "..", "..", "Models", "extraction", "todga-nitrate-illustrative.yaml")
with open(MODEL) as f:
    P = yaml.safe_load(f)["parameters"]
KW = 10.0 ** -P["aqueous"]["pKw"]
KH = 10.0 ** P["log10_K_acid"]
METALS = ["Nd", "Gd", "Tb", "Dy", "Ho"]
K = {m: 10.0 ** P["log10_K"][m] for m in METALS}
NL = {m: P["ligand_number"][m] for m in METALS}

CASES = [  # name, O/A, aqueous mmol/L, organic mmol/L
    ("0.3M-HNO3", 1.0, {"Nd": 10, "Gd": 1, "Tb": 1, "Dy": 4, "Ho": 0.5, "H": 300, "NO3": 300 + 3 * 16.5}, {"TODGA": 100}),
    ("3M-HNO3", 1.0, {"Nd": 10, "Gd": 1, "Tb": 1, "Dy": 4, "Ho": 0.5, "H": 3000, "NO3": 3000 + 3 * 16.5}, {"TODGA": 100}),
    ("salted-NaNO3", 2.0, {"Nd": 5, "Dy": 5, "H": 100, "Na": 2000, "NO3": 2100 + 30}, {"TODGA": 50}),
    ("loaded", 1.0, {"Nd": 30, "Dy": 20, "Tb": 5, "H": 1000, "NO3": 1000 + 165}, {"TODGA": 150}),
]
SPECIES = METALS + ["H", "NO3", "TODGA", "Na"]


def solve(oa, aq, org):
    va, vo = 1.0, oa
    g = lambda d, k: d.get(k, 0.0) / 1000.0
    T = {m: va * g(aq, m) + vo * g(org, m) for m in METALS}
    TX = va * g(aq, "NO3") + vo * g(org, "NO3")
    TH = va * g(aq, "H") + vo * g(org, "H")
    CL = g(org, "TODGA")

    def state(v):
        h, X, L = np.exp(v)
        xy = {}
        for m in METALS:
            D = K[m] * X ** 3 * L ** NL[m]
            x = T[m] / (va + vo * D)
            xy[m] = (x, D * x)
        hx = KH * h * X * L
        return h, X, L, xy, hx

    def residual(v):
        h, X, L, xy, hx = state(v)
        lig = (L + hx + sum(NL[m] * xy[m][1] for m in METALS)) / CL - 1
        nit = (va * X + vo * (3 * sum(xy[m][1] for m in METALS) + hx)) / TX - 1
        pro = (va * (h - KW / h) + vo * hx) / TH - 1
        return np.array([lig, nit, pro])

    v = np.log([TH / va, TX / va, CL / 2])
    sol = root(residual, v, method="hybr", options={"xtol": 1e-15})
    v = sol.x
    for _ in range(20):
        r = residual(v)
        J = np.zeros((3, 3))
        for k in range(3):
            e = np.zeros(3); e[k] = 1e-7
            J[:, k] = (residual(v + e) - residual(v - e)) / 2e-7
        step = np.linalg.solve(J, -r)
        v = v + step
        if np.max(np.abs(step)) < 1e-15:
            break
    assert np.max(np.abs(residual(v))) < 1e-13, residual(v)
    h, X, L, xy, hx = state(v)
    x = {m: xy[m][0] for m in METALS}
    y = {m: xy[m][1] for m in METALS}
    x["H"], y["H"] = h - KW / h, hx
    x["NO3"], y["NO3"] = X, 3 * sum(y[m] for m in METALS) + hx
    y["TODGA"] = CL
    x["Na"] = g(aq, "Na")
    return x, y, -math.log10(h), {m: y[m] / x[m] for m in METALS}


print("# Batch shake-outs under the solvating TODGA/nitrate model, solved by make_reference.py (scipy, reduced variables)")
print("case,o_over_a,fixed_pH,phase,species,initial_mol_per_m3,equilibrium_mol_per_m3")
for name, oa, aq, org in CASES:
    x, y, pH, D = solve(oa, aq, org)
    for s in SPECIES:
        print(f"{name},{oa},,aqueous,{s},{aq.get(s, 0)},{x.get(s, 0.0) * 1000:.17g}")
        print(f"{name},{oa},,organic,{s},{org.get(s, 0)},{y.get(s, 0.0) * 1000:.17g}")
    print(f"{name},{oa},,derived,pH,,{pH:.17g}")
