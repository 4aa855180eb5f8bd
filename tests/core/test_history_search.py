"""Search across the history: substrate similarity, cause, symptom, user and date (both back ends)."""

from __future__ import annotations

import pytest

from boranegui.core.history import History
from tests.core.history_helpers import entry

NORDAZEPAM = "O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1"
DIAZEPAM = "CN1C(=O)CN=C(c2ccccc2)c2cc(Cl)ccc21"
PYRROLIDINONE = "O=C1CCCN1"
CAPROLACTAM = "O=C1CCCCCN1"


def _fill(history: History) -> None:
    history.add(entry("nordazepam b3", NORDAZEPAM, operator="Ada", run_date="2026-11-20",
                      causes=("amine_borane_complex",), symptoms=("low_yield", "tlc_smear")))
    history.add(entry("diazepam b1", DIAZEPAM, operator="ada", run_date="2026-10-02",
                      causes=("borate_gel",), symptoms=("gel_formation",)))
    history.add(entry("pyrrolidinone", PYRROLIDINONE, operator="Ben", run_date="2026-09-15",
                      causes=("reagent_degraded",), symptoms=("incomplete_reduction",)))
    history.add(entry("caprolactam", CAPROLACTAM, operator="Ben", saved_at="2026-08-01T09:00:00",
                      causes=("reagent_degraded",), symptoms=("low_yield",)))


def test_runs_on_molecules_like_this_one_come_most_similar_first(history_location) -> None:
    with History(history_location) as history:
        _fill(history)
        found = history.search(similar=NORDAZEPAM)
        assert [e.title for e in found][:2] == ["nordazepam b3", "diazepam b1"]
        assert found[0].similarity == pytest.approx(1.0)
        assert 0.3 <= (found[1].similarity or 0) < 1.0
        assert "pyrrolidinone" not in [e.title for e in found]  # below the similarity floor
        small = history.search(similar=PYRROLIDINONE, min_similarity=0.0)
        assert small[0].title == "pyrrolidinone" and len(small) == 4
        # Similarity combines with the other filters.
        assert [e.title for e in history.search(similar=NORDAZEPAM, cause="borate_gel")] == ["diazepam b1"]
        with pytest.raises(ValueError, match="not a structure"):
            history.search(similar="C1CC(")


def test_search_by_user_date_cause_symptom_and_text(history_location) -> None:
    with History(history_location) as history:
        _fill(history)

        def titles(**kw) -> list[str]:
            return sorted(e.title for e in history.search(**kw))

        assert titles(user="ADA") == ["diazepam b1", "nordazepam b3"]  # case does not matter
        assert titles(since="2026-10-01") == ["diazepam b1", "nordazepam b3"]
        assert titles(until="2026-09-15") == ["caprolactam", "pyrrolidinone"]  # the stored day when no date
        assert titles(since="2026-09-01", until="2026-10-31") == ["diazepam b1", "pyrrolidinone"]
        assert titles(cause="reagent_degraded", symptom="low_yield") == ["caprolactam"]
        assert titles(text="NORDAZEPAM") == ["nordazepam b3"]  # case-insensitive on both databases
        assert titles(text="borate gel") == ["diazepam b1"]  # a cause title


def test_json_shape_for_scripts(history_location) -> None:
    with History(history_location) as history:
        history.add(entry("a1", yield_percent=30, run_date="2026-11-02"))
        data = history.search()[0].to_json()
    assert {"id", "title", "date", "smiles", "causes", "follows"} <= set(data)
    assert data["id"] == "a1" and data["date"] == "2026-11-02" and data["follows"] is None
    assert data["causes"][0]["id"] == "amine_borane_complex"
