"""Closed-form outlets of three emulsion-flow contactors in counter-current series
(flowsheet.yaml): linear equilibrium y* = D x, plug flow, constant flows, fresh solvent.
Without axial dispersion the series is one differential contactor of the summed height
H = 3 x 0.5 m (concentrations are continuous across the joins), whose unextracted
fraction is (docs/emulsion-flow-contactor.md; the driving force w = D x - y obeys
dw/dz = (E - 1) K.a w / U_o)

    f = (E - 1) / (E exp((E - 1) NTU) - 1),  E = D U_o / U_a,  NTU = K.a H / U_o,

U = Q / A, A = pi d^2 / 4. Raffinate molar flow Q_a x_in f, loaded organic Q_a x_in (1 - f).
Plain Python floats (the closed form is well conditioned here). Run: python3 make_reference.py
"""
import csv
import math

L_PER_H = 1e-3 / 3600.0
Qa, Qo = 100 * L_PER_H, 80 * L_PER_H
A = math.pi * 0.1 ** 2 / 4
Ua, Uo = Qa / A, Qo / A
KA, H = 0.003, 3 * 0.5
feed = {"Tb": 4.0, "Dy": 10.0}          # mol/m3
D = {"Tb": 2.0, "Dy": 0.5}
NTU = KA * H / Uo
rows = [("raffinate", "flow_m3_per_s", Qa), ("loaded organic", "flow_m3_per_s", Qo)]
for sp, x in feed.items():
    E = D[sp] * Uo / Ua
    f = (E - 1) / (E * math.exp((E - 1) * NTU) - 1)
    rows += [("raffinate", sp, Qa * x * f), ("loaded organic", sp, Qa * x * (1 - f))]
with open("reference.csv", "w", newline="") as fh:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(["stream", "quantity", "value"])
    for r in rows:
        w.writerow([r[0], r[1], repr(r[2])])
