"""Start-up of the PyInstaller bundle against the same app run from source, in the same run.

A lab PC starts BoraneGUI from the bundle; this checks the bundle costs no start-up time
over ``python -m boranegui`` (the floor: the same code, the same machine, the same moment).
Measured, each as a median of alternating runs with a fresh user data folder, offscreen:
``--version`` (bootloader and interpreter start), window shown, and ready (engine loaded,
the worked example diagnosed).  Prints medians and the bundle/source ratios.

    python benchmarks/bench_bundle_startup.py [--bundle dist/boranegui] [--runs N]

Without ``--bundle`` it builds one into a temporary folder first (and prints the build time).
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _build_module():
    spec = importlib.util.spec_from_file_location("boranegui_build", ROOT / "packaging" / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _seconds_until(cmd: list[str], env: dict[str, str], mark: str | None) -> float:
    """Seconds from process start until a line starting with ``mark`` (or the process exit)."""
    start = time.perf_counter()
    with subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          text=True, cwd=env["BORANEGUI_HOME"]) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if mark is not None and line.startswith(mark):
                elapsed = time.perf_counter() - start
                break
        else:
            if proc.wait(120) != 0 or mark is not None:
                raise RuntimeError(f"{cmd[0]} {cmd[1:]} failed or never printed {mark!r}")
            elapsed = time.perf_counter() - start
        proc.wait(120)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, help="a built one-folder bundle (default: build one)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    build = _build_module()
    with tempfile.TemporaryDirectory(prefix="boranegui-bench-build-") as out:
        if args.bundle is None:
            built = build.build(Path(out) / "dist", Path(out) / "work")
            print(built.summary())
            bundle_exe = built.executable
        else:
            bundle_exe = args.bundle / build.CLI_EXE_NAME
        source = [sys.executable, "-m", "boranegui"]
        cases = {  # name: (extra args, environment additions, line to wait for)
            "--version": (["--version"], {}, None),
            "window shown": ([], {"BORANEGUI_EXIT_WHEN_SHOWN": "1"}, "shown"),
            "ready": ([], {"BORANEGUI_EXIT_WHEN_SHOWN": "ready"}, "ready"),
        }
        times: dict[tuple[str, str], list[float]] = {}
        for run in range(args.runs + 1):  # the first round warms the disk cache, not timed
            for name, (extra, more_env, mark) in cases.items():
                for kind, cmd in (("source", source), ("bundle", [str(bundle_exe)])):
                    with tempfile.TemporaryDirectory(prefix="boranegui-bench-home-") as home:
                        env = build.clean_env(Path(home)) | more_env
                        if kind == "source":
                            env["PYTHONPATH"] = str(ROOT)
                        seconds = _seconds_until(cmd + extra, env, mark)
                    if run:
                        times.setdefault((name, kind), []).append(seconds)
    print(f"{'':14} {'source (floor)':>15} {'bundle':>9} {'ratio':>7}   (medians of {args.runs})")
    for name in cases:
        src = statistics.median(times[(name, "source")])
        bun = statistics.median(times[(name, "bundle")])
        print(f"{name:14} {src:14.2f}s {bun:8.2f}s {bun / src:7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
