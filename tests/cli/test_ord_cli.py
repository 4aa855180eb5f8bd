"""``boranegui export-ord`` and ``import-ord``: ORD files from and to run files on the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from boranegui import cli
from boranegui.core import ord_io
from tests.conftest import DATA, cli_env, run_cli

RUN = DATA / "wet-thf.borane.yaml"


def test_export_then_import(tmp_path: Path) -> None:
    out = tmp_path / "runs.pbtxt"
    done = run_cli("export-ord", str(RUN), str(DATA / "clean-run.borane.yaml"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{out}: 2 reaction(s), valid ORD")
    back = run_cli("import-ord", str(out), "-o", str(tmp_path / "in"))
    assert back.returncode == 0, back.stderr
    assert back.stdout.count("wrote ") == 2 and back.stderr == ""


def test_export_planned(tmp_path: Path) -> None:
    out = tmp_path / "next.json"
    done = run_cli("export-ord", str(RUN), "--planned", "-o", str(out), "--email", "chemist@example.org")
    assert done.returncode == 0, done.stderr
    [(_, reaction)] = ord_io.read_reactions(out)
    assert reaction.provenance.reaction_metadata["boranegui:status"].string_value == "planned"
    assert reaction.provenance.record_created.person.email == "chemist@example.org"


def test_import_of_the_hand_written_dataset_refuses_in_one_line_each(tmp_path: Path) -> None:
    done = run_cli("import-ord", str(DATA / "ord" / "lactam-reductions.pbtxt"), "-o", str(tmp_path))
    assert done.returncode == 0
    assert done.stdout.count("wrote ") == 3
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 3 and all(": refused: " in line for line in lines)


def test_nothing_to_import_is_a_failure(tmp_path: Path) -> None:
    only_lah = tmp_path / "lah.pbtxt"
    text = (DATA / "ord" / "lactam-reductions.pbtxt").read_text(encoding="utf-8")
    start = text.index('reactions {\n  reaction_id: "ord-example-lah-04"')
    end = text.index('reactions {\n  reaction_id: "ord-example-suzuki-05"')
    only_lah.write_text(text[start:end].replace("reactions {", "", 1).rsplit("}", 1)[0], encoding="utf-8")
    done = run_cli("import-ord", str(only_lah), "-o", str(tmp_path))
    assert done.returncode == 1
    assert done.stderr.strip().endswith("no borane reagent (BH3·THF, BH3·SMe2, NaBH4 + I2 or NaBH4 + BF3·OEt2) "
                                        "among its inputs: not a borane reduction")


@pytest.mark.parametrize(("args", "said"), [
    (["export-ord", str(RUN), "-o", "out.txt"], "an ORD file ends in .pb"),
    (["export-ord", str(DATA / "no-such-run.yaml"), "-o", "out.pb"], "no-such-run.yaml"),
    (["import-ord", str(DATA / "clean-run.borane.yaml")], "an ORD file ends in .pb"),
])
def test_bad_input_is_exit_2_and_one_line(tmp_path: Path, args: list[str], said: str) -> None:
    done = run_cli(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert said in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_without_the_extra_one_line_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(ord_io, "available", lambda: False)
    assert cli.main(["export-ord", str(RUN), "-o", str(tmp_path / "x.pb")]) == 1
    err = capsys.readouterr().err.strip()
    assert err == 'boranegui: Open Reaction Database files need the ord extra: pip install "boranegui[ord]"'


def test_nothing_from_ord_schema_loads_at_start() -> None:
    """The app's start-up modules and the ORD modules themselves import neither ord_schema nor pandas."""
    code = (
        "import sys\n"
        "import boranegui.cli, boranegui.cli_ord, boranegui.ui.app, boranegui.ui.main_window\n"
        "import boranegui.core.ord_io, boranegui.core.ord_map, boranegui.ui.ord_export\n"
        "heavy = ('ord_schema', 'pandas', 'pyarrow', 'google.protobuf')\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(heavy))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env(), check=True)
    assert out.stdout.strip() == ""
