"""Outlets of a counter-current differential contactor with linear equilibrium y* = D x,
plug flow and constant flows, from the closed form (not RareSep's code):

    f = (x_out - y_in/D)/(x_in - y_in/D) = (E - 1)/(E exp((E - 1) NTU) - 1),
    E = D U_o/U_a,  NTU = K·a H/U_o  (organic basis),

(the NTU form of the Kremser equation, e.g. Treybal, Mass-Transfer Operations, 3rd ed.
1980, ch. 10; docs/emulsion-flow-contactor.md). Fresh solvent (y_in = 0), so
x_out = f x_in and y_out = (x_in - x_out) Q_a/Q_o. Writes outlets.csv.
"""
import math

KA = 0.003            # 1/s, the value the fit must return
H = 1.0               # m
DIAMETER = 0.1        # m
D = {"Tb": 2.0, "Dy": 0.5}      # ../../flowsheet/emulsion-flow-series/linear.yaml
X_IN = {"Tb": 4.0, "Dy": 10.0}  # mol/m3 (0.004 and 0.01 mol/L)
RUNS = [(100, 80), (60, 80), (150, 80), (100, 40), (100, 140), (50, 120)]   # L/h aqueous, organic

area = math.pi * DIAMETER ** 2 / 4
rows = []
for qa_lh, qo_lh in RUNS:
    qa, qo = qa_lh / 1000 / 3600, qo_lh / 1000 / 3600
    ua, uo = qa / area, qo / area
    ntu = KA * H / uo
    out = {}
    for s in ("Tb", "Dy"):
        e = D[s] * uo / ua
        f = (e - 1) / (e * math.exp((e - 1) * ntu) - 1)
        x = f * X_IN[s]
        out["x_out_" + s] = x / 1000                     # mol/L
        out["y_out_" + s] = (X_IN[s] - x) * qa / qo / 1000
    rows.append((qa_lh, qo_lh, out))

cols = ["x_out_Tb", "x_out_Dy", "y_out_Tb", "y_out_Dy"]
with open("outlets.csv", "w") as fh:
    fh.write("# Outlets of the closed-form counter-current differential contactor (linear equilibrium,\n")
    fh.write("# plug flow) at K.a = %g 1/s, written by make_data.py in this folder; noise-free.\n" % KA)
    fh.write("aqueous_flow [L/h],organic_flow [L/h]," + ",".join(c + " [mol/L]" for c in cols) + "\n")
    for qa_lh, qo_lh, out in rows:
        fh.write("%g,%g," % (qa_lh, qo_lh) + ",".join("%.17g" % out[c] for c in cols) + "\n")
with open("reference.csv", "w") as fh:
    fh.write("# The K.a the closed-form outlets were computed at (make_data.py).\n")
    fh.write("parameter,estimate\n")
    fh.write("transfer_coefficient,%.17g\n" % KA)
