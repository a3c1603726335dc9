"""Independent reference for the lead-lag carousel at cyclic steady state (CSS).

Three identical LRM columns with a single-component Langmuir isotherm and LDF
kinetics (the same model RareSep states in Sources/RareSepColumn/ColumnProblem.swift):
  dc/dt = -u dc/dz + D d2c/dz2 - F dq/dt,  u = u_s/eps_t,  F = (1-eps_t)/eps_t
  dq/dt = k (qmax K c/(1 + K c) - q)
  inlet (Danckwerts)  u c_in = u c - D dc/dz at z = 0;  dc/dz = 0 at z = L.
Operation: two columns load in series (lead -> lag), the third is washed with
clean liquid; every T seconds the lead leaves for washing, the washed column joins
at the tail. All three columns start clean.

Discretisation (deliberately unlike RareSep's WENO3 finite volumes integrated one
column after another with an interpolated interstage record): node-based central
finite differences (second order, nodes at z_0 = 0 ... z_N = L, ghost nodes for
both boundary conditions), all three columns integrated as ONE coupled system
(the lag inlet is the lead's outlet node exactly), scipy solve_ivp BDF with a
sparse Jacobian pattern, rtol 1e-9. Cumulative outflows are extra states.
Run to CSS (relative change of every state below 1e-9 between cycles, at most
80 cycles), then write the steady cycle:
  reference.csv        per 10 s of the cycle: time_in_cycle_s, lag outlet
                       (mol/m3) and wash outlet (mol/m3)
  reference-amounts.csv  per-cycle amounts at CSS (mol/m2): fed, raffinate,
                       wash outflow (= the X pool), cycles to CSS
Run: python3 make_reference.py   (about a minute)
"""
import numpy as np
from scipy.integrate import solve_ivp
from scipy.sparse import lil_matrix

# parameters of case.yaml in this folder
L = 0.1; eps = 0.37; epsp = 0.5; us = 0.5e-3; D = 1e-6
K = 1.0; qmax = 20.0; k = 0.05; cF = 1.0
T = 600.0
import sys
N = int(sys.argv[1]) if len(sys.argv) > 1 else 800   # intervals: N + 1 nodes (200 and 400 for the grid check)
OUT = sys.argv[2] if len(sys.argv) > 2 else ""
epst = eps + (1 - eps) * epsp
u = us / epst
F = (1 - epst) / epst
dz = L / N
M = N + 1                      # nodes per column
# state: for column i (0 lead, 1 lag, 2 wash): c[0..N], q[0..N]; then cumulative
# outflows: lag outflow, wash outflow (mol/m2)
size = 3 * 2 * M + 2


def unpack(y, i):
    b = i * 2 * M
    return y[b:b + M], y[b + M:b + 2 * M]


def column_rhs(c, q, cin):
    # ghost at inlet from Danckwerts: u cin = u c0 - D (c1 - c_{-1})/(2 dz)
    gl = c[1] - 2 * dz * u / D * (c[0] - cin)
    gr = c[N - 1]                      # dc/dz = 0
    cl = np.concatenate(([gl], c[:-1]))
    cr = np.concatenate((c[1:], [gr]))
    qs = qmax * K * c / (1 + K * c)
    dq = k * (qs - q)
    dc = -u * (cr - cl) / (2 * dz) + D * (cr - 2 * c + cl) / dz**2 - F * dq
    return dc, dq


def rhs(t, y):
    out = np.empty_like(y)
    c0, q0 = unpack(y, 0)
    c1, q1 = unpack(y, 1)
    c2, q2 = unpack(y, 2)
    for i, (c, q, cin) in enumerate(((c0, q0, cF), (c1, q1, c0[N]), (c2, q2, 0.0))):
        dc, dq = column_rhs(c, q, cin)
        b = i * 2 * M
        out[b:b + M] = dc
        out[b + M:b + 2 * M] = dq
    out[-2] = us * c1[N]
    out[-1] = us * c2[N]
    return out


def pattern():
    S = lil_matrix((size, size))
    for i in range(3):
        b = i * 2 * M
        for j in range(M):
            for dj in (-1, 0, 1):
                if 0 <= j + dj < M:
                    S[b + j, b + j + dj] = 1
            S[b + j, b + M + j] = 1
            S[b + M + j, b + j] = 1
            S[b + M + j, b + M + j] = 1
    # lag inlet = lead outlet node
    S[2 * M, N] = 1
    S[size - 2, 2 * M + N] = 1
    S[size - 1, 4 * M + N] = 1
    return S.tocsc()


SP = pattern()
samples = np.arange(0, T + 1e-9, 10.0)


def cycle(y0):
    sol = solve_ivp(rhs, (0, T), y0, method="BDF", rtol=1e-9, atol=1e-12, jac_sparsity=SP, t_eval=samples)
    assert sol.success, sol.message
    return sol


y = np.zeros(size)
prev = None
for n_cycle in range(1, 81):
    sol = cycle(y)
    yend = sol.y[:, -1].copy()
    # rotate: lag -> lead, wash -> lag, lead -> wash; outflows reset
    new = np.zeros(size)
    new[0:2 * M] = yend[2 * M:4 * M]
    new[2 * M:4 * M] = yend[4 * M:6 * M]
    new[4 * M:6 * M] = yend[0:2 * M]
    change = np.inf if prev is None else np.max(np.abs(new[:-2] - prev[:-2])) / np.max(np.abs(new[:-2]))
    raff, wash = yend[-2], yend[-1]
    prev = new
    y = new
    if change < 1e-9:
        break

with open(OUT + "reference.csv", "w") as f:
    f.write("time_in_cycle_s,lag_outlet,wash_outlet\n")
    for i, t in enumerate(sol.t):
        f.write(f"{t:.6g},{sol.y[2 * M + N, i]:.10g},{sol.y[4 * M + N, i]:.10g}\n")
with open(OUT + "reference-amounts.csv", "w") as f:
    f.write("quantity,value\n")
    f.write(f"fed_mol_per_m2,{us * cF * T:.10g}\n")
    f.write(f"raffinate_mol_per_m2,{raff:.10g}\n")
    f.write(f"wash_outflow_mol_per_m2,{wash:.10g}\n")
    f.write(f"cycles_to_css_1e-9,{n_cycle}\n")
print("cycles", n_cycle, "raffinate", raff, "wash", wash, "change", change)
