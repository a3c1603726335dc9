"""RareSep from Python: run cases, fits and sweeps through the ``raresep`` executable.

Standard library only; pandas is used when installed and asked for (``as_frames=True``).
Every function runs the executable, checks its exit status (raising :class:`RareSepError`
with RareSep's own ``error:`` line on failure) and reads the output set it wrote:
JSON summaries as dictionaries, CSV files as lists of row dictionaries (numbers as
floats) or DataFrames.

    import raresep
    run = raresep.run_case("cases/default.yaml")
    run.summary["outlets"][0]["recovery"]["Dy"]
    run.tables["outlets"]            # list of dicts, or a DataFrame with as_frames=True
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence

__all__ = ["RareSepError", "RunResult", "find_executable", "run_case", "fit", "sweep", "version"]

# Exit statuses of the raresep executable (README, "Exit statuses").
EXIT_INPUT, EXIT_USAGE, EXIT_NUMERICAL = 1, 2, 3


class RareSepError(RuntimeError):
    """The executable failed: ``status`` is its exit status, ``message`` its error line(s)."""

    def __init__(self, status: int, message: str, args_: Sequence[str]):
        self.status = status
        self.message = message.strip()
        self.command = list(args_)
        kind = {EXIT_INPUT: "bad input", EXIT_USAGE: "usage error", EXIT_NUMERICAL: "no convergence"}.get(status, "failure")
        super().__init__(f"raresep {kind} (exit {status}): {self.message}")


@dataclass
class RunResult:
    """One finished output set."""

    directory: str
    #: ``summary.json`` (or ``fit.json``) parsed; empty when the run wrote none.
    summary: Dict[str, Any]
    #: Every CSV file of the set by name without extension (``units/x/outlets`` for unit files).
    tables: Dict[str, Any] = field(default_factory=dict)
    #: Standard output of the run (the readable report) and its warnings (standard error).
    stdout: str = ""
    warnings: List[str] = field(default_factory=list)


def find_executable(executable: Optional[str] = None) -> str:
    """The raresep executable: the argument, ``$RARESEP``, ``raresep`` on PATH, or the
    repository's own ``.build/release`` / ``.build/debug`` build."""
    candidates = [executable, os.environ.get("RARESEP"), shutil.which("raresep")]
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    candidates += [os.path.join(root, ".build", b, "raresep") for b in ("release", "debug")]
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    raise FileNotFoundError("raresep executable not found: build it (swift build -c release) or set $RARESEP")


def _number(text: str) -> Any:
    try:
        return float(text)
    except ValueError:
        return text


def read_csv(path: str, as_frame: bool = False) -> Any:
    """A CSV file RareSep wrote: a DataFrame (pandas) or a list of dicts with numbers as floats."""
    if as_frame:
        import pandas  # optional dependency
        return pandas.read_csv(path)
    with open(path, newline="", encoding="utf-8") as f:
        return [{k: _number(v) for k, v in row.items()} for row in csv.DictReader(f)]


def _read_set(directory: str, as_frames: bool) -> RunResult:
    summary: Dict[str, Any] = {}
    for name in ("summary.json", "fit.json"):
        p = os.path.join(directory, name)
        if os.path.isfile(p):
            with open(p, encoding="utf-8") as f:
                summary = json.load(f)
            break
    tables = {}
    for base, _, files in os.walk(directory):
        for name in sorted(files):
            if name.endswith(".csv"):
                rel = os.path.relpath(os.path.join(base, name), directory)
                tables[rel[:-4].replace(os.sep, "/")] = read_csv(os.path.join(base, name), as_frames)
    return RunResult(directory=directory, summary=summary, tables=tables)


def _call(args: Sequence[str], executable: Optional[str], allow_numerical: bool = False) -> subprocess.CompletedProcess:
    exe = find_executable(executable)
    p = subprocess.run([exe, *args], capture_output=True, text=True)
    if p.returncode != 0 and not (allow_numerical and p.returncode == EXIT_NUMERICAL):
        lines = [l for l in p.stderr.splitlines() if l.startswith("error:")] or p.stderr.splitlines()[-3:]
        raise RareSepError(p.returncode, "\n".join(lines), [exe, *args])
    return p


def _run_into(command: str, path: str, output: Optional[str], units: str, as_frames: bool,
              executable: Optional[str], extra: Sequence[str] = ()) -> RunResult:
    out = output or tempfile.mkdtemp(prefix="raresep-") + "/out"
    p = _call([command, path, "--output", out, "--units", units, *extra], executable)
    result = _read_set(out, as_frames)
    result.stdout = p.stdout
    result.warnings = [l for l in p.stderr.splitlines() if l.startswith("warning:")]
    return result


def run_case(path: str, output: Optional[str] = None, units: str = "si", as_frames: bool = False,
             executable: Optional[str] = None) -> RunResult:
    """``raresep run PATH``: any case kind (cascade, column, flowsheet, ...). ``units`` is
    ``"si"`` or ``"engineering"`` for the CSV files. Raises RareSepError on failure."""
    return _run_into("run", path, output, units, as_frames, executable)


def fit(spec: str, output: Optional[str] = None, as_frames: bool = False,
        executable: Optional[str] = None) -> RunResult:
    """``raresep fit SPEC``: the fit report (``summary`` is fit.json) and its tables."""
    return _run_into("fit", spec, output, "si", as_frames, executable)


def sweep(plan: str, output: Optional[str] = None, as_frames: bool = False,
          executable: Optional[str] = None, extra: Sequence[str] = ()) -> RunResult:
    """``raresep sweep PLAN``: one row per point in ``tables`` (see docs/sweep.md).
    A sweep whose points partly failed still returns its table; the failed rows say why."""
    out = output or tempfile.mkdtemp(prefix="raresep-") + "/out"
    exe = find_executable(executable)
    p = subprocess.run([exe, "sweep", plan, "--output", out, "--quiet", *extra], capture_output=True, text=True)
    if not os.path.isdir(out):
        lines = [l for l in p.stderr.splitlines() if l.startswith("error:")] or p.stderr.splitlines()[-3:]
        raise RareSepError(p.returncode, "\n".join(lines), [exe, "sweep", plan])
    result = _read_set(out, as_frames)
    result.stdout = p.stdout
    result.warnings = [l for l in p.stderr.splitlines() if l.startswith("warning:")]
    return result


def version(executable: Optional[str] = None) -> str:
    """``raresep --version``: RareSep's version and the GSL it runs with."""
    return _call(["--version"], executable).stdout.strip()
