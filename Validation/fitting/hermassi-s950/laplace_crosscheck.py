"""Independent cross-check of the Hermassi S950 GRM fits (not run by RareSep or its
tests): the linear general rate model of s950-column.yaml solved in the Laplace domain
(film + spherical-bead transfer function, fixed-Talbot inversion in numpy) and fitted
per element with scipy least_squares (parameters H and eps_p*D_p, log-transformed).
Prints H, D_p, RMS and BV10/BV50 (model on a 0.5 BV grid vs linear interpolation of
the digitised points). Run: python3 laplace_crosscheck.py > laplace_crosscheck.txt

Model (see ../../column/grm-laplace/make_reference.py for the derivation), in the limit of
local equilibrium in the pores (q = H c_p; RareSep's binding rate 0.01 1/s is fast
against the days-long diffusion time):
  g(s) = s + ((1-eps)/eps)(3/r_p) k_f Y/(k_f + Y),  Y = eps_p D_p (x coth x - 1)/r_p,
  x = r_p sqrt(s (eps_p + (1-eps_p) H)/(eps_p D_p)),
  G(s) = 4a exp(Pe(1-a)/2)/((1+a)^2 - (1-a)^2 exp(-a Pe)),  a = sqrt(1 + 4 D g/u^2).
"""
import csv

import numpy as np
from scipy.optimize import least_squares

L = 1.0; us = 9.43e-5; eps = 0.35; epsp = 0.3; Dax = 5e-7; rp = 375e-6; kf = 1.23e-5
BV = L / us
u = us / eps


def transfer(s, H, De):
    cap = epsp + (1 - epsp) * H
    x = np.sqrt(s * cap / De) * rp
    Y = De * (x / np.tanh(x) - 1) / rp
    g = s + (1 - eps) / eps * 3 / rp * kf * Y / (kf + Y)
    a = np.sqrt(1 + 4 * Dax * g / u**2)
    pe = u * L / Dax
    return 4 * a * np.exp(pe * (1 - a) / 2) / ((1 + a)**2 - (1 - a)**2 * np.exp(-a * pe))


def step(t, H, De, M=32):
    """Fixed Talbot (Abate & Valko 2004) inversion of G(s)/s at time t > 0."""
    r = 2 * M / (5 * t)
    th = np.pi * np.arange(1, M) / M
    sk = r * th * (1 / np.tan(th) + 1j)
    sigma = th + (th / np.tan(th) - 1) / np.tan(th)
    F = lambda s: transfer(s, H, De) / s
    total = 0.5 * np.exp(r * t) * F(np.array([r + 0j]))[0].real
    total += np.sum((np.exp(t * sk) * F(sk) * (1 + 1j * sigma)).real)
    return r / M * total


def curve(bv, H, De):
    return np.array([step(b * BV, H, De) if b > 0 else 0.0 for b in bv])


def crossing(x, y, level):
    for i in range(1, len(x)):
        if y[i - 1] < level <= y[i]:
            return x[i - 1] + (level - y[i - 1]) / (y[i] - y[i - 1]) * (x[i] - x[i - 1])
    return float("nan")


rows = list(csv.reader(l for l in open("breakthrough.csv") if not l.startswith("#")))[1:]
data = {}
for r in rows:
    data.setdefault(r[1], []).append((float(r[3]), float(r[4])))
print("element,H,D_p_m2_per_s,rms,bv10_model,bv10_data,bv50_model,bv50_data")
for el in ["La", "Sm", "Dy", "Ho", "Er", "Yb"]:
    bv = np.array([p[0] for p in data[el]]); y = np.array([p[1] for p in data[el]])
    fit = least_squares(lambda p: curve(bv, np.exp(p[0]), np.exp(p[1])) - y, [np.log(100), np.log(1e-11)])
    H, De = np.exp(fit.x)
    grid = np.arange(0.5, 240, 0.5); c = curve(grid, H, De)
    rms = np.sqrt(np.mean(fit.fun**2))
    print(f"{el},{H:.4g},{De / epsp:.4g},{rms:.4f},{crossing(grid, c, 0.1):.3f},{crossing(bv, y, 0.1):.3f},"
          f"{crossing(grid, c, 0.5):.3f},{crossing(bv, y, 0.5):.3f}")
