"""Reduced-variable solver for one counter-current segment of mixer-settler stages under
mass-action cation exchange by a dimeric acidic extractant (independent of RareSep; used by
the make_reference.py scripts of the chemistry validation cases).

Stages 1..N; organic enters stage 1 (once through) and leaves stage N; aqueous streams enter
at any stage and flow from N to 1, leaving stage 1. Ideal stages (Murphree 1), no entrainment.
Per stage, in mol/L for the chemistry:
  D_i = K_i d^n_i / h^nu_i,   d = free dimer,  h = free H+ (chloride medium: H_T = h - Kw/h),
and the unknowns ln h_s, ln d_s satisfy
  extractant:  C = 2 d_s + sum_i 2 n_i y_is
  protons:     A_{s+1} H_{s+1} + (aqueous feeds' H) + O yH_{s-1} = A_s H_s + O yH_s,
               yH_s = C - sum_i nu_i y_is  (exchangeable protons; organic feed: C - Na),
while each metal's profile for given (h, d) is the linear counter-current system
  A_{s+1} x_{s+1} + (feeds) + O y_{s-1} = A_s x_s + O y_s,  y = D x.
Na (saponification) and Cl stay aqueous. Solved with scipy.optimize.root (hybr) from several
starts, then Newton-polished.
"""
import math

import numpy as np
from scipy.optimize import root

np.seterr(all="ignore")


def solve(N, metals, logK, nu, nd, aqueous_feeds, organic_flow, organic, kw=1e-14, starts=None):
    """aqueous_feeds: list of (stage 1..N, flow, {species: mol/m3}); organic: {species: mol/m3}.
    Returns dict with x[species][s], y[species][s] (mol/m3), pH[s]."""
    A = np.zeros(N + 2)               # A[s] = aqueous flow leaving stage s (1-based); A[N+1] = 0
    for s in range(N, 0, -1):
        A[s] = A[s + 1] + sum(f for (st, f, _) in aqueous_feeds if st == s)
    O = organic_flow
    C = organic.get("EXT", 0.0) / 1000
    yH0 = organic.get("H", 0.0) / 1000
    K = {m: 10.0 ** logK[m] for m in metals}

    def feed_in(sp, s):
        return sum(f * c.get(sp, 0.0) / 1000 for (st, f, c) in aqueous_feeds if st == s)

    def metal_profiles(h, d):
        x, y = {}, {}
        for m in metals:
            D = [K[m] * d[s] ** nd[m] / h[s] ** nu[m] for s in range(N)]
            a = np.zeros((N, N)); b = np.zeros(N)
            for s in range(N):        # index s ↔ stage s+1
                a[s, s] = -(A[s + 1] + O * D[s])
                if s + 1 < N: a[s, s + 1] = A[s + 2]
                if s - 1 >= 0: a[s, s - 1] = O * D[s - 1]
                b[s] = -feed_in(m, s + 1) - (O * organic.get(m, 0.0) / 1000 if s == 0 else 0.0)
            xs = np.linalg.solve(a, b)
            x[m], y[m] = xs, np.array(D) * xs
        return x, y

    def residual(v):
        h, d = np.exp(v[:N]), np.exp(v[N:])
        try:
            x, y = metal_profiles(h, d)
        except np.linalg.LinAlgError:
            return np.full(2 * N, 1e3)
        r = []
        for s in range(N):
            r.append((2 * d[s] + sum(2 * nd[m] * y[m][s] for m in metals)) / C - 1)
        yH = [C - sum(nu[m] * y[m][s] for m in metals) for s in range(N)]
        HT = [h[s] - kw / h[s] for s in range(N)]
        for s in range(N):
            inflow = (A[s + 2] * HT[s + 1] if s + 1 < N else 0.0) + feed_in("H", s + 1) + O * (yH[s - 1] if s > 0 else yH0)
            r.append((inflow - A[s + 1] * HT[s] - O * yH[s]) / (O * C))
        return np.array(r)

    best = None
    for lh in (starts or [-1.0, -2.0, -3.0, 0.0, -5.0]):
        v0 = np.concatenate([np.full(N, lh * math.log(10)), np.full(N, math.log(C / 4))])
        v = root(residual, v0, method="hybr", options={"xtol": 1e-15}).x
        r = np.max(np.abs(residual(v)))
        if not np.isfinite(r):
            continue
        if best is None or r < best[0]:
            best = (r, v)
    v = best[1]
    for _ in range(40):
        r = residual(v)
        J = np.zeros((2 * N, 2 * N))
        for k in range(2 * N):
            e = np.zeros(2 * N); e[k] = 1e-7
            J[:, k] = (residual(v + e) - residual(v - e)) / 2e-7
        step = np.linalg.solve(J, -r)
        v = v + step
        if np.max(np.abs(step)) < 1e-15:
            break
    assert np.max(np.abs(residual(v))) < 1e-13, residual(v)
    h, d = np.exp(v[:N]), np.exp(v[N:])
    x, y = metal_profiles(h, d)
    out_x = {m: x[m] * 1000 for m in metals}
    out_y = {m: y[m] * 1000 for m in metals}
    out_x["H"] = np.array([(h[s] - kw / h[s]) * 1000 for s in range(N)])
    out_y["H"] = np.array([(C - sum(nu[m] * y[m][s] for m in metals)) * 1000 for s in range(N)])
    out_y["EXT"] = np.full(N, C * 1000)
    # aqueous-only ions: Na from the organic feed is released in stage 1; others with their feeds
    for ion in ("Na", "Cl"):
        xs = np.zeros(N)
        for s in range(N, 0, -1):
            inflow = (A[s + 1] * xs[s] / 1000 if s < N else 0.0) + feed_in(ion, s) + (O * organic.get(ion, 0.0) / 1000 if s == 1 else 0.0)
            xs[s - 1] = inflow / A[s] * 1000
        out_x[ion] = xs
    return {"x": out_x, "y": out_y, "pH": [-math.log10(hs) for hs in h]}


def write_profiles(result, N, rename=None):
    rename = rename or {}
    print("stage,phase,species,concentration_mol_per_m3")
    for s in range(N):
        for phase, table in (("aqueous", result["x"]), ("organic", result["y"])):
            for sp, values in table.items():
                print(f"{s + 1},{phase},{rename.get(sp, sp)},{values[s]:.17g}")
