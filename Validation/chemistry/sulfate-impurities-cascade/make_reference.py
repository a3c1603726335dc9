"""Independent reference for case.yaml: three counter-current stages of D2EHPA(+TBP) with
the University of Kentucky correlation, sulfate medium, REE + Sc, Al, Ca, Fe; solved with
scipy in reduced variables (free [H+] and free D2EHPA per stage).

Per stage s (organic 1 -> 3, aqueous 3 -> 1, flows A = O, no entrainment, Murphree 1):
  dose_s = 100 * F_s * M / (1000 * rho)            (F_s free D2EHPA, mol/m3; vol %)
  log10 D_is = (m0 + m1 dose_s) pH_s + B0 + B1 log10 dose_s   (constant D for Sc, Al, Ca, Fe)
  pH_s = -log10 h_s,  aqueous total acid x_H,s = 1000 (h + S h/(Ka + h) - Kw/h), h in mol/L
For given (h_s, F_s) each metal's profile is the linear counter-current system
  A x_{s+1} + O y_{s-1} = A x_s + O y_s,  y_s = D_is x_s,  x_4 = feed, y_0 = 0;
the unknowns then satisfy, per stage,
  F_s = C - sum_i z_i y_is                          (each ion takes z_i D2EHPA units)
  A x_H,s+1 + O y_H,s-1 = A x_H,s + O y_H,s,  y_H,s = C - sum_i z_i y_is (exchangeable protons),
with y_H,0 = C (fresh acid-form organic). Sulfate and the other anions stay aqueous.
Feed conversion (mg/L of the element -> mol/m3) and the sulfate that balances charge use
Models/elements.yaml; the correlation and aqueous constants come from the model file.
Run: python3 make_reference.py > reference.csv
"""
import math
import os

import numpy as np
import yaml
from scipy.optimize import root

np.seterr(all="ignore")
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
EL = {e["symbol"]: e for e in yaml.safe_load(open(os.path.join(ROOT, "Models", "elements.yaml")))["elements"]}
ION = {e["symbol"]: e for e in yaml.safe_load(open(os.path.join(ROOT, "Models", "elements.yaml")))["ions"]}
P = yaml.safe_load(open(os.path.join(ROOT, "Models", "extraction", "d2ehpa-tbp-uky-sulfate.yaml")))["parameters"]
KA, KW = 10 ** -P["aqueous"]["pKa_bisulfate"], 10 ** -P["aqueous"]["pKw"]
M, RHO = P["extractant_molar_mass"], P["extractant_density"]

METALS = ["La", "Ce", "Pr", "Nd", "Sm", "Gd", "Dy", "Y", "Sc", "Al", "Ca", "Fe"]
FEED_MG_L = {"La": 20, "Ce": 40, "Pr": 5, "Nd": 20, "Sm": 4, "Gd": 4, "Dy": 3, "Y": 15, "Sc": 2,
             "Al": 3000, "Ca": 400, "Fe": 500}
feed = {m: FEED_MG_L[m] / EL[m]["molar_mass"] for m in METALS}          # mg/L / (g/mol) = mmol/L = mol/m3
feed_H = 30.0                                                           # 0.03 mol/L
charge = {m: EL[m]["charge"] for m in METALS}
S = (sum(charge[m] * feed[m] for m in METALS) + feed_H) / 2             # balance_with: SO4
C = 48.79 / ION["D2EHPA"]["molar_mass"] * 1000                          # mol/m3
yH0 = 151.32
N = 3


def D(m, h, F):
    if m in P["constant_D"]:
        return P["constant_D"][m]
    c = P["correlation"][m]
    dose = 100 * F * M / (1000 * RHO)
    pH = -math.log10(h)
    return 10 ** ((c["m0"] + c["m1"] * dose) * pH + c["B0"] + c["B1"] * math.log10(dose))


def profiles(h, F):
    x = {m: np.zeros(N) for m in METALS}
    y = {m: np.zeros(N) for m in METALS}
    for m in METALS:
        d = [D(m, h[s], F[s]) for s in range(N)]
        a = np.zeros((N, N)); b = np.zeros(N)
        for s in range(N):             # A = O = 1 (ratio only matters)
            a[s, s] = -(1 + d[s])
            if s + 1 < N: a[s, s + 1] = 1
            else: b[s] -= feed[m]
            if s - 1 >= 0: a[s, s - 1] = d[s - 1]
        xs = np.linalg.solve(a, b)
        x[m], y[m] = xs, np.array(d) * xs
    return x, y


def HT(h):
    return 1000 * (h + (S / 1000) * h / (KA + h) - KW / h)


def residual(v):
    h, F = np.exp(v[:N]), np.exp(v[N:])
    x, y = profiles(h, F)
    bound = np.array([sum(charge[m] * y[m][s] for m in METALS) for s in range(N)])
    r = list((F - (C - bound)) / C)
    yH = C - bound
    xH = np.array([HT(h[s]) for s in range(N)])
    for s in range(N):
        inflow = (xH[s + 1] if s + 1 < N else feed_H) + (yH[s - 1] if s > 0 else yH0)
        r.append((inflow - xH[s] - yH[s]) / C)
    return np.array(r)


v = np.concatenate([np.log(np.full(N, 1e-3)), np.log(np.full(N, 0.9 * C))])
v = root(residual, v, method="hybr", options={"xtol": 1e-15}).x
for _ in range(30):
    r = residual(v)
    J = np.zeros((2 * N, 2 * N))
    for k in range(2 * N):
        e = np.zeros(2 * N); e[k] = 1e-7
        J[:, k] = (residual(v + e) - residual(v - e)) / 2e-7
    step = np.linalg.solve(J, -r)
    v = v + step
    if np.max(np.abs(step)) < 1e-15:
        break
assert np.max(np.abs(residual(v))) < 1e-14, residual(v)
h, F = np.exp(v[:N]), np.exp(v[N:])
x, y = profiles(h, F)
print("# 3-stage sulfate cascade under the UKy D2EHPA+TBP correlation, solved by make_reference.py (scipy, reduced variables)")
print("# per-stage pH: " + ", ".join(f"{-math.log10(hs):.6f}" for hs in h))
print("stage,phase,species,concentration_mol_per_m3")
for s in range(N):
    for m in METALS:
        print(f"{s + 1},aqueous,{m},{x[m][s]:.17g}")
        print(f"{s + 1},organic,{m},{y[m][s]:.17g}")
    bound = sum(charge[m] * y[m][s] for m in METALS)
    print(f"{s + 1},aqueous,H,{HT(h[s]):.17g}")
    print(f"{s + 1},organic,H,{C - bound:.17g}")
    print(f"{s + 1},organic,D2EHPA,{C:.17g}")
    print(f"{s + 1},aqueous,SO4,{S:.17g}")
for s in range(N):
    print(f"{s + 1},derived,pH,{-math.log10(h[s]):.17g}")
