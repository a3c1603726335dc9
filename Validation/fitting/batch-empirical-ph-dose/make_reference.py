#!/usr/bin/env python3
"""Synthetic Dy shake-out tests on D2EHPA with extractant loading, and an independent fit.

Model (physics.md 1.3, the UKy D2EHPA+TBP correlation with the dose taken from the FREE
extractant, as Models/extraction/d2ehpa-tbp-uky-sulfate.yaml declares it):
  log10 D = (m0 + m1*dose)*pH + B0 + B1*log10(dose),
  dose = 100 * 1e-3 * M/rho * c_free  [vol %],  c_free = y_ext - 3*y_Dy  [mol/m3],
  M = 322.43 g/mol, rho = 975.8 g/L (values of that model file).
Each test: aqueous Dy feed c0 (g/L) contacted with fresh organic of total extractant y_ext
(mol/L) at phase ratio r = O/A, equilibrium pH held (pH-stat). Mass balance x + r*y = c0,
closure y = D(y)*x, solved for y with scipy brentq.
Truth: the published Dy coefficients (m0 1.70783, m1 0.06443, B0 -2.42226, B1 -0.02538),
../shared/research-data/uky-d2ehpa-tbp-logD-correlation.csv.
Design: pH 0.6 ... 1.6 (6 levels) x y_ext 0.1, 0.2 mol/L x feed 0.5, 4 g/L Dy, r = 1: 24 tests;
at 4 g/L and pH 1.6, 55 % of the extractant is bound at 0.1 mol/L (31 % at 0.2 mol/L), so the dose falls with loading.
Noise: normal, sd 0.03 on log10 D, numpy default_rng(20261129).
Reference: scipy.optimize.curve_fit of the same model to data.csv (sigma = u, relative).
RareSep never runs this script.
"""
import numpy as np
from scipy.optimize import brentq, curve_fit

M, RHO, DY = 322.43, 975.8, 162.5
TRUE = (1.70783, 0.06443, -2.42226, -0.02538)


def equilibrium(theta, c0, yext, r, ph):
    m0, m1, b0, b1 = theta

    def g(y):
        x = c0 - r * y
        dose = 100 * 1e-3 * M / RHO * (yext - 3 * y)
        d = 10 ** ((m0 + m1 * dose) * ph + b0 + b1 * np.log10(dose))
        return y - d * x
    ymax = min(c0 / r, yext / 3) * (1 - 1e-12)
    y = brentq(g, 0.0, ymax, xtol=1e-300, rtol=1e-15, maxiter=500)
    return y, c0 - r * y


rng = np.random.default_rng(20261129)
rows = []
for feed in (0.5, 4.0):
    for yext in (0.1, 0.2):
        for ph in np.linspace(0.6, 1.6, 6):
            c0 = feed / DY * 1000  # mol/m3
            y, x = equilibrium(TRUE, c0, yext * 1000, 1.0, ph)
            rows.append((ph, feed, yext, np.log10(y / x) + rng.normal(0, 0.03)))

with open("data.csv", "w") as f:
    f.write("# SYNTHETIC Dy/D2EHPA shake-out tests (pH-stat, O/A = 1) from the UKy correlation with the dose "
            "taken from the free extractant; noise sd 0.03 on log10 D; made by "
            "Validation/fitting/batch-empirical-ph-dose/make_reference.py\n")
    f.write("pH [-],c0_Dy [g/L],y0_D2EHPA [mol/L],O/A [-],log10D_Dy [-],u(log10D_Dy) [-]\n")
    for ph, feed, yext, l in rows:
        f.write(f"{ph:.2f},{feed:g},{yext:g},1,{l:.5f},0.03\n")

data = np.loadtxt("data.csv", delimiter=",", skiprows=2)


def model(idx, *theta):
    out = []
    for i in idx.astype(int):
        ph, feed, yext, r = data[i, 0], data[i, 1], data[i, 2], data[i, 3]
        y, x = equilibrium(theta, feed / DY * 1000, yext * 1000, r, ph)
        out.append(np.log10(y / x))
    return np.array(out)


p, cov = curve_fit(model, np.arange(len(data)), data[:, 4], p0=[1.0, 0.0, -2.0, 0.0], sigma=data[:, 5],
                   absolute_sigma=False, xtol=1e-14, ftol=1e-14, gtol=1e-14)
se = np.sqrt(np.diag(cov))
with open("reference.csv", "w") as f:
    f.write("# scipy.optimize.curve_fit of data.csv with the model in make_reference.py (sigma = u, absolute_sigma=False)\n")
    f.write("parameter,estimate,standard_error\n")
    for name, b, s in zip(("m0", "m1", "B0", "B1"), p, se):
        f.write(f"correlation.Dy.{name},{b:.15e},{s:.15e}\n")
print(p, se)
