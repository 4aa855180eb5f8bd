"""File > Export > Open Reaction Database writes the run and its planned next attempt, or says why not."""

from __future__ import annotations

from boranegui.core import ord_io, run_record


def _menu_texts(window) -> list[str]:
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    export = next(a.menu() for a in file_menu.actions() if a.text() == "E&xport")
    return [a.text() for a in export.actions()]


def test_the_menu_item_exports_the_run_and_the_planned_protocol(window, example_run_path, tmp_path) -> None:
    assert _menu_texts(window) == ["Open Reaction &Database…"]
    window.open_path(str(example_run_path))
    assert window.session.revised is not None
    out = tmp_path / "nordazepam.json"
    assert window.export_ord(str(out)), window.last_error
    (_, run), (_, planned) = ord_io.read_reactions(out)
    assert ord_io.reaction_run(run, "run").to_dict() == run_record.load(example_run_path).to_dict()
    assert planned.provenance.reaction_metadata["boranegui:status"].string_value == "planned"
    assert "revised protocol (planned)" in window.statusBar().currentMessage()


def test_without_the_extra_the_window_says_how_to_get_it(window, example_run_path, tmp_path, monkeypatch) -> None:
    window.open_path(str(example_run_path))
    monkeypatch.setattr(ord_io, "available", lambda: False)
    assert not window.export_ord(str(tmp_path / "x.pbtxt"))
    assert window.last_error.endswith('pip install "boranegui[ord]"')
    assert not (tmp_path / "x.pbtxt").exists()


def test_a_folder_that_does_not_exist_is_reported(window, example_run_path, tmp_path) -> None:
    window.open_path(str(example_run_path))
    assert not window.export_ord(str(tmp_path / "missing" / "x.pb"))
    assert window.last_error.startswith("The ORD file could not be written")
