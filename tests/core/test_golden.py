"""The CLI's JSON for every run under tests/data is what tests/golden kept (regenerate on purpose only)."""

from __future__ import annotations

import json

import pytest

from tests.golden import answers, path_for, runs


@pytest.mark.parametrize("run", runs(), ids=lambda p: p.name)
def test_answers_are_the_kept_ones(run) -> None:
    kept = path_for(run)
    assert kept.exists(), f"no kept answers for {run.name}: run `python -m tests.golden`"
    now = json.loads(json.dumps(answers(run), ensure_ascii=False, sort_keys=True))
    assert now == json.loads(kept.read_text(encoding="utf-8")), (
        f"{run.name}: the answers changed; if on purpose, run `python -m tests.golden` and review the diff")


def test_every_kept_file_has_its_run() -> None:
    from tests.golden import HERE

    names = {path_for(r).name for r in runs()}
    assert {p.name for p in HERE.glob("*.json")} <= names
