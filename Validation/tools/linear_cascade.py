"""Independent reference for constant-D counter-current cascades (numpy, dense).

Written apart from RareSep's Swift solver: it assembles every phase-flow and
species balance of the cascade as one dense linear system and solves it with
numpy.linalg.solve. Conventions (the same physics, stated in
docs/case-format.md): stages 0..N-1, organic flows 0 -> N-1, aqueous N-1 -> 0
inside each aqueous segment; a section with an aqueous outlet sends the aqueous
leaving its first stage out. Murphree efficiency on the organic basis:
y = y_in + E (D x - y_in), y_in the flow-weighted organic inlet composition.
Entrainment: a fraction ea of the aqueous leaving a stage rides with its organic
outlet into the next stage's aqueous phase; a fraction eo of the organic leaving
a stage rides with its aqueous outlet into the previous stage's organic phase.
Solvent loop: the organic (and entrained aqueous) leaving stage N-1 returns to
stage 0, less a bleed fraction, plus fresh make-up to the loop flow.
"""
import numpy as np


def solve(spec):
    secs = spec["sections"]
    N = sum(s["stages"] for s in secs)
    n = len(spec["species"])
    sec_of, first = [], 0
    outlet = [False] * N
    for i, s in enumerate(secs):
        sec_of += [i] * s["stages"]
        if i == 0 or s.get("aqueous_outlet"):
            outlet[first] = True
        first += s["stages"]
    ea = [secs[sec_of[s]].get("ea", 0.0) for s in range(N)]
    eo = [secs[sec_of[s]].get("eo", 0.0) for s in range(N)]
    feedA = np.zeros(N); feedO = np.zeros(N)
    famt = np.zeros((N, n)); forg = np.zeros((N, n))
    for f in spec["feeds"]:
        if f["phase"] == "aqueous":
            feedA[f["stage"]] += f["flow"]
        else:
            feedO[f["stage"]] += f["flow"]
            forg[f["stage"]] += f["flow"] * np.array(f["conc"])
        famt[f["stage"]] += f["flow"] * np.array(f["conc"])
    loop = spec.get("loop")
    b = loop["bleed"] if loop else 0.0
    # phase flows: unknowns A_0..A_{N-1}, O_0..O_{N-1}
    M = np.zeros((2 * N, 2 * N)); r = np.zeros(2 * N)
    for s in range(N):
        M[s, s] = 1; r[s] = feedA[s]
        M[N + s, N + s] = 1; r[N + s] = feedO[s]
        if s + 1 < N and not outlet[s + 1]:
            M[s, s + 1] -= 1 - ea[s + 1]
            M[N + s, N + s + 1] -= eo[s + 1]
        if s > 0:
            M[s, s - 1] -= ea[s - 1]
            M[N + s, N + s - 1] -= 1 - eo[s - 1]
    if loop:
        M[0, N - 1] -= (1 - b) * ea[N - 1]
        r[N] += loop["flow"]
    q = np.linalg.solve(M, r)
    A, O = q[:N], q[N:]
    loopO = (1 - b) * (1 - eo[N - 1]) * O[N - 1] if loop else 0.0
    loopA = (1 - b) * ea[N - 1] * A[N - 1] if loop else 0.0
    makeup = loop["flow"] - loopO if loop else 0.0
    if loop:
        famt[0] += makeup * np.array(loop["makeup"])
        forg[0] += makeup * np.array(loop["makeup"])
    # species: unknowns x[s, j] at s*2n + j, y[s, j] at s*2n + n + j
    K = 2 * N * n
    J = np.zeros((K, K)); rhs = np.zeros(K)
    X = lambda s, j: s * 2 * n + j
    Y = lambda s, j: s * 2 * n + n + j
    for s in range(N):
        sec = secs[sec_of[s]]
        E = sec.get("murphree", 1.0)
        D = sec["D"]
        oin = feedO[s] + (((1 - eo[s - 1]) * O[s - 1]) if s > 0 else 0.0) \
            + ((eo[s + 1] * O[s + 1]) if (s + 1 < N and not outlet[s + 1]) else 0.0) \
            + ((loopO + makeup) if (s == 0 and loop) else 0.0)
        for j in range(n):
            row = X(s, j)   # balance row
            J[row, X(s, j)] -= A[s]; J[row, Y(s, j)] -= O[s]
            rhs[row] -= famt[s, j]
            crow = Y(s, j)  # Murphree row: y - (1-E) y_in - E D x = 0
            J[crow, Y(s, j)] += 1; J[crow, X(s, j)] -= E * D[j]
            rhs[crow] += (1 - E) * forg[s, j] / oin
            if s + 1 < N and not outlet[s + 1]:
                J[row, X(s + 1, j)] += (1 - ea[s + 1]) * A[s + 1]
                J[row, Y(s + 1, j)] += eo[s + 1] * O[s + 1]
                J[crow, Y(s + 1, j)] -= (1 - E) * eo[s + 1] * O[s + 1] / oin
            if s > 0:
                J[row, Y(s - 1, j)] += (1 - eo[s - 1]) * O[s - 1]
                J[row, X(s - 1, j)] += ea[s - 1] * A[s - 1]
                J[crow, Y(s - 1, j)] -= (1 - E) * (1 - eo[s - 1]) * O[s - 1] / oin
            if s == 0 and loop:
                J[row, Y(N - 1, j)] += loopO
                J[row, X(N - 1, j)] += loopA
                J[crow, Y(N - 1, j)] -= (1 - E) * loopO / oin
    z = np.linalg.solve(J, rhs)
    x = np.array([[z[X(s, j)] for j in range(n)] for s in range(N)])
    y = np.array([[z[Y(s, j)] for j in range(n)] for s in range(N)])
    return x, y


def write_profiles(path, spec, x, y, header):
    with open(path, "w") as f:
        f.write(header)
        f.write("stage,phase,species,concentration_mol_per_m3\n")
        for s in range(x.shape[0]):
            for j, sp in enumerate(spec["species"]):
                f.write(f"{s + 1},aqueous,{sp},{x[s, j]:.17g}\n")
                f.write(f"{s + 1},organic,{sp},{y[s, j]:.17g}\n")
