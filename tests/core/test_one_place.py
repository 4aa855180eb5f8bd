"""Each fact in one place: a label, a note value, a SMARTS or a citation is written once, in its
table, and every view reads it from there (issue: "Pd/C in MeOH", "Pd/C in methanol" and
"Pd/C-catalysed methanolysis" for one choice; two tables of the note's values that disagreed)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from boranegui.core import groups, note_values, run_fields, sources

PACKAGE = Path(groups.__file__).resolve().parents[1]
RULES = PACKAGE.parent / "rules.yaml"


def _literals() -> dict[str, list[str]]:
    """Every string constant in the package's code, with the modules it is written in."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = str(path.relative_to(PACKAGE.parent))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.setdefault(node.value, []).append(module)
    return found


LITERALS = _literals()


def _facts() -> list[tuple[str, str, str]]:
    """(kind, text, the module that owns it) for the tables' facts worth a grep: long enough
    that a second copy cannot be a coincidence."""
    facts: list[tuple[str, str, str]] = []
    owner = {
        "choice label": ("boranegui/core/run_fields.py", run_fields.CHOICE_LABELS.values()),
        "field label": ("boranegui/core/run_fields.py", (s.label for s in run_fields.FIELDS.values())),
        "symptom": ("boranegui/core/run_fields.py", (w for pair in run_fields.SYMPTOMS.values() for w in pair)),
        "group label": ("boranegui/core/groups.py", (g.label for g in groups.GROUPS)),
        "SMARTS": ("boranegui/core/groups.py", (g.smarts for g in groups.GROUPS)),
        "citation": ("boranegui/core/sources.py", sources.SOURCES.values()),
        "note value source": ("boranegui/core/note_values.py", (v.source for v in note_values.NOTE_VALUES.values())),
    }
    for kind, (module, texts) in owner.items():
        facts += [(kind, text, module) for text in dict.fromkeys(texts) if len(text) >= 14]
    return facts


@pytest.mark.parametrize(("kind", "text", "module"), _facts(), ids=lambda v: str(v)[:40])
def test_each_fact_is_written_once_in_its_table(kind: str, text: str, module: str) -> None:
    elsewhere = [m for m in LITERALS.get(text, []) if m != module]
    assert not elsewhere, f"the {kind} {text!r} is also written in {elsewhere}"
    # and never copied, a quoted sentence at a time, into the shipped rules
    if kind == "citation":
        assert text not in RULES.read_text(encoding="utf-8")


def test_the_wizard_and_the_protocol_read_one_table_of_the_notes_values() -> None:
    from boranegui.core.draft import RunDraft
    from boranegui.core.protocol.base import NOTE_VALUES, PARAM_FIELDS

    draft = RunDraft()
    for param, path in PARAM_FIELDS.items():
        if path in note_values.NOTE_VALUES:
            assert NOTE_VALUES[param][0] == draft.note_value(path), param
