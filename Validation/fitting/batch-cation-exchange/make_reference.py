#!/usr/bin/env python3
"""Synthetic Tb/Dy shake-out tests on D2EHPA (chloride) with loading AND pH shift, and an
independent fit of the same batch balances.

Model (physics.md 1.4, as Models/extraction/d2ehpa-chloride-mass-action.yaml declares it):
  Ln3+ + 3 (HA)2 = Ln(HA2)3 + 3 H+,  D_i = K_i [(HA)2]free^3 / [H+]^3  (mol/L),
  [(HA)2]free = (y_ext - 6 (y_Tb + y_Dy)) / 2,   [H+] from H_T = [H+] - Kw/[H+], pKw = 14.
Each test: aqueous feed of 1 g/L Tb + 1 g/L Dy in acid of initial pH0 (H_T0 = h0 - Kw/h0),
contacted with fresh acid-form D2EHPA (y_ext mol/L) at O/A = 1 (no pH control):
  x_i = x0_i - r y_i,  H_T = H_T0 + 3 r (y_Tb + y_Dy)  (each extracted ion releases 3 H+),
  y_i = D_i(x, y) x_i, solved through the total extracted amount with scipy brentq.
Truth: log10 Kex Tb 2.0978, Dy 2.4940 (the model file's values).
Design: pH0 0.3, 0.5, 0.7, 0.9 x y_ext 0.05, 0.1, 0.2 mol/L = 12 tests, two targets each.
Noise: normal, sd 0.02 on log10 D, numpy default_rng(20261129).
Reference: scipy.optimize.curve_fit of log10 Kex (Tb, Dy) to data.csv (sigma = u, relative).
"""
import numpy as np
from scipy.optimize import brentq, curve_fit

KW = 1e-14
MTB, MDY = 158.93, 162.5
TRUE = (2.0978, 2.4940)


def free_h(ht):  # ht in mol/L
    return (ht + np.sqrt(ht * ht + 4 * KW)) / 2


def batch(logk, ph0, yext, r=1.0):
    k = 10.0 ** np.array(logk)
    x0 = np.array([1.0 / MTB, 1.0 / MDY]) * 1000  # mol/m3
    h0 = 10.0 ** -ph0
    ht0 = 1000 * (h0 - KW / h0)  # mol/m3

    # Given the total extracted s = y_Tb + y_Dy, [H+] and the free dimer are fixed, so
    # y_i = D_i x0_i / (1 + r D_i); solve s = sum_i y_i(s) for s with brentq (monotone).
    def split(s):
        h = free_h(1e-3 * (ht0 + 3 * r * s))
        dimer = 5e-4 * (yext - 6 * s)
        d = k * dimer ** 3 / h ** 3
        return d * x0 / (1 + r * d), d

    smax = min(x0.sum() / r, yext / 6) * (1 - 1e-15)
    s_eq = brentq(lambda s: s - split(s)[0].sum(), 0.0, smax, xtol=1e-300, rtol=1e-15, maxiter=1000)
    y, d = split(s_eq)
    return np.log10(d), -np.log10(free_h(1e-3 * (ht0 + 3 * r * y.sum())))


rng = np.random.default_rng(20261129)
rows = []
for yext in (0.05, 0.1, 0.2):
    for ph0 in (0.3, 0.5, 0.7, 0.9):
        ld, ph = batch(TRUE, ph0, yext * 1000)
        rows.append((ph0, yext, ld[0] + rng.normal(0, 0.02), ld[1] + rng.normal(0, 0.02), ph))

with open("data.csv", "w") as f:
    f.write("# SYNTHETIC Tb/Dy shake-out tests on D2EHPA from chloride (1 g/L each, O/A 1, no pH control; loading "
            "and proton release included), log10 D with noise sd 0.02; made by "
            "Validation/fitting/batch-cation-exchange/make_reference.py. pH_eq is the noise-free equilibrium pH, for reading only.\n")
    f.write("pH0 [-],y0_D2EHPA [mol/L],c0_Tb [g/L],c0_Dy [g/L],O/A [-],log10D_Tb [-],u(log10D_Tb) [-],log10D_Dy [-],u(log10D_Dy) [-],pH_eq [-]\n")
    for ph0, yext, lt, ld, ph in rows:
        f.write(f"{ph0:.2f},{yext:g},1,1,1,{lt:.5f},0.02,{ld:.5f},0.02,{ph:.4f}\n")

data = np.loadtxt("data.csv", delimiter=",", skiprows=2)
n = len(data)


def model(idx, lk_tb, lk_dy):
    out = []
    for i in idx.astype(int):
        row = data[i % n]
        ld, _ = batch((lk_tb, lk_dy), row[0], row[1] * 1000, row[4])
        out.append(ld[0] if i < n else ld[1])
    return np.array(out)


y = np.concatenate([data[:, 5], data[:, 7]])
sigma = np.concatenate([data[:, 6], data[:, 8]])
p, cov = curve_fit(model, np.arange(2 * n), y, p0=[1.5, 1.5], sigma=sigma, absolute_sigma=False,
                   xtol=1e-14, ftol=1e-14, gtol=1e-14)
se = np.sqrt(np.diag(cov))
with open("reference.csv", "w") as f:
    f.write("# scipy.optimize.curve_fit of data.csv with the batch model in make_reference.py (sigma = u, absolute_sigma=False)\n")
    f.write("parameter,estimate,standard_error\n")
    f.write(f"log10_Kex.Tb,{p[0]:.15e},{se[0]:.15e}\n")
    f.write(f"log10_Kex.Dy,{p[1]:.15e},{se[1]:.15e}\n")
print(p, se)
print(data[:, [0, 1, 9]])
