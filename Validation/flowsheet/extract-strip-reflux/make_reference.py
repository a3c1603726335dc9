"""Independent reference for the extract-strip-reflux flowsheet (flowsheet.yaml).

Not sequential-modular: every stage balance and equilibrium of both cascades and the
feed mixer are written as one linear system per solute (constant D, ideal stages,
no volume change) and solved at once with numpy. Stages 0..N-1, organic 0 -> N-1,
aqueous N-1 -> 0. Flows follow from the splits: reflux = 0.3 x strip acid flow.
"""
import csv
import numpy as np

LH = 1e-3 / 3600.0
Qf, scrub, O, strip_acid, r = 10 * LH, 6 * LH, 12 * LH, 4 * LH, 0.3
NA, NE, NB = 9, 5, 4                 # stages of cascade A (5 extraction + 4 scrub), B
feed = {"Tb": 4.0, "Dy": 10.0}        # mol/m3
DA = {"Tb": 0.8, "Dy": 2.0}
DB = {"Tb": 0.05, "Dy": 0.1}
Qreflux = r * strip_acid
Qmix = Qf + Qreflux
QA = [Qmix + scrub if s < NE else scrub for s in range(NA)]   # aqueous leaving each A stage

rows = []
flows = {"fresh feed": Qf, "cascade feed": Qmix, "loaded organic": O, "strip liquor": strip_acid,
         "reflux": Qreflux, "Dy product": (1 - r) * strip_acid, "raffinate": QA[0], "stripped organic": O}
rows += [(k, "flow_m3_per_s", v) for k, v in flows.items()]
for sp in ("Tb", "Dy"):
    # unknowns: xA[0..NA), yA[0..NA), xB[0..NB), yB[0..NB)
    n = 2 * NA + 2 * NB
    xA = lambda s: s
    yA = lambda s: NA + s
    xB = lambda s: 2 * NA + s
    yB = lambda s: 2 * NA + NB + s
    M = np.zeros((n, n)); b = np.zeros(n)
    row = 0
    for s in range(NA):                 # balances of A: out - in = feed
        M[row, xA(s)] += QA[s]; M[row, yA(s)] += O
        if s + 1 < NA: M[row, xA(s + 1)] -= QA[s + 1]
        if s > 0: M[row, yA(s - 1)] -= O
        if s == NE - 1:                 # feed stage: fresh feed + reflux of strip liquor (B stage 0)
            b[row] += Qf * feed[sp]
            M[row, xB(0)] -= r * strip_acid
        row += 1
    for s in range(NA):                 # equilibrium y = D x
        M[row, yA(s)] = 1; M[row, xA(s)] = -DA[sp]; row += 1
    for s in range(NB):                 # balances of B: organic in at stage 0 is A's loaded organic
        M[row, xB(s)] += strip_acid; M[row, yB(s)] += O
        if s + 1 < NB: M[row, xB(s + 1)] -= strip_acid
        M[row, yB(s - 1) if s > 0 else yA(NA - 1)] -= O
        row += 1
    for s in range(NB):
        M[row, yB(s)] = 1; M[row, xB(s)] = -DB[sp]; row += 1
    z = np.linalg.solve(M, b)
    amounts = {"fresh feed": Qf * feed[sp],
               "cascade feed": Qf * feed[sp] + r * strip_acid * z[xB(0)],
               "loaded organic": O * z[yA(NA - 1)], "strip liquor": strip_acid * z[xB(0)],
               "reflux": r * strip_acid * z[xB(0)], "Dy product": (1 - r) * strip_acid * z[xB(0)],
               "raffinate": QA[0] * z[xA(0)], "stripped organic": O * z[yB(NB - 1)]}
    rows += [(k, sp, v) for k, v in amounts.items()]
with open("reference.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["stream", "quantity", "value"])
    for row in rows:
        w.writerow([row[0], row[1], repr(float(row[2]))])
