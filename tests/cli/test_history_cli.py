"""``boranegui history add|search``: store run files, search them, as JSON for scripts (both back ends)."""

from __future__ import annotations

import json

from boranegui.cli import main
from boranegui.core import run_record
from tests.conftest import ROOT, run_cli

EXAMPLE = ROOT / "resources" / "examples" / "nordazepam-low-yield.borane.yaml"


def _search(capsys, location: str, *args: str) -> list[dict]:
    capsys.readouterr()
    assert main(["history", "search", "--json", "--history", location, *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_add_a_chain_and_search_it(history_location, tmp_path, capsys) -> None:
    assert main(["history", "add", str(EXAMPLE), "--history", history_location]) == 0
    out = capsys.readouterr().out
    first_id = out.split("stored as ")[1].split()[0]
    # The next attempt, as the app writes it: it follows batch 3 and says what changed.
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "operator: Example\n",
        f"operator: Example\nfollows:\n  run: {first_id}\n  changes:\n"
        "  - {parameter: acid_temp_c, before: 20, after: 66, cause: amine_borane_complex,"
        " action: acid_reflux_longer}\n",
    ).replace("title: Nordazepam lactam reduction, batch 3 (low yield)", "title: Batch 4").replace(
        "yield_percent: 35", "yield_percent: 78")
    run_record.loads(text)  # a valid run file
    second = tmp_path / "batch4.borane.yaml"
    second.write_text(text, encoding="utf-8")
    assert main(["history", "add", str(second), str(EXAMPLE), "--history", history_location]) == 0
    entries = _search(capsys, history_location)
    assert len(entries) == 2  # batch 3 added twice is stored once
    by_title = {e["title"]: e for e in entries}
    assert by_title["Batch 4"]["follows"] == first_id and by_title["Batch 4"]["changes"][0]["after"] == 66
    for e in entries:
        assert {"id", "title", "date", "smiles", "causes", "follows"} <= set(e)
    assert [e["title"] for e in _search(capsys, history_location, "--cause", "amine_borane_complex")] != []
    similar = _search(capsys, history_location, "--similar", "O=C1CN=C(c2ccccc2)c2ccccc2N1")
    assert len(similar) == 2 and all(0.3 <= e["similarity"] < 1 for e in similar)
    assert _search(capsys, history_location, "--user", "nobody") == []
    capsys.readouterr()
    assert main(["history", "search", "reflux", "--history", history_location]) == 0
    assert "Nordazepam" in capsys.readouterr().out  # the notes of batch 3 say 'reflux'


def test_bad_files_are_one_line_each_and_the_good_ones_are_stored(tmp_path, capsys) -> None:
    location = str(tmp_path / "h.sqlite3")
    bad = tmp_path / "bad.borane.yaml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace("equiv: 4.0", "equiv: lots"), encoding="utf-8")
    code = main(["history", "add", str(bad), str(tmp_path / "missing.yaml"), str(EXAMPLE), "--history", location])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 2
    assert err[0].startswith(f"{bad}:") and "reagent.equiv" in err[0]
    assert "missing.yaml" in err[1]
    assert len(_search(capsys, location)) == 1


def test_the_default_history_needs_no_server(tmp_path, monkeypatch) -> None:
    """The README's commands work on a PC without any database server: SQLite in the data folder."""
    monkeypatch.delenv("BORANEGUI_HISTORY", raising=False)
    home = tmp_path / "home"
    monkeypatch.setenv("BORANEGUI_HOME", str(home))
    done = run_cli("history", "add", str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    done = run_cli("history", "search", "--cause", "amine_borane_complex")
    assert done.returncode == 0 and "Nordazepam" in done.stdout
    assert (home / "history.sqlite3").exists()


def test_bad_search_options_exit_2_with_one_line(tmp_path, capsys) -> None:
    location = str(tmp_path / "h.sqlite3")
    assert main(["history", "search", "--since", "yesterday", "--history", location]) == 2
    assert capsys.readouterr().err.strip() == "--since: 'yesterday' is not a date such as 2026-11-20"
    assert main(["history", "search", "--similar", "C1CC(", "--history", location]) == 2
    assert "--similar" in capsys.readouterr().err


def test_a_history_that_cannot_be_used_is_one_line(tmp_path, capsys) -> None:
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database" * 300)
    assert main(["history", "search", "--history", str(garbage)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not a BoraneGUI history database" in err[0]


def test_the_app_takes_the_lab_history_from_the_command_line(monkeypatch) -> None:
    import os

    import boranegui.ui.app as app

    monkeypatch.setenv("BORANEGUI_HISTORY", "")  # restored after the test
    seen: list[str | None] = []
    monkeypatch.setattr(app, "run_app", lambda run, rules: seen.append(os.environ.get("BORANEGUI_HISTORY")) or 0)
    assert main(["--history", "postgresql://chemist@127.0.0.1/lab"]) == 0
    assert seen == ["postgresql://chemist@127.0.0.1/lab"]
    from boranegui.core.history import history_location

    assert history_location(None, "elsewhere.sqlite3") == "postgresql://chemist@127.0.0.1/lab"
    assert history_location("given.sqlite3") == "given.sqlite3"
