"""Build the one-folder bundle with PyInstaller, then run its self-test.

    python packaging/build.py                      # dist/boranegui/, work files in build/
    python packaging/build.py --dist D --work W    # elsewhere (the test builds in a temp dir)
    python packaging/build.py --no-self-test

Prints the build time and the bundle size, and exits with the self-test's exit code, so
a build that produces a broken bundle fails.  Run it with the Python environment that has
BoraneGUI's dependencies and PyInstaller (``pip install -e ".[bundle]"``).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "boranegui.spec"
EXE_NAME = "boranegui.exe" if sys.platform == "win32" else "boranegui"
CLI_EXE_NAME = "boranegui-cli.exe" if sys.platform == "win32" else "boranegui"


@dataclass(frozen=True)
class Build:
    bundle: Path  # the one-folder bundle: <dist>/boranegui
    seconds: float
    size_bytes: int
    files: int

    @property
    def executable(self) -> Path:
        """The executable IT runs for the command line and the self-test."""
        return self.bundle / CLI_EXE_NAME

    def summary(self) -> str:
        return (f"built {self.bundle} in {self.seconds:.0f} s: "
                f"{self.size_bytes / 1e6:.0f} MB in {self.files} files")


def folder_size(folder: Path) -> tuple[int, int]:
    """Total bytes and number of files under ``folder`` (symlinks not followed)."""
    total = count = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            count += 1
    return total, count


def glibc_needed(folder: Path) -> str | None:
    """The newest ``GLIBC_2.x`` symbol version any ELF file of the bundle asks for.

    The bundle runs only on a Linux whose glibc is at least that: the PySide6 wheels ask
    for 2.34, and every library PyInstaller copied from the build machine asks for up to
    that machine's glibc.  Read from the files' version-requirement strings (no binutils).
    """
    newest: tuple[int, int] | None = None
    for path in folder.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        with open(path, "rb") as fh:
            if fh.read(4) != b"\x7fELF":
                continue
            data = fh.read()
        for major, minor in re.findall(rb"GLIBC_(\d+)\.(\d+)", data):
            version = (int(major), int(minor))
            newest = max(newest or version, version)
    return None if newest is None else f"{newest[0]}.{newest[1]}"


def build(dist: Path, work: Path, *, log: Path | None = None) -> Build:
    """Run PyInstaller on the spec; raise CalledProcessError (with its log) on failure."""
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
               "--distpath", str(dist), "--workpath", str(work), "--log-level", "WARN", str(SPEC)]
    start = time.perf_counter()
    with open(log or os.devnull, "w", encoding="utf-8") as out:
        subprocess.run(command, check=True, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - start
    bundle = dist / "boranegui"
    size, files = folder_size(bundle)
    return Build(bundle, seconds, size, files)


def clean_env(home: Path) -> dict[str, str]:
    """The environment of a lab PC: no virtualenv, no PYTHONPATH, Qt without a screen."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "RDBASE")}
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["BORANEGUI_HOME"] = str(home)
    return env


def self_test(executable: Path, home: Path, timeout: float = 300,
              ) -> subprocess.CompletedProcess[str]:
    """Run ``<bundle>/boranegui --self-test`` from a folder outside the checkout."""
    with tempfile.TemporaryDirectory(prefix="boranegui-selftest-cwd-") as cwd:
        return subprocess.run([str(executable), "--self-test"], capture_output=True, text=True,
                              env=clean_env(home), cwd=cwd, timeout=timeout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller work folder")
    parser.add_argument("--no-self-test", action="store_true", help="only build")
    args = parser.parse_args(argv)

    log = args.work / "pyinstaller.log"
    args.work.mkdir(parents=True, exist_ok=True)
    try:
        result = build(args.dist.resolve(), args.work.resolve(), log=log)
    except subprocess.CalledProcessError:
        print(log.read_text("utf-8", errors="replace")[-4000:], file=sys.stderr)
        print(f"build failed; full PyInstaller log: {log}", file=sys.stderr)
        return 1
    print(result.summary())
    if sys.platform.startswith("linux"):
        print(f"the bundle needs glibc {glibc_needed(result.bundle)} or newer "
              "(the build machine's, or 2.34 for the Qt wheels, whichever is newer)")
    if args.no_self_test:
        return 0
    with tempfile.TemporaryDirectory(prefix="boranegui-selftest-home-") as home:
        start = time.perf_counter()
        done = self_test(result.executable, Path(home))
        print(done.stdout, end="")
        print(done.stderr, end="", file=sys.stderr)
        print(f"self-test exit code {done.returncode} in {time.perf_counter() - start:.1f} s")
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main())
