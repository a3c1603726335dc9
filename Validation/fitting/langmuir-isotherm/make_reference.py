#!/usr/bin/env python3
"""Synthetic single-component Langmuir isotherm data (q-c) and an independent fit.

Truth (ILLUSTRATIVE): q = q_max K c / (1 + K c), q_max = 0.9 mmol/g, K = 0.35 L/mmol.
Design: c = 0.2, 0.5, 1, 2, 4, 7, 12, 20 mmol/L (8 points, equilibrium liquid concentration).
Noise: 3 % relative, normal, numpy default_rng(20261129); u(q) = 3 % of the noise-free q.
Reference: scipy.optimize.curve_fit on (q_max, K) directly (sigma = u, absolute_sigma=False);
RareSep fits log q_max and log K, so its standard errors come through the delta method,
which at the optimum equals the direct covariance exactly.
"""
import numpy as np
from scipy.optimize import curve_fit

QMAX, K = 0.9, 0.35
c = np.array([0.2, 0.5, 1, 2, 4, 7, 12, 20.0])
q0 = QMAX * K * c / (1 + K * c)
rng = np.random.default_rng(20261129)
q = q0 * (1 + 0.03 * rng.normal(size=len(c)))
u = 0.03 * q0
with open("data.csv", "w") as f:
    f.write("# SYNTHETIC Langmuir isotherm points (illustrative truth q_max 0.9 mmol/g, K 0.35 L/mmol, 3 % noise); "
            "made by Validation/fitting/langmuir-isotherm/make_reference.py\n")
    f.write("c [mmol/L],q [mmol/g],u(q) [mmol/g]\n")
    for ci, qi, ui in zip(c, q, u):
        f.write(f"{ci:g},{qi:.6f},{ui:.6f}\n")
data = np.loadtxt("data.csv", delimiter=",", skiprows=2)
p, cov = curve_fit(lambda c, a, b: a * b * c / (1 + b * c), data[:, 0], data[:, 1], p0=[1, 1], sigma=data[:, 2],
                   absolute_sigma=False, xtol=1e-15, ftol=1e-15, gtol=1e-15)
se = np.sqrt(np.diag(cov))
with open("reference.csv", "w") as f:
    f.write("# scipy.optimize.curve_fit of data.csv (sigma = u, absolute_sigma=False), by make_reference.py\n")
    f.write("parameter,estimate,standard_error\n")
    f.write(f"q_max,{p[0]:.15e},{se[0]:.15e}\nK,{p[1]:.15e},{se[1]:.15e}\n")
print(p, se)
