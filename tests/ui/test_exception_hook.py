"""An exception in a slot shows a dialog, is logged, and the window keeps working."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from boranegui.ui.app import ExceptionHook, setup_logging


@pytest.mark.qt_no_exception_capture
def test_a_raising_slot_does_not_kill_the_app(window, qtbot, user_home) -> None:
    setup_logging()
    hook = ExceptionHook(window)
    hook.install()
    try:
        broken = QPushButton("broken", window)

        def explode() -> None:
            raise RuntimeError("boom in a slot")

        broken.clicked.connect(explode)
        broken.show()
        qtbot.mouseClick(broken, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: hook.count == 1)
    finally:
        hook.uninstall()
    # The dialog says what happened and offers the details to copy.
    assert len(hook.dialogs) == 1
    box = hook.dialogs[0]
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "RuntimeError: boom in a slot" in box.text()
    copy = next(b for b in box.buttons() if b.text() == "Copy details")
    copy.click()
    assert "boom in a slot" in QApplication.clipboard().text()
    assert "Traceback" in QApplication.clipboard().text()
    assert box.isVisible()  # copying does not close the dialog
    # It is in the log file in the user data folder.
    log_text = (user_home / "logs" / "boranegui.log").read_text(encoding="utf-8")
    assert "RuntimeError: boom in a slot" in log_text
    # The window is alive and still works.
    assert window.isVisible()
    window.go("symptoms")
    assert window.current_step() == "symptoms"
    box.close()
