"""Small modules named for what they hold: every module of the package is under 500 lines and
opens with a docstring that says its one job (issue 12)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import boranegui

PACKAGE = Path(boranegui.__file__).resolve().parent
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 500


def test_the_walk_finds_the_package() -> None:
    names = {p.relative_to(PACKAGE).as_posix() for p in MODULES}
    assert {"core/draft.py", "ui/session.py", "report/document.py"} <= names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_each_module_is_small_and_says_what_it_holds(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.count("\n")
    assert lines < MAX_LINES, f"{lines} lines: split it along a seam"
    docstring = ast.get_docstring(ast.parse(text))
    assert docstring and len(docstring.split()) >= 4, "open with a docstring that says the module's one job"
