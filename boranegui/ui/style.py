"""The look of the app in one place: palette, fonts and the style sheet."""

from __future__ import annotations

ACCENT = "#1f6f8b"
ACCENT_SOFT = "#e3f0f4"
ERROR = "#b3261e"
WARN_BG = "#fff4e0"
WARN_BORDER = "#e0a030"
CHANGED_BG = "#fff1c2"
MUTED = "#5f6b73"
BORDER = "#d5dbe0"

STYLE_SHEET = f"""
QMainWindow, QWidget#page {{ background: #fbfcfd; }}
QListWidget#steps {{
    background: #eef2f5; border: none; border-right: 1px solid {BORDER};
    padding-top: 12px; font-size: 11pt; outline: 0;
}}
QListWidget#steps::item {{ padding: 10px 14px; color: #26323a; border-left: 4px solid transparent; }}
QListWidget#steps::item:selected {{
    background: #ffffff; color: {ACCENT}; border-left: 4px solid {ACCENT}; font-weight: bold;
}}
QListWidget#steps::item:hover:!selected {{ background: #e2e8ec; }}
QLabel#pageTitle {{ font-size: 17pt; font-weight: 600; color: #18232a; }}
QLabel#pageSubtitle {{ color: {MUTED}; font-size: 10pt; }}
QLabel#fieldError {{ color: {ERROR}; font-size: 9pt; }}
QLabel#muted {{ color: {MUTED}; }}
QLineEdit[error="true"], QComboBox[error="true"] {{ border: 1px solid {ERROR}; background: #fdf0ef; }}
QGroupBox {{
    font-weight: 600; border: 1px solid {BORDER}; border-radius: 6px; margin-top: 14px;
    padding: 12px 10px 8px 10px; background: #ffffff;
}}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; color: #26323a; }}
QFrame#card {{ background: #ffffff; border: 1px solid {BORDER}; border-radius: 6px; }}
QFrame#banner {{ background: {WARN_BG}; border: 1px solid {WARN_BORDER}; border-radius: 6px; }}
QFrame#infoBanner {{ background: {ACCENT_SOFT}; border: 1px solid #b5d3dd; border-radius: 6px; }}
QFrame#navBar {{ border-top: 1px solid {BORDER}; background: #f3f6f8; }}
QPushButton#primary {{
    background: {ACCENT}; color: white; border: none; border-radius: 4px; padding: 6px 16px;
    font-weight: 600;
}}
QPushButton#primary:disabled {{ background: #9bb8c2; }}
QToolButton#stateButton {{
    border: 1px solid {BORDER}; padding: 4px 10px; background: #ffffff; min-width: 96px;
}}
QToolButton#stateButton:checked {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QToolButton#stateButton[state="not_seen"]:checked {{ background: #4d7a52; border-color: #4d7a52; }}
QToolButton#stateButton[state="not_checked"]:checked {{
    background: #dde3e7; color: #26323a; border-color: #b9c2c8;
}}
QScrollArea > QWidget > QWidget#scrollInner {{ background: #fbfcfd; }}
QTextBrowser {{ border: 1px solid {BORDER}; border-radius: 6px; background: #ffffff; }}
"""
