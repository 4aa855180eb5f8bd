"""Start-up time as the user sees it: first painted frame and "ready", against a floor.

Three figures, each the median of alternating runs (floor, app, floor, app...) so machine
load hits both alike:

- floor: the least any PySide6 + RDKit app can do.  A process that imports PySide6 and
  ``rdkit.Chem``, shows a bare 1280x800 QMainWindow and reports the window's first
  ``QEvent.Paint``.
- first paint: BoraneGUI started as the user starts it (``python -m boranegui``, a fresh user
  data folder, so the first start opens the worked example), until the main window's
  first ``QEvent.Paint`` after ``show()``.  The app prints ``shown`` at that moment when
  ``BORANEGUI_EXIT_WHEN_SHOWN`` is set (``boranegui/ui/app.py``).
- ready: the same process, until the engine is loaded and the example run is diagnosed
  (the app prints ``ready``).

Times run from process start (interpreter start-up included, for both); the CPU time the
process had used by then is printed too, a check that holds up when other work loads the
machine (wall-clock ratios then grow with the app's longer run).  Targets: first paint at
most 1.3x the floor, ready at most 2.5x.  It runs on the display it is given
(``DISPLAY``, e.g. under ``xvfb-run``) or else offscreen; ``--platform`` forces one.

    python benchmarks/bench_startup.py [--runs N] [--platform offscreen|xcb]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FLOOR = """
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
import rdkit.Chem

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print("shown", flush=True)
            app.quit()
        return False

app = QApplication([])
w = QMainWindow()
w.setWindowTitle("floor")
w.resize(1280, 800)
first_paint = FirstPaint()
w.installEventFilter(first_paint)
w.show()
app.exec()
"""

TARGETS = {"first paint": 1.3, "ready": 2.5}


def _cpu_seconds(pid: int) -> float:
    """CPU time the process has used so far, all its threads, ended ones too (Linux; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    except (OSError, ValueError, IndexError):
        return math.nan


def _time_marks(cmd: list[str], env: dict[str, str], marks: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """(wall seconds from process start, CPU seconds used) at the first line starting with each mark."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    found: dict[str, tuple[float, float]] = {}
    assert proc.stdout is not None and proc.stderr is not None
    for line in proc.stdout:
        for mark in marks:
            if line.startswith(mark) and mark not in found:
                found[mark] = (time.perf_counter() - start, _cpu_seconds(proc.pid))
        if len(found) == len(marks):
            break
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(120)
    missing = [m for m in marks if m not in found]
    if missing:
        raise RuntimeError(f"{' '.join(cmd[:3])} never printed {missing}:\n{err[-2000:]}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each (at least 7; default 9)")
    parser.add_argument("--platform", help="QT_QPA_PLATFORM (default: xcb when DISPLAY is set, else offscreen)")
    args = parser.parse_args()
    if args.runs < 7:
        parser.error("--runs: at least 7")
    env = dict(os.environ)
    # A user's Python caches compiled modules (pip compiles an installed copy's at install, and
    # a checkout's on first start); without this the app would recompile its own on every run
    # while the floor's PySide6 and RDKit come precompiled.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    platform = args.platform or ("xcb" if env.get("DISPLAY") else "offscreen")
    env["QT_QPA_PLATFORM"] = platform
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    times: dict[str, list[tuple[float, float]]] = {"floor": [], "first paint": [], "ready": []}
    # One untimed round first, so the first timed run does not pay for a cold disk cache.
    for round_ in range(args.runs + 1):
        with tempfile.TemporaryDirectory(prefix="boranegui-bench-") as home:
            floor = _time_marks([sys.executable, "-c", FLOOR], env, ("shown",))["shown"]
            app_env = dict(env, BORANEGUI_HOME=home, BORANEGUI_EXIT_WHEN_SHOWN="ready")
            marks = _time_marks([sys.executable, "-m", "boranegui"], app_env, ("shown", "ready"))
        if round_:
            times["floor"].append(floor)
            times["first paint"].append(marks["shown"])
            times["ready"].append(marks["ready"])
    labels = {
        "floor": "floor (bare PySide6 window painted + import rdkit.Chem)",
        "first paint": "BoraneGUI first paint of the main window",
        "ready": "BoraneGUI ready (engine loaded, example diagnosed)",
    }
    wall_floor = statistics.median(w for w, _ in times["floor"])
    cpu_floor = statistics.median(c for _, c in times["floor"])
    print(f"platform {platform}, {args.runs} alternating runs each; medians from process start, wall clock "
          f"(min-max), and CPU time used by then (all threads, 10 ms ticks; less sensitive to other load):")
    for name, label in labels.items():
        wall = [w for w, _ in times[name]]
        cpu = statistics.median(c for _, c in times[name])
        med = statistics.median(wall)
        line = f"  {label + ':':57} {med * 1000:6.0f} ms ({min(wall) * 1000:.0f}-{max(wall) * 1000:.0f})"
        line += f"  cpu {cpu * 1000:5.0f} ms"
        if name in TARGETS:
            line += (f"  ratio {med / wall_floor:.2f} (cpu {cpu / cpu_floor:.2f})"
                     f"  target <= {TARGETS[name]}")
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
