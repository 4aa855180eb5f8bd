"""Grab every page of the wizard on the worked example, at 1280x800 (the names the README
links) and at 1024x700 (``-1024x700`` added), with two LCMS peaks typed into Analytics.

    python docs/screenshots/capture.py [OUT_DIR]                 # offscreen, no display needed
    QT_QPA_PLATFORM=xcb xvfb-run -s "-screen 0 1280x800x24" python docs/screenshots/capture.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["BORANEGUI_HOME"] = tempfile.mkdtemp(prefix="boranegui-shots-")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    app = QApplication([])
    from boranegui.ui.app import register_fonts

    register_fonts()
    from boranegui.ui.main_window import STEPS, MainWindow

    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    loop = QEventLoop()
    window.ready.connect(loop.quit)
    QTimer.singleShot(0, window.start)
    loop.exec()
    window.banner.hide()

    def grab(widget, name: str) -> None:
        from PySide6.QtTest import QTest

        QTest.qWait(300)  # the drawer's highlights and legend arrive a moment after an edit
        widget.grab().save(str(out / f"{name}.png"))
        print(out / f"{name}.png")

    box = window.pages["symptoms"].analytics
    species = {sp.id: sp for sp in window.session.species()}
    for row, (kind, where, area) in zip(box.rows, (("substrate", 2, "40"), ("product_bh3", 1, "35")), strict=False):
        row.mz.setText(f"{species[kind].mz:.1f}")
        row.where.setCurrentIndex(where)
        row.percent.setText(area)
    box.commit()
    for size, suffix in (((1280, 800), ""), ((1024, 700), "-1024x700")):
        window.resize(*size)
        for number, key in enumerate(STEPS, 1):
            window.go(key)
            grab(window, f"{number}-{key}{suffix}")
        window.go("protocol")  # the numbered steps, down to 10 and 11
        view = window.pages["protocol"].view
        view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
        grab(window, f"6-protocol-steps{suffix}")
        view.verticalScrollBar().setValue(0)
        window.go("symptoms")
        scroll = window.pages["symptoms"]._scroll
        scroll.ensureWidgetVisible(box, 0, 0)
        grab(window, f"3-symptoms-analytics{suffix}")
        scroll.verticalScrollBar().setValue(0)
    window.resize(1280, 800)
    window.session.new_run()  # a new run: empty, the note's values as placeholders
    window.go("run")
    grab(window, "2-run-new")
    window.show_history()
    window.history_dialog.resize(1000, 520)
    grab(window.history_dialog, "7-history")
    window.history_dialog.close()
    window.show_settings()
    grab(window.settings_dialog, "8-settings")
    window.settings_dialog.close()
    window.session.dirty = False
    window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
