"""Start-up time: process start to main window shown, against a floor measured in the same run.

The floor is the least any PySide6 + RDKit app can do: a bare QMainWindow shown plus
``import rdkit.Chem``.  BoraneGUI is started as the user starts it (``python -m boranegui``)
with a fresh user data folder (first start: the worked example opens) and
``BORANEGUI_EXIT_WHEN_SHOWN`` set so it reports when the window is on screen.  The runs
alternate between floor and app so machine load hits both alike; the medians and their
ratio are printed (target: ratio at most 1.25).  Also printed: the time until the engine
has loaded and the example run is diagnosed ("ready"), which happens after the window is up.

    python benchmarks/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FLOOR = """
from PySide6.QtWidgets import QApplication, QMainWindow
import rdkit.Chem
app = QApplication([])
w = QMainWindow()
w.setWindowTitle("floor")
w.resize(1280, 800)
w.show()
app.processEvents()
print("shown", flush=True)
"""


def _time_until(cmd: list[str], env: dict[str, str], marks: tuple[str, ...]) -> dict[str, float]:
    """Seconds from process start until each line starting with a mark is printed."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    found: dict[str, float] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        for mark in marks:
            if line.startswith(mark) and mark not in found:
                found[mark] = time.perf_counter() - start
        if len(found) == len(marks):
            break
    proc.wait(120)
    missing = set(marks) - set(found)
    if missing:
        raise RuntimeError(f"{cmd[:3]} never printed {missing}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen" if not env.get("DISPLAY") else env.get("QT_QPA_PLATFORM", ""))
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    floor, shown, ready = [], [], []
    # One warm-up of each so the first timed run does not pay for a cold disk cache.
    runs = [("warm", None)] + [("timed", i) for i in range(args.runs)]
    for kind, _ in runs:
        with tempfile.TemporaryDirectory(prefix="boranegui-bench-") as home:
            app_env = dict(env, BORANEGUI_HOME=home, BORANEGUI_EXIT_WHEN_SHOWN="1")
            f = _time_until([sys.executable, "-c", FLOOR], env, ("shown",))["shown"]
            a = _time_until([sys.executable, "-m", "boranegui"], app_env, ("shown",))["shown"]
            r_env = dict(app_env, BORANEGUI_EXIT_WHEN_SHOWN="ready")
            r = _time_until([sys.executable, "-m", "boranegui"], r_env, ("ready",))["ready"]
        if kind == "timed":
            floor.append(f)
            shown.append(a)
            ready.append(r)
    f_med, a_med, r_med = statistics.median(floor), statistics.median(shown), statistics.median(ready)
    print(f"runs: {args.runs} (medians)")
    print(f"floor (bare PySide6 window + import rdkit.Chem): {f_med * 1000:7.0f} ms")
    print(f"BoraneGUI main window shown:                     {a_med * 1000:7.0f} ms  ratio {a_med / f_med:.2f}")
    print(f"BoraneGUI ready (engine loaded, example open):    {r_med * 1000:7.0f} ms  ratio {r_med / f_med:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
