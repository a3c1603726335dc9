"""Closed-form steady state of the raffinate reflux flowsheet (flowsheet.yaml).

Fresh feed Q_f with amounts n_f; a mixer joins it with the reflux; the cascade
(N ideal stages, constant D, fresh organic O) leaves a fraction phi of each solute
in its raffinate; a splitter returns r of the raffinate. Flows: Q_m = Q_f/(1 - r)
(no volume change). Kremser: E = D O / Q_m, phi = (E - 1)/(E^(N+1) - 1). Amounts:
n_m = n_f/(1 - r phi); raffinate phi n_m; reflux r phi n_m; product (1 - r) phi n_m;
loaded organic (1 - phi) n_m. Kremser, Natl. Petrol. News 22 (1930) 42.
"""
import csv

L_PER_H = 1e-3 / 3600.0
Qf, O, r, N = 10 * L_PER_H, 10 * L_PER_H, 0.4, 4
feed = {"Tb": 4.0, "Dy": 10.0}          # mol/m3
D = {"Tb": 0.5, "Dy": 1.5}
Qm = Qf / (1 - r)
rows = [("fresh feed", "flow_m3_per_s", Qf), ("cascade feed", "flow_m3_per_s", Qm),
        ("raffinate", "flow_m3_per_s", Qm), ("reflux", "flow_m3_per_s", r * Qm),
        ("raffinate product", "flow_m3_per_s", (1 - r) * Qm), ("loaded organic", "flow_m3_per_s", O)]
for sp, c in feed.items():
    E = D[sp] * O / Qm
    phi = (E - 1) / (E ** (N + 1) - 1)
    nf = Qf * c
    nm = nf / (1 - r * phi)
    rows += [("fresh feed", sp, nf), ("cascade feed", sp, nm), ("raffinate", sp, phi * nm),
             ("reflux", sp, r * phi * nm), ("raffinate product", sp, (1 - r) * phi * nm),
             ("loaded organic", sp, (1 - phi) * nm)]
with open("reference.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["stream", "quantity", "value"])
    for row in rows:
        w.writerow([row[0], row[1], repr(row[2])])
