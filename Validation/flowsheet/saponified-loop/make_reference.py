"""Independent reference for the saponified solvent loop (flowsheet.yaml, degree 30 %) and
the same loop unsaponified (flowsheet-unsaponified.yaml, degree 0).

One mixer-settler cascade (extraction, scrub, strip) of D2EHPA in chloride with the mass-action
model of Models/extraction/d2ehpa-chloride-mass-action-na.yaml (finite Na exchange); the organic
leaving the strip section is saponified with NaOH to the degree delta (y_Na = delta*C, the
exchangeable protons fall by as much, metals still loaded stay) and returns to stage 1.
Not sequential-modular: every stage equation and the saponification step are written as one
system and solved at once (scipy.optimize.root, then Newton polish), no tear stream.

Stages 1..N, organic flows 1 -> N, aqueous N -> 1 (the strip section's aqueous leaves at its
first stage as the strip liquor). Concentrations mol/L, flows L/h. Per stage s the unknowns are
ln x_i (Nd, Dy, Na aqueous), ln h (free H+), ln d (free dimer (HA)2):
    D_i  = K_i d^3 / h^3,  D_Na = K_Na d / h,  y_i = D_i x_i, y_Na = D_Na x_Na
    free extractant   2 d = C - 6 sum_i y_i - 2 y_Na
    organic protons   y_H = C - 3 sum_i y_i - y_Na     (site balance)
    aqueous acid      H_T = h - Kw/h                    (chloride: no bisulfate)
    balances          A_out x_s + O y_s - A_in x_{s+1} - O y_{s-1} - feed_s = 0
                      for Nd, Dy, Na and H (H: H_T aqueous, y_H organic).
Cl stays in the aqueous and is carried through. Extractant inventory: the balances of a closed
loop leave the total extractant free; like the flowsheet (tear started from the cascade's own
organic inlet, saponification leaves the extractant unchanged) every stage carries C = C0, the
case's organic extractant concentration.
Writes reference.csv (saponified) and reference-unsaponified.csv.
Run: python3 make_reference.py
"""
import csv
import math
import os

import numpy as np
import yaml

np.seterr(all="ignore")  # trial points far outside the physical range
from scipy.optimize import least_squares, root

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "..", "..", "..", "Models", "extraction", "d2ehpa-chloride-mass-action-na.yaml")) as f:
    P = yaml.safe_load(f)["parameters"]
METALS = ["Nd", "Dy"]
K = {m: 10.0 ** P["log10_Kex"][m] for m in METALS}
KNA = 10.0 ** P["saponification_exchange"]["log10_K"]
assert P["saponification_exchange"]["protons_released"] == 1 and P["saponification_exchange"]["dimers_bound"] == 1
KW = 10.0 ** -P["aqueous"]["pKw"]

# The plant (must match cascade.yaml).
NE, NS, NT = 4, 3, 4                  # extraction, scrub, strip stages
N = NE + NS + NT
O = 10.0                              # organic flow, L/h
C0 = 0.5                              # D2EHPA, mol/L (monomer)
FEED = dict(flow=10.0, stage=NE, c={"Nd": 0.05, "Dy": 0.01, "H": 0.001})
FEED["c"]["Cl"] = 3 * (FEED["c"]["Nd"] + FEED["c"]["Dy"]) + FEED["c"]["H"]
SCRUB = dict(flow=2.0, stage=NE + NS, c={"H": 0.2, "Cl": 0.2})
STRIP = dict(flow=4.0, stage=N, c={"H": 4.0, "Cl": 4.0})
FEEDS = [FEED, SCRUB, STRIP]
SOLUTES = METALS + ["Na", "H", "Cl"]


def aqueous_flows():
    """Aqueous flow leaving each stage (index 0..N-1) and entering from stage s+1."""
    out = [0.0] * N
    for s in range(N, 0, -1):                       # 1-based stage
        inflow = 0.0 if s == N or s == NE + NS else out[s]   # strip section is separate from scrub
        out[s - 1] = inflow + sum(f["flow"] for f in FEEDS if f["stage"] == s)
    return out


A = aqueous_flows()


def inflow_from_next(s):
    """Aqueous flow entering stage s (0-based) from stage s+1."""
    if s == N - 1 or s == NE + NS - 1:
        return 0.0
    return A[s + 1]


def unpack(v, with_na):
    k = 5 if with_na else 4
    v = v.reshape(N, k)
    x = {"Nd": np.exp(v[:, 0]), "Dy": np.exp(v[:, 1])}
    x["Na"] = np.exp(v[:, 4]) if with_na else np.zeros(N)
    h, d = np.exp(v[:, 2]), np.exp(v[:, 3])
    return x, h, d


def state(v, with_na):
    x, h, d = unpack(v, with_na)
    y = {m: K[m] * d ** 3 / h ** 3 * x[m] for m in METALS}
    y["Na"] = KNA * d / h * x["Na"]
    y["H"] = C0 - 3 * sum(y[m] for m in METALS) - y["Na"]
    x = dict(x)
    x["H"] = h - KW / h
    return x, y, h, d


def saponify(yN, delta):
    """The returning organic saponified with NaOH to delta: Na raised to delta*C, H lowered by as much."""
    add = delta * C0 - yN["Na"]
    out = dict(yN)
    out["Na"] = yN["Na"] + add
    out["H"] = yN["H"] - add
    return out, add


def residual(v, delta, with_na):
    x, y, h, d = state(v, with_na)
    last = {k: y[k][N - 1] for k in METALS + ["Na", "H"]}
    yin, _ = saponify(last, delta)
    res = []
    for s in range(N):
        r = []
        for j in METALS + (["Na"] if with_na else []) + ["H"]:
            bal = A[s] * x[j][s] + O * y[j][s]
            if s + 1 < N:
                bal -= inflow_from_next(s) * x[j][s + 1]
            bal -= O * (y[j][s - 1] if s > 0 else yin[j])
            bal -= sum(f["flow"] * f["c"].get(j, 0.0) for f in FEEDS if f["stage"] == s + 1)
            scale = 1.0 if j == "H" else 0.1
            r.append(bal / scale)
        free = (C0 - 6 * sum(y[m][s] for m in METALS) - 2 * y["Na"][s]) / 2
        r.insert(2, (free - d[s]) / d[s])
        res += r
    return np.array(res)


def polish(v, f):
    for _ in range(40):
        r = f(v)
        J = np.zeros((len(v), len(v)))
        for k in range(len(v)):
            e = np.zeros(len(v)); e[k] = 1e-6
            J[:, k] = (f(v + e) - f(v - e)) / 2e-6
        step = np.linalg.solve(J, -r)
        v = v + step
        if np.max(np.abs(step)) < 1e-14:
            break
    return v


def batch_stage(T, Aout):
    """One stage at equilibrium for given total inflows T (mol/h of Nd, Dy, Na, and H counting
    the organic's exchangeable protons): (ln h, ln d) by root, metals split in closed form.
    Used only to build the starting point of the simultaneous solve."""
    def split(h, d):
        D = {m: K[m] * d ** 3 / h ** 3 for m in METALS}
        D["Na"] = KNA * d / h
        x = {j: T[j] / (Aout + O * D[j]) for j in D}
        return x, {j: D[j] * x[j] for j in D}

    def f(v):
        h, d = np.exp(v)
        x, y = split(h, d)
        ext = (2 * d + 6 * sum(y[m] for m in METALS) + 2 * y["Na"]) / C0 - 1
        yh = C0 - 3 * sum(y[m] for m in METALS) - y["Na"]
        prot = (Aout * (h - KW / h) + O * yh - T["H"]) / (O * C0)
        return [ext, prot]
    best = None
    for lh in np.linspace(-10, 2, 13):
        sol = root(f, [lh, math.log(C0 / 4)], method="hybr", options={"xtol": 1e-14})
        r = np.max(np.abs(f(sol.x)))
        if best is None or r < best[0]:
            best = (r, sol.x)
    h, d = np.exp(best[1])
    x, y = split(h, d)
    return x, h, d


def sweeps(delta, count):
    """Gauss-Seidel sweeps of batch stages: a rough start for the simultaneous solve."""
    x = {j: np.zeros(N) for j in METALS + ["Na"]}
    x["H"] = np.array([4.0 if s >= NE + NS else 0.1 for s in range(N)])
    y = {j: np.zeros(N) for j in METALS + ["Na"]}
    y["H"] = np.full(N, C0)
    h, d = np.full(N, 0.1), np.full(N, C0 / 2)
    for _ in range(count):
        last = {k: y[k][N - 1] for k in METALS + ["Na", "H"]}
        yin, _ = saponify(last, delta)
        for s in range(N):
            T = {}
            for j in METALS + ["Na", "H"]:
                T[j] = O * (y[j][s - 1] if s > 0 else yin[j])
                if s + 1 < N:
                    T[j] += inflow_from_next(s) * x[j][s + 1]
                T[j] += sum(f["flow"] * f["c"].get(j, 0.0) for f in FEEDS if f["stage"] == s + 1)
            xs, h[s], d[s] = batch_stage(T, A[s])
            for j in METALS + ["Na"]:
                x[j][s] = xs[j]
                y[j][s] = T[j] / O - A[s] * xs[j] / O
            x["H"][s] = h[s] - KW / h[s]
            y["H"][s] = C0 - 3 * sum(y[m][s] for m in METALS) - y["Na"][s]
    return x, h, d


def solve(delta):
    with_na = delta > 0
    k = 5 if with_na else 4
    x, h, d = sweeps(delta, 30)
    v0 = np.zeros((N, k))
    for s in range(N):
        v0[s, :4] = [math.log(max(x["Nd"][s], 1e-30)), math.log(max(x["Dy"][s], 1e-30)), math.log(h[s]), math.log(d[s])]
        if with_na:
            v0[s, 4] = math.log(max(x["Na"][s], 1e-30))
    f = lambda v: residual(v, delta, with_na)
    sol = root(f, v0.ravel(), method="hybr", options={"xtol": 1e-15})
    v = polish(sol.x, f)
    r = np.max(np.abs(f(v)))
    assert r < 1e-13, (delta, r, sol.message)
    return state(v, with_na)


LH = 1e-3 / 3600.0   # L/h -> m3/s; mol/L x L/h -> mol/s is /3600


def streams(delta):
    x, y, h, d = solve(delta)
    ylast = {k: y[k][N - 1] for k in METALS + ["Na", "H"]}
    ysap, add = saponify(ylast, delta)
    cl = np.zeros(N)                    # chloride: aqueous only, carried through
    for s in range(N - 1, -1, -1):
        into = inflow_from_next(s) * (cl[s + 1] if s + 1 < N else 0.0)
        cl[s] = (into + sum(f["flow"] * f["c"].get("Cl", 0.0) for f in FEEDS if f["stage"] == s + 1)) / A[s]
    raff = {m: x[m][0] for m in METALS + ["Na", "H"]}
    raff["Cl"] = cl[0]
    liquor = {m: x[m][NE + NS] for m in METALS + ["Na", "H"]}
    liquor["Cl"] = cl[NE + NS]
    ylast["D2EHPA"] = C0
    ysap["D2EHPA"] = C0
    out = {"raffinate": (A[0], raff), "strip liquor": (A[NE + NS], liquor),
           "stripped organic": (O, ylast), "saponified organic": (O, ysap)}
    info = dict(pH=[-math.log10(v) for v in h], naoh=add * O, x=x, y=y)
    return out, info


def write(path, out):
    with open(os.path.join(HERE, path), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["stream", "quantity", "value"])
        for name, (q, c) in out.items():
            w.writerow([name, "flow_m3_per_s", repr(q * LH)])
        for name, (q, c) in out.items():
            for sp in METALS + ["Na", "H", "Cl", "D2EHPA"]:
                if sp in c:
                    w.writerow([name, sp, repr(float(c[sp]) * q / 3600.0)])


if __name__ == "__main__":
    for delta, path in ((0.30, "reference.csv"), (0.0, "reference-unsaponified.csv")):
        out, info = streams(delta)
        write(path, out)
        print(f"delta {delta}: pH per stage " + " ".join(f"{p:.3f}" for p in info["pH"]))
        for name, (q, c) in out.items():
            print(f"  {name:20s} " + " ".join(f"{k} {float(v) * q / 3600:.6e}" for k, v in c.items()))
        print(f"  NaOH {info['naoh'] / 3600:.6e} mol/s")
