"""Tests of the Python package against the built executable (skipped when it is not built)."""
import math
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
import raresep  # noqa: E402

try:
    EXE = raresep.find_executable()
except FileNotFoundError:
    EXE = None


@unittest.skipIf(EXE is None, "raresep is not built")
class PackageTests(unittest.TestCase):
    def test_version_names_gsl(self):
        self.assertRegex(raresep.version(), r"^raresep \d+\.\d+\.\d+ \(GSL \d+\.\d+")

    def test_cascade_run_returns_summary_and_tables_that_balance(self):
        r = raresep.run_case(os.path.join(ROOT, "cases/default.yaml"))
        self.assertEqual(r.summary["schema"], "raresep.cascade-summary/1")
        self.assertEqual(r.summary["solver"]["status"], "success")
        # the outlets table and the summary agree, and each metal's recoveries sum to 1
        rows = r.tables["outlets"]
        for metal in r.summary["metals"]:
            total = sum(row["recovery"] for row in rows if row["species"] == metal)
            self.assertTrue(math.isclose(total, 1.0, rel_tol=1e-6), (metal, total))

    def test_engineering_units_reach_the_tables(self):
        si = raresep.run_case(os.path.join(ROOT, "cases/default.yaml"))
        eng = raresep.run_case(os.path.join(ROOT, "cases/default.yaml"), units="engineering")
        for a, b in zip(si.tables["outlets"], eng.tables["outlets"]):
            self.assertAlmostEqual(b["aqueous_flow_L_per_h"], a["aqueous_flow_m3_per_s"] * 3.6e6, places=6)

    def test_bad_input_raises_with_the_error_line(self):
        with tempfile.TemporaryDirectory() as d:
            bad = os.path.join(d, "bad.yaml")
            with open(bad, "w") as f:
                f.write("kind: cascade\nstages: many\n")
            with self.assertRaises(raresep.RareSepError) as e:
                raresep.run_case(bad, output=os.path.join(d, "out"))
            self.assertEqual(e.exception.status, raresep.EXIT_INPUT)
            self.assertIn("bad.yaml", e.exception.message)

    def test_fit_returns_parameters(self):
        r = raresep.fit(os.path.join(ROOT, "cases/fit-dy-logD.yaml"))
        self.assertTrue(r.summary["converged"])
        self.assertGreater(len(r.summary["parameters"]), 0)

    @unittest.skipUnless(__import__("importlib").util.find_spec("pandas"), "pandas not installed")
    def test_frames_with_pandas(self):
        r = raresep.run_case(os.path.join(ROOT, "cases/default.yaml"), as_frames=True)
        self.assertIn("species", r.tables["outlets"].columns)


if __name__ == "__main__":
    unittest.main()
