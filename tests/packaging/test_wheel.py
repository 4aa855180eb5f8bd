"""The wheel a user installs works outside the checkout and finds the shipped rules.yaml.

Builds the wheel, checks what it carries, installs it (no dependencies) into a fresh venv
that sees the test environment's packages (PySide6, RDKit, PyYAML), and runs the installed
``boranegui`` from a folder that is not the source tree.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _run(args: list[str | os.PathLike[str]], **kwargs) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


def _clean_env() -> dict[str, str]:
    """No PYTHONPATH: the installed package must be the one found, not the checkout."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Without isolation when hatchling is already here (fast, offline); else pip fetches it.
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", *isolation, "-w", out, ROOT], env=_clean_env())
    wheels = list(out.glob("boranegui-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_carries_rules_and_resources(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "boranegui/_data/rules.yaml" in names
    assert "boranegui/_data/resources/examples/nordazepam-low-yield.borane.yaml" in names
    assert "boranegui/cli.py" in names and "boranegui/core/substrate.py" in names
    assert not any(n.startswith("tests/") for n in names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "boranegui = boranegui.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_wheel_runs_outside_the_checkout(wheel: Path, tmp_path: Path):
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", venv])
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    # When the tests run in a venv, --system-site-packages reaches the base Python, not this
    # venv: point the new venv at this environment's packages too (appended after its own).
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip())
    outer = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site / "outer-environment.pth").write_text("\n".join(sorted(outer)) + "\n")
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q", wheel],
         env=_clean_env())

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = _clean_env()
    from boranegui import __version__

    version = _run([bindir / "boranegui", "--version"], cwd=elsewhere, env=env)
    assert version.stdout.strip() == f"boranegui {__version__}"

    probe = (
        "import json, boranegui, boranegui.core.bundled as b\n"
        "print(json.dumps({'package': boranegui.__file__, 'rules': str(b.rules_path()),"
        " 'exists': b.rules_path().is_file(), 'example': b.example_run_path().is_file()}))\n"
    )
    found = json.loads(_run([python, "-c", probe], cwd=elsewhere, env=env).stdout)
    assert found["exists"] and found["example"]
    assert Path(found["package"]).resolve().is_relative_to(site.resolve())
    assert Path(found["rules"]).resolve().is_relative_to(site.resolve())
    assert not Path(found["rules"]).resolve().is_relative_to(ROOT.resolve())

    analysed = _run([bindir / "boranegui", "substrate", "O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1", "--json"],
                    cwd=elsewhere, env=env)
    assert json.loads(analysed.stdout)["formula"] == "C15H11ClN2O"
