"""``boranegui --self-test``: does this copy of BoraneGUI work, end to end, on this PC?

Lab IT runs it after installing a bundle (and the bundle build runs it on every build).
It exercises what a chemist's first session exercises: the shipped data and RDKit's
tables, the rules, a diagnosis and a revised protocol for the bundled example run, its
PDF (text and embedded fonts read back from the file), Qt's plugins and the main window
(offscreen: no window appears).  Each check prints one line, ``ok`` or ``FAIL`` with the
reason; the same lines go to ``logs/self-test.log`` in the user data folder, because a
windowed Windows build has no console.  Exit code 0 when every check passed, 1 otherwise.
A piece of the app that is missing fails its check; nothing is skipped.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import platform
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from boranegui import __version__


class CheckFailed(Exception):
    """A check found something wrong; the message is the one-line reason."""


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    seconds: float

    def line(self) -> str:
        status = "ok  " if self.ok else "FAIL"
        return f"{status}  {self.name}: {self.detail} ({self.seconds:.1f} s)"


@dataclass
class _State:
    """What earlier checks produced and later ones need (the run, its diagnosis, ...)."""

    values: dict[str, Any]

    def need(self, key: str, check: str) -> Any:
        if key not in self.values:
            raise CheckFailed(f"cannot run: the {check} check failed")
        return self.values[key]


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _describe(exc: BaseException) -> str:
    """One line naming what broke; a piece of the app not written yet says so."""
    if isinstance(exc, CheckFailed):
        return _one_line(str(exc))
    text = _one_line(f"{type(exc).__name__}: {exc}")
    if isinstance(exc, NotImplementedError | ImportError):
        return f"not available yet: {text}"
    return text


def _frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


# --- checks -----------------------------------------------------------------------------


def check_data(state: _State) -> str:
    """The shipped rules, example run and icon are where the app looks for them."""
    from boranegui.core import bundled

    root = bundled.data_root()
    missing = [str(p) for p in (bundled.rules_path(), bundled.example_run_path(),
                                bundled.resource("icons", "boranegui.svg")) if not p.is_file()]
    if missing:
        raise CheckFailed(f"missing from {root}: {', '.join(missing)}")
    if _frozen():
        bundle = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)).resolve()
        if bundle not in root.resolve().parents:
            raise CheckFailed(f"data found at {root}, outside the bundle {bundle}")
    state.values["example_path"] = bundled.example_run_path()
    return f"rules.yaml, the example run and the icon found in {root}"


def check_rdkit_data(state: _State) -> str:
    """RDKit's Data/ tables: without them Fragments has no fr_* and SaltRemover crashes."""
    from rdkit import Chem, RDConfig
    from rdkit.Chem import Fragments
    from rdkit.Chem.SaltRemover import SaltRemover

    table = Path(RDConfig.RDDataDir) / "FragmentDescriptors.csv"
    if not table.is_file():
        raise CheckFailed(f"RDKit data folder incomplete: {table} is missing")
    functions = [name for name in dir(Fragments) if name.startswith("fr_")]
    if not hasattr(Fragments, "fr_amide") or len(functions) < 50:
        raise CheckFailed(f"rdkit.Chem.Fragments has {len(functions)} fr_* functions, not 80+")
    lactam = Chem.MolFromSmiles("O=C1CCCN1")  # 2-pyrrolidinone: one amide
    if (found := Fragments.fr_amide(lactam)) != 1:
        raise CheckFailed(f"fr_amide found {found} amides in 2-pyrrolidinone, not 1")
    stripped = SaltRemover().StripMol(Chem.MolFromSmiles("CCCN.Cl"))
    if Chem.MolToSmiles(stripped) != "CCCN":
        raise CheckFailed(f"SaltRemover left {Chem.MolToSmiles(stripped)} from propylamine·HCl")
    return f"{len(functions)} fr_* functions, fr_amide and SaltRemover work ({RDConfig.RDDataDir})"


def check_rules(state: _State) -> str:
    """The shipped rules load and validate."""
    from boranegui.core.rules import load_rules

    rules = load_rules(None)
    state.values["rules"] = rules
    return f"shipped rules valid: {_one_line(rules.summary())}"


def check_diagnosis(state: _State) -> str:
    """The example run is analysed and diagnosed: causes, each with a source."""
    from boranegui.core import run_record
    from boranegui.core.pipeline import assess

    path = state.need("example_path", "data")
    rules = state.need("rules", "rules")
    run = run_record.load(path)
    found = assess(run, rules)
    analysis, result = found.substrate, found.diagnosis
    if analysis is None:
        raise CheckFailed(f"the example's structure could not be analysed ({path.name})")
    if not result.causes:
        raise CheckFailed(f"no cause found for the example run {path.name}")
    unsourced = [c.id for c in result.causes if not c.source.strip()]
    if unsourced:
        raise CheckFailed(f"causes without a source: {', '.join(unsourced)}")
    state.values.update(run=run, diagnosis=result, assessment=found)
    top = result.causes[0]
    causes = f"{len(result.causes)} cause{'s' if len(result.causes) != 1 else ''}"
    return (f"example run ({analysis.formula}): {causes}, "
            f"most likely {top.id} ({top.score:.2f})")


def check_protocol(state: _State) -> str:
    """The revised, scaled protocol for the example run."""
    revised = state.need("assessment", "diagnosis").revised
    if not revised.steps or not revised.amounts:
        raise CheckFailed("the revised protocol has no steps or no amounts")
    state.values["revised"] = revised
    return (f"{len(revised.steps)} steps, {len(revised.amounts)} amounts, "
            f"{len(revised.changes)} changes")


def _qt_app() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["boranegui", "-platform", "offscreen"])


# Platform plugins each OS needs, and the offscreen one the self-test itself runs on.
_PLATFORM_PLUGINS = {"linux": ("offscreen", "xcb"), "win32": ("offscreen", "windows"),
                     "darwin": ("offscreen", "cocoa")}


def check_qt(state: _State) -> str:
    """Qt starts, and the platform, SVG image and SVG icon plugins are present and load."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QLibraryInfo, QPluginLoader
    from PySide6.QtGui import QIcon, QImage

    from boranegui.core import bundled

    _qt_app()
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    folder = plugins / "platforms"
    present = {re.sub(r"^(lib)?q", "", p.name.split(".")[0]) for p in folder.glob("*")}
    wanted = _PLATFORM_PLUGINS.get(sys.platform, ("offscreen",))
    missing = [name for name in wanted if name not in present]
    if missing:
        raise CheckFailed(f"Qt platform plugins missing from {folder}: {', '.join(missing)}")
    native = wanted[-1]
    if native != "offscreen":
        # Load the desktop's platform plugin (without starting it): a missing system
        # library (libxcb-*, libEGL, ...) shows up here, not as a GUI that never opens.
        plugin = next(p for p in folder.glob("*") if re.sub(r"^(lib)?q", "", p.name.split(".")[0])
                      == native)
        loader = QPluginLoader(str(plugin))
        if not loader.load():
            raise CheckFailed(f"the {native} platform plugin cannot be loaded: "
                              f"{loader.errorString()}")
    icon = str(bundled.resource("icons", "boranegui.svg"))
    if QImage(icon).isNull():
        raise CheckFailed("the SVG image-format plugin cannot read the app icon")
    if QIcon(icon).pixmap(32, 32).isNull():
        raise CheckFailed("the SVG icon engine cannot draw the app icon")
    return (f"Qt {pyside_version}, platform plugins {', '.join(wanted)} present, {native} loads, "
            "SVG icon renders")


@contextlib.contextmanager
def _scratch_user_data() -> Iterator[None]:
    """A fresh, empty user data folder for the duration: the check tests the software, not
    the user's settings, and leaves their history, recent files and autosaves untouched."""
    saved = os.environ.get("BORANEGUI_HOME")
    # A window left open by a failed check may still hold files there (Windows locks them).
    with tempfile.TemporaryDirectory(prefix="boranegui-selftest-home-",
                                     ignore_cleanup_errors=True) as home:
        os.environ["BORANEGUI_HOME"] = home
        try:
            yield
        finally:
            if saved is None:
                os.environ.pop("BORANEGUI_HOME", None)
            else:
                os.environ["BORANEGUI_HOME"] = saved


MAIN_WINDOW_TIMEOUT_S = 120


def check_main_window(state: _State) -> str:
    """The main window builds, loads the engine, opens the example run and paints (offscreen)."""
    from PySide6.QtCore import QEventLoop, QTimer

    from boranegui.ui.main_window import MainWindow

    path = state.need("example_path", "data")
    run = state.need("run", "diagnosis")
    app = _qt_app()
    with _scratch_user_data():
        window = MainWindow(str(path))
        window.show()
        loop = QEventLoop()
        ready: list[bool] = []
        failed: list[str] = []
        window.ready.connect(lambda: (ready.append(True), loop.quit()))
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        timer.start(MAIN_WINDOW_TIMEOUT_S * 1000)
        # An engine that fails to load is shown to the user as an error (last_error); it
        # may fail before any connection made here, so look for it rather than listen.
        poll = QTimer()
        poll.timeout.connect(lambda: getattr(window, "last_error", "") and (
            failed.append(window.last_error), loop.quit()))
        poll.start(100)
        window.start()  # loads the engine in a worker thread, as run_app does
        if not ready and not failed:
            loop.exec()
        timer.stop()
        poll.stop()
        if failed:  # the engine's loader has finished (with an error): the window can go
            from PySide6.QtWidgets import QDialog

            for dialog in window.findChildren(QDialog):  # the error box it showed, modal
                dialog.close()
            window.setWindowModified(False)
            window.close()
            window.deleteLater()
            app.processEvents()
            raise CheckFailed(f"the window reported: {failed[0]}")
        if not ready:  # the engine may still be loading in its thread: hide, keep it alive
            window.hide()
            raise CheckFailed(f"the window was not ready after {MAIN_WINDOW_TIMEOUT_S} s")
        app.processEvents()
        error = getattr(window, "last_error", "")
        title = window.windowTitle().replace("[*]", "")
        image = window.grab().toImage()
        modified = window.isWindowModified()
        if not modified:
            window.close()
        window.deleteLater()
        app.processEvents()
    if error:
        raise CheckFailed(f"the window reported: {error}")
    if run.title and run.title not in title:
        raise CheckFailed(f"the example run is not open (window title {title!r})")
    if modified:
        raise CheckFailed("the example run opened as modified, without any edit")
    if image.isNull() or image.width() < 400:
        raise CheckFailed("the main window did not paint")
    return f"opened the example run, painted {image.width()}x{image.height()} ({title!r})"


def _pdf_fonts(reader: Any) -> tuple[list[str], list[str]]:
    """(embedded, not embedded) font names used on the PDF's pages."""
    embedded: list[str] = []
    missing: list[str] = []
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            has_file = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            (embedded if has_file else missing).append(name)
    return sorted(set(embedded)), sorted(set(missing))


def _squash(text: str) -> str:
    """Text without whitespace: line wrapping in the PDF must not fail a comparison."""
    return re.sub(r"\s+", "", text)


def check_pdf(state: _State) -> str:
    """The example's protocol PDF is written, its own fonts are embedded, and it says what it
    should: the text is read back from the file (pypdf), as a reader or a search would."""
    from pypdf import PdfReader

    from boranegui.report.export import export_pdf_headless
    from boranegui.report.fonts import FAMILY

    run = state.need("run", "diagnosis")
    top = state.need("diagnosis", "diagnosis").causes[0]
    revised = state.need("revised", "protocol")
    _qt_app()
    with tempfile.TemporaryDirectory(prefix="boranegui-selftest-") as folder:
        out = Path(folder) / "protocol.pdf"
        export_pdf_headless(run, revised, out, run_path=state.values.get("example_path"))
        data = out.read_bytes()
        if not data.startswith(b"%PDF-"):
            raise CheckFailed(f"{out.name} is not a PDF ({len(data)} bytes)")
        reader = PdfReader(out)
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        embedded, missing = _pdf_fonts(reader)
    if missing:
        raise CheckFailed(f"fonts not embedded in the PDF: {', '.join(missing)}")
    shipped = _squash(FAMILY)
    if not any(shipped in name for name in embedded):
        raise CheckFailed(f"the PDF does not use the shipped {FAMILY} font "
                          f"(fonts: {', '.join(embedded) or 'none'})")
    needles = {"run title": run.title or revised.title, "most likely cause": top.title,
               "first step": revised.steps[0].text[:60]}
    absent = [what for what, needle in needles.items() if _squash(needle) not in _squash(text)]
    if absent:
        raise CheckFailed(f"the PDF text lacks the {', '.join(absent)} "
                          f"({len(text)} characters read)")
    return (f"{len(reader.pages)} pages, {len(data) // 1024} KB, title, cause and steps read "
            f"back, fonts embedded: {', '.join(embedded)}")


CHECKS: tuple[tuple[str, Callable[[_State], str]], ...] = (
    ("data", check_data),
    ("rdkit-data", check_rdkit_data),
    ("rules", check_rules),
    ("diagnosis", check_diagnosis),
    ("protocol", check_protocol),
    ("qt", check_qt),
    ("main-window", check_main_window),
    ("pdf", check_pdf),
)


def run_checks() -> list[CheckResult]:
    """Every check, in order; a failure never stops the ones after it."""
    state = _State({})
    results = []
    for name, check in CHECKS:
        start = time.perf_counter()
        try:
            detail, ok = _one_line(check(state)), True
        except Exception as exc:  # every failure is a result, never a crash
            detail, ok = _describe(exc), False
        results.append(CheckResult(name, ok, detail, time.perf_counter() - start))
    return results


@contextlib.contextmanager
def _qt_messages() -> Iterator[list[str]]:
    """Qt's own warnings during the checks, kept for the log instead of the console."""
    messages: list[str] = []
    try:
        from PySide6.QtCore import qInstallMessageHandler
    except ImportError:  # the qt check reports it
        yield messages
        return

    def keep(mode: Any, context: Any, text: str) -> None:
        messages.append(_one_line(text))

    previous = qInstallMessageHandler(keep)
    try:
        yield messages
    finally:
        qInstallMessageHandler(previous)


def _header() -> str:
    try:
        from rdkit import __version__ as rdkit_version
    except Exception:  # reported by the rdkit-data check
        rdkit_version = "missing"
    kind = "bundle" if _frozen() else "Python install"
    now = _dt.datetime.now().isoformat(timespec="seconds")
    return (f"BoraneGUI {__version__} self-test, {now}: {kind}, "
            f"Python {platform.python_version()}, RDKit {rdkit_version}, {platform.platform()}")


def _write_log(lines: list[str]) -> str:
    """Write the report to logs/self-test.log; return where, or why it could not be written."""
    from boranegui.core.userdata import log_path
    from boranegui.core.yamlio import write_text_atomic

    try:
        path = log_path().parent / "self-test.log"
        write_text_atomic(path, "\n".join(lines) + "\n")
    except OSError as exc:
        return f"log not written: {_one_line(str(exc))}"
    return f"log: {path}"


def run_self_test() -> int:
    """Run every check, print one line each (and a summary), log them; 0 when all passed."""
    # Offscreen: the self-test must run on a PC nobody is logged in to, and never flash a window.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    lines = [_header()]
    print(lines[0], flush=True)
    with _qt_messages() as qt_messages:
        results = run_checks()
    for result in results:
        lines.append(result.line())
        print(lines[-1], flush=True)
    failed = [r.name for r in results if not r.ok]
    summary = (f"self-test passed: {len(results)} checks" if not failed
               else f"self-test FAILED: {len(failed)} of {len(results)} checks "
                    f"({', '.join(failed)})")
    lines.append(summary)
    if qt_messages:
        lines += ["", "Qt said:", *(f"  {m}" for m in dict.fromkeys(qt_messages))]
    location = _write_log(lines)
    print(f"{summary}; {location}", flush=True)
    return 1 if failed else 0
