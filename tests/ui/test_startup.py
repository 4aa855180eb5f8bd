"""Start-up order: the window is painted first, then the page on screen and the engine; the
other pages are built when first needed or just after the app is ready."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import cli_env

# Prints, at exit, which of these modules the process had imported.
REPORT_AT_EXIT = (
    "import atexit, sys\n"
    "WATCH = ('rdkit', 'numpy', 'jsonschema', 'yaml', 'boranegui.ui.pages', 'boranegui.core.diagnosis')\n"
    "atexit.register(lambda: print('loaded:', ','.join(sorted({m.split('.')[0] if not m.startswith('boranegui')"
    " else m for m in sys.modules if m.startswith(WATCH)}))))\n"
    "from boranegui.cli import main\n"
    "raise SystemExit(main([]))\n"
)


def _run_app(home, marks: str) -> list[str]:
    env = cli_env()
    env.update(BORANEGUI_HOME=str(home), BORANEGUI_EXIT_WHEN_SHOWN=marks)
    done = subprocess.run([sys.executable, "-c", REPORT_AT_EXIT], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_the_first_frame_is_painted_before_the_pages_and_the_engine_load(user_home) -> None:
    lines = _run_app(user_home, "1")
    assert lines[0] == "shown"
    assert lines[-1] == "loaded: "  # quit at the first paint: nothing heavy was needed for it


def test_ready_needs_neither_numpy_nor_jsonschema(user_home) -> None:
    """numpy (via RDKit's depictor or drawing code) and jsonschema (for a valid rules file)
    cost about 100 ms each; the first start, on the worked example, needs neither."""
    lines = _run_app(user_home, "ready")
    assert lines[0] == "shown" and lines[1].startswith("ready BoraneGUI — Nordazepam")
    loaded = lines[-1].removeprefix("loaded: ").split(",")
    assert "rdkit" in loaded and "boranegui.core.diagnosis" in loaded and "yaml" in loaded
    assert "numpy" not in loaded and "jsonschema" not in loaded


def test_pages_are_built_when_needed_and_all_soon_after_ready(qtbot, monkeypatch) -> None:
    from boranegui.ui.main_window import STEPS, MainWindow

    monkeypatch.setattr(MainWindow, "ask_unsaved", lambda self: "discard")
    monkeypatch.setattr(MainWindow, "_build_next_page", lambda self: None)  # no idle building here
    window = MainWindow(first_start_example=True)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=60_000):
        window.start()
    assert list(window.pages) == ["substrate"]  # the page on screen
    diagnosis = window.pages["diagnosis"]  # asked for: built now, showing the run as it is
    assert window.stack.indexOf(diagnosis) >= 0
    assert len(diagnosis.cards) == len(window.session.diagnosis.causes) > 0
    window.go("protocol")
    assert window.stack.currentWidget() is window.pages["protocol"] and len(window.pages) == 3
    monkeypatch.undo()
    monkeypatch.setattr(MainWindow, "ask_unsaved", lambda self: "discard")
    window._build_next_page()
    qtbot.waitUntil(lambda: len(window.pages) == len(STEPS), timeout=10_000)
    assert [window.stack.indexOf(window.pages[key]) >= 0 for key in STEPS] == [True] * len(STEPS)
    assert window.stack.count() == len(STEPS)  # the "Loading…" placeholder is gone


def test_start_does_not_wait_forever_for_a_paint(qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QWidget

    from boranegui.ui.app import _FirstPaint

    monkeypatch.setattr(_FirstPaint, "FALLBACK_MS", 50)
    widget = QWidget()  # never shown: no paint event comes
    qtbot.addWidget(widget)
    calls = []
    first_paint = _FirstPaint(widget, lambda: calls.append(1))
    first_paint.arm()
    qtbot.waitUntil(lambda: calls == [1], timeout=5_000)
    qtbot.wait(100)
    assert calls == [1]  # once
