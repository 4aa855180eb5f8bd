"""The PyInstaller one-folder bundle: built from the spec, run from outside the checkout.

Builds once per session into a temporary folder (never into the repository) with
``packaging/build.py``; run alone with ``pytest -m bundle``.  The bundle is run with the
environment of a lab PC: no virtualenv, no PYTHONPATH, a working folder outside the
checkout, so it cannot borrow anything from the source tree.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.bundle, pytest.mark.slow]

CHECKS = ("data", "rdkit-data", "rules", "diagnosis", "protocol", "qt", "main-window", "pdf")


def _build_module() -> ModuleType:
    path = ROOT / "packaging" / "build.py"
    spec = importlib.util.spec_from_file_location("boranegui_build", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is made
    spec.loader.exec_module(module)
    return module


build_script = _build_module()


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory):
    """The bundle, built once; its build time and size are printed (pytest -s shows them)."""
    out = tmp_path_factory.mktemp("bundle")
    try:
        built = build_script.build(out / "dist", out / "work", log=out / "pyinstaller.log")
    except subprocess.CalledProcessError:
        pytest.fail("PyInstaller failed:\n" + (out / "pyinstaller.log").read_text()[-4000:])
    print(f"\n{built.summary()}")
    return built


def _run(bundle, *args: str, home: Path, timeout: float = 300, **kwargs):
    env = build_script.clean_env(home)
    return subprocess.run([str(bundle.executable), *args], capture_output=True, text=True,
                          env=env, cwd=home, timeout=timeout, **kwargs)


def test_self_test_passes_in_the_bundle(bundle, tmp_path: Path) -> None:
    done = build_script.self_test(bundle.executable, tmp_path)
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    lines = done.stdout.splitlines()
    assert "bundle" in lines[0]  # the self-test knows it runs frozen
    for name in CHECKS:
        assert any(line.startswith(f"ok    {name}: ") for line in lines), (name, report)
    assert "FAIL" not in done.stdout
    assert f"self-test passed: {len(CHECKS)} checks" in lines[-1]
    # RDKit's tables and the app's data come from inside the bundle, not from the venv.
    internal = str(bundle.bundle / "_internal")
    assert any(line.startswith("ok    rdkit-data") and internal in line for line in lines)
    assert any(line.startswith("ok    data") and internal in line for line in lines)
    log = (tmp_path / "logs" / "self-test.log").read_text("utf-8").splitlines()
    # The log holds the same lines (then whatever Qt said, which the console is spared).
    assert log[1:len(lines)] == [*lines[1:-1], lines[-1].split(";")[0]]


def test_windowed_build_without_console_writes_to_the_log(bundle, tmp_path: Path) -> None:
    # Closing fd 1 and 2 is what a --windowed build sees: sys.stdout and sys.stderr are None.
    done = subprocess.run(["sh", "-c", 'exec "$0" --self-test >&- 2>&-', str(bundle.executable)],
                          env=build_script.clean_env(tmp_path), cwd=tmp_path, timeout=300)
    console = (tmp_path / "logs" / "console.log").read_text("utf-8")
    assert done.returncode == 0, console
    assert "self-test passed" in console
    assert (tmp_path / "logs" / "self-test.log").is_file()


def test_bundle_carries_its_data_and_only_the_qt_plugins_it_needs(bundle) -> None:
    internal = bundle.bundle / "_internal"
    data = internal / "boranegui" / "_data"
    assert (data / "rules.yaml").read_bytes() == (ROOT / "rules.yaml").read_bytes()
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file():
            assert (data / "resources" / path.relative_to(ROOT / "resources")).is_file(), path
    assert (internal / "rdkit" / "Data" / "FragmentDescriptors.csv").is_file()
    assert (internal / "rdkit" / "Data" / "Salts.txt").is_file()

    plugins = internal / "PySide6" / "Qt" / "plugins"
    kept = {f"{p.parent.name}/{p.name.split('.')[0]}" for p in plugins.glob("*/*")}
    for needed in ("platforms/libqoffscreen", "platforms/libqxcb", "imageformats/libqsvg",
                   "iconengines/libqsvgicon"):
        assert needed in kept, sorted(kept)
    for dropped in ("platforms/libqwayland", "platforms/libqeglfs", "platformthemes/libqgtk3",
                    "imageformats/libqtiff", "platforminputcontexts/libqtvirtualkeyboardplugin"):
        assert dropped not in kept
    names = {p.name for p in internal.rglob("*")}
    assert not any(n.startswith(("_tkinter", "libtk", "libtcl")) for n in names)
    assert not any(n.startswith(("libQt6Network", "libQt6Qml", "libQt6Quick", "libQt6Wayland"))
                   for n in names)


@pytest.mark.skipif(sys.platform != "linux", reason="glibc is Linux's")
def test_glibc_the_bundle_needs_is_reported_and_met_here(bundle) -> None:
    import platform

    needed = build_script.glibc_needed(bundle.bundle)
    here = platform.libc_ver()[1]
    as_tuple = [tuple(int(x) for x in v.split(".")[:2]) for v in (needed, here)]
    assert (2, 34) <= as_tuple[0] <= as_tuple[1], (needed, here)  # Qt 6 wheels ask for 2.34


def test_command_line_works_from_the_bundle_outside_the_checkout(bundle, tmp_path: Path) -> None:
    done = _run(bundle, "--version", home=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("boranegui "), done.stderr
    done = _run(bundle, "rules", "check", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "_internal" in done.stdout and "valid" in done.stdout
    bad = tmp_path / "bad.borane.yaml"
    bad.write_text("format: borane-run/1\nscale_g: -5\n", encoding="utf-8")
    done = _run(bundle, "diagnose", str(bad), home=tmp_path)
    assert done.returncode == 2 and "bad.borane.yaml" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="freedesktop files are for Linux")
def test_linux_install_script_installs_a_valid_menu_entry(bundle, tmp_path: Path) -> None:
    prefix = tmp_path / "prefix"
    env = dict(os.environ, PREFIX=str(prefix))
    script = ROOT / "packaging" / "linux" / "install.sh"
    done = subprocess.run(["sh", str(script), str(bundle.bundle)], capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    app = prefix / "lib" / "boranegui" / "boranegui"
    desktop = (prefix / "share" / "applications" / "boranegui.desktop").read_text("utf-8")
    assert f"Exec={app} %f" in desktop.splitlines()
    assert (prefix / "share/icons/hicolor/48x48/apps/io.github.boranegui.BoraneGUI.png").is_file()
    done = subprocess.run([str(prefix / "bin" / "boranegui"), "--version"], capture_output=True,
                          text=True, env=build_script.clean_env(tmp_path), timeout=120)
    assert done.returncode == 0, done.stderr
