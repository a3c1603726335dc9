"""Independent fine-grid references for the steric-mass-action (SMA) and
mobile-phase-modulator Langmuir (MPM) kinetic binding forms in a lumped rate
model column (RareSep's `lrm`):

    eps_t dc/dt + (1 - eps_t) dq/dt = -u_s dc/dz + eps_t D_ax d2c/dz2
    Danckwerts inlet (total flux u_s c_in), natural outlet (dc/dz = 0)

SMA (Brooks & Cramer 1992; CADET's SMA form), counter-ion Na (component 0):
    qbar0 = Lambda - sum_j (nu_j + sigma_j) q_j
    dq_i/dt = kd_i [K_i c_i (qbar0/q_ref)^nu_i - q_i (c_0/c_ref)^nu_i],  dq_0/dt = -sum nu_j dq_j/dt
MPM Langmuir (CADET's mobile-phase-modulator Langmuir), modifier s = HCl:
    dq_i/dt = kd_i [K_ref,i e^{gamma_i (s - s_ref)} qmax_i c_i (1 - sum q_j/qmax_j) - (s/s_ref)^beta_i q_i]
and, for comparison, the form in which only K(s) depends on the acid (RareSep's
`langmuir-acid-power` with binding: kinetic):
    dq_i/dt = kd_i [qmax_i K_i(s) c_i (1 - sum q_j/qmax_j) - q_i],  K_i(s) = K_ref,i (s/s_ref)^-beta_i.

Discretisation (independent of RareSep's WENO3 finite volumes): N equal finite
volumes, central (second-order) convective face values, central dispersion,
inlet face flux u_s c_in exactly, outlet face value c_N-1 (natural outlet);
the grids are chosen with cell Peclet number u dz/D_ax < 2 so that the central
scheme is free of oscillations. The outlet reported is the outlet face value
extrapolated linearly from the last two cells. Time: scipy solve_ivp BDF with a
finite-difference Jacobian on the known sparsity pattern, rtol 1e-8, restarted at
every programme section boundary. Each case is run at N and N/2 cells; the
difference (second order: the error of the N-cell result is about 1/3 of it) is
written to reference-grid.csv as the stated discretisation error.

Parameters are those of the case.yaml files in the sibling folders (synthetic).
Run: python3 make_reference.py   (writes reference-<case>.csv and reference-grid.csv; several minutes)
"""
import sys
import numpy as np
from scipy.integrate import solve_ivp
from scipy.sparse import lil_matrix, kron, eye, bmat

L, eps, epsp, us, Dax = 0.1, 0.37, 0.5, 0.5e-3, 1e-7
epst = eps + (1 - eps) * epsp
F = (1 - epst) / epst
OUT_STEP = 10.0


def sma_rates(kd, lam, K, nu, sigma, cref, qref, salt):
    metals = [i for i in range(len(K)) if i != salt and K[i] > 0]

    def rates(c, q):   # c, q: (n, N)
        r = np.zeros_like(q)
        qbar = lam - sum((nu[j] + sigma[j]) * q[j] for j in metals)
        qbar = np.maximum(qbar, 0.0)
        c0 = np.maximum(c[salt], 0.0)
        for i in metals:
            r[i] = kd[i] * (K[i] * c[i] * (qbar / qref) ** nu[i] - q[i] * (c0 / cref) ** nu[i])
            r[salt] -= nu[i] * r[i]
        return r

    def equilibrium(c):   # initial state: column in the initial liquid without metals
        q = np.zeros(len(K))
        q[salt] = lam
        return q
    return rates, equilibrium


def mpm_rates(kd, Kref, qmax, beta, gamma, sref, smin, mod, desorption_follows_acid=True):
    metals = [i for i in range(len(Kref)) if i != mod and Kref[i] > 0]

    def rates(c, q):
        r = np.zeros_like(q)
        s = np.maximum(c[mod], smin)
        free = 1.0 - sum(q[j] / qmax[j] for j in metals)
        for i in metals:
            if desorption_follows_acid:
                ads = Kref[i] * np.exp(gamma[i] * (s - sref))
                des = (s / sref) ** beta[i]
            else:
                ads = Kref[i] * np.exp(gamma[i] * (s - sref)) * (s / sref) ** (-beta[i])
                des = 1.0
            r[i] = kd[i] * (ads * qmax[i] * c[i] * free - des * q[i])
        return r

    def equilibrium(c):   # initial liquid holds no metal: q* = 0
        return np.zeros(len(Kref))
    return rates, equilibrium


def simulate(n, N, rates, q0, c0, sections, times):
    """LRM on N cells; sections: list of (start, end, c_in_start, c_in_end)."""
    dz = L / N
    inv = 1.0 / (epst * dz)
    df = epst * Dax / dz

    def rhs_for(sec):
        t0, t1, a, b = sec
        a, b = np.asarray(a, float), np.asarray(b, float)

        def rhs(t, y):
            c = y[: n * N].reshape(n, N)
            q = y[n * N:].reshape(n, N)
            cin = a + (b - a) * (t - t0) / (t1 - t0)
            flux = np.empty((n, N + 1))
            flux[:, 0] = us * cin
            flux[:, 1:N] = us * 0.5 * (c[:, :-1] + c[:, 1:]) - df * (c[:, 1:] - c[:, :-1])
            flux[:, N] = us * c[:, -1]
            r = rates(c, q)
            dc = (flux[:, :-1] - flux[:, 1:]) * inv - F * r
            return np.concatenate([dc.ravel(), r.ravel()])
        return rhs

    # sparsity: in cell i, every c and q couples to every c and q of cell i; c couples to c of i-1, i+1
    blockc = lil_matrix((N, N))
    for i in range(N):
        for j in (i - 1, i, i + 1):
            if 0 <= j < N:
                blockc[i, j] = 1
    same = eye(N)
    full = np.ones((n, n))
    Jcc = kron(full, same) + kron(eye(n), blockc)
    Jcq = kron(full, same)
    sparsity = bmat([[Jcc, Jcq], [Jcq, Jcq]]).tocsr()
    sparsity.data[:] = 1.0

    y = np.concatenate([np.repeat(np.asarray(c0, float)[:, None], N, axis=1).ravel(),
                        np.repeat(np.asarray(q0, float)[:, None], N, axis=1).ravel()])
    out_t, out_c = [], []
    for sec in sections:
        t0, t1 = sec[0], sec[1]
        want = [t for t in times if t0 <= t <= t1 and not (out_t and abs(t - out_t[-1]) < 1e-9)]
        te = sorted(set(want) | {t1})
        sol = solve_ivp(rhs_for(sec), (t0, t1), y, method="BDF", t_eval=te, rtol=1e-8, atol=1e-10,
                        jac_sparsity=sparsity)
        if not sol.success:
            raise RuntimeError(sol.message)
        for k, t in enumerate(sol.t):
            if t in want:
                c = sol.y[: n * N, k].reshape(n, N)
                out_t.append(t)
                out_c.append(1.5 * c[:, -1] - 0.5 * c[:, -2])
        y = sol.y[:, -1]
    return np.array(out_t), np.array(out_c)


def programme(parts):
    secs, t = [], 0.0
    for dur, a, b in parts:
        secs.append((t, t + dur, a, b))
        t += dur
    return secs, t


# --- cases (numbers as in the sibling case.yaml files) ---------------------------------
# SMA: components [Na, Nd, Dy]
sma = dict(kd=[0, 0.05, 0.05], lam=1200.0, K=[0, 20.0, 40.0], nu=[0, 3.0, 3.0], sigma=[0, 10.0, 12.0],
           cref=500.0, qref=1200.0, salt=0)
sma_step, T_step = programme([(4000.0, [500, 5, 5], [500, 5, 5])])
sma_grad, T_grad = programme([(60.0, [200, 2, 2], [200, 2, 2]), (60.0, [200, 0, 0], [200, 0, 0]),
                              (3000.0, [200, 0, 0], [1000, 0, 0]), (1000.0, [1000, 0, 0], [1000, 0, 0])])
# MPM: components [Tb, Dy, HCl]
mpm = dict(kd=[0.02, 0.02, 0], Kref=[0.0726, 0.284, 0], qmax=[100.0, 100.0, 0], beta=[3.0, 3.0, 0],
           gamma=[0.0, 0.0, 0], sref=600.0, smin=0.6, mod=2)
mpm_gamma = dict(mpm, gamma=[1e-3, 1.5e-3, 0])
mpm_prog, T_mpm = programme([(120.0, [1, 0.33, 200], [1, 0.33, 200]), (60.0, [0, 0, 200], [0, 0, 200]),
                             (4000.0, [0, 0, 200], [0, 0, 1500]), (1500.0, [0, 0, 1500], [0, 0, 1500])])

cases = [
    # name, n, rates factory, initial liquid, sections, duration, components reported
    ("sma_step", 3, lambda: sma_rates(**sma), [500, 0, 0], sma_step, T_step, ["Na", "Nd", "Dy"]),
    ("sma_gradient", 3, lambda: sma_rates(**sma), [200, 0, 0], sma_grad, T_grad, ["Na", "Nd", "Dy"]),
    ("mpm_gradient", 3, lambda: mpm_rates(**mpm), [0, 0, 200], mpm_prog, T_mpm, ["Tb", "Dy", "HCl"]),
    ("mpm_gradient_gamma", 3, lambda: mpm_rates(**mpm_gamma), [0, 0, 200], mpm_prog, T_mpm, ["Tb", "Dy", "HCl"]),
    ("konly_gradient", 3, lambda: mpm_rates(**mpm, desorption_follows_acid=False), [0, 0, 200], mpm_prog, T_mpm, ["Tb", "Dy", "HCl"]),
]

if __name__ == "__main__":
    N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    only = sys.argv[2:] or None
    T = max(c[5] for c in cases)
    times = list(np.arange(0.0, T + 1e-9, OUT_STEP))
    columns, grid = {}, []
    for name, n, make, c0, secs, dur, names in cases:
        if only and name not in only:
            continue
        rates, eq = make()
        tt = [t for t in times if t <= dur + 1e-9]
        fine = simulate(n, N, rates, eq(np.asarray(c0, float)), c0, secs, tt)
        coarse = simulate(n, N // 2, rates, eq(np.asarray(c0, float)), c0, secs, tt)
        for j, sym in enumerate(names):
            columns[f"{name}_{sym}"] = (fine[0], fine[1][:, j])
            diff = np.max(np.abs(fine[1][:, j] - coarse[1][:, j]))
            grid.append((f"{name}_{sym}", N, N // 2, diff, np.max(fine[1][:, j])))
        print(name, "done", file=sys.stderr, flush=True)
    for name in dict.fromkeys(k.rsplit("_", 1)[0] for k in columns):
        keys = [k for k in columns if k.rsplit("_", 1)[0] == name]
        with open(f"reference-{name.replace('_', '-')}.csv", "w") as f:
            f.write(f"# LRM outlet (mol/m3), {name}, {N} cells, central FV + scipy BDF; generated by make_reference.py in this folder\n")
            f.write("time_s," + ",".join(k.rsplit("_", 1)[1] for k in keys) + "\n")
            tt = columns[keys[0]][0]
            for k, t in enumerate(tt):
                f.write(f"{t:g}," + ",".join(f"{columns[key][1][k]:.10g}" for key in keys) + "\n")
    with open("reference-grid.csv", "a" if only else "w") as f:
        f.write("# max |outlet(N cells) - outlet(N/2 cells)| per series (mol/m3); the N-cell error is about a third of it (second order)\n")
        f.write("series,cells,coarse_cells,max_difference,peak\n")
        for g in grid:
            f.write(f"{g[0]},{g[1]},{g[2]},{g[3]:.3e},{g[4]:.6g}\n")
