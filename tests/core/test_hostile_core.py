"""Issue 16 in the core: saves that never replace what a path points at, YAML 1.2 scalars, a
bounded rules walk, merged settings, cleaned-up temporary files."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from boranegui.core import atomic, diagnosis, preferences, run_record
from boranegui.core.atomic import SaveRefused, write_text_atomic
from boranegui.core.history import History, HistoryError
from boranegui.core.rules import loads_rules
from boranegui.core.yamlio import InputError, load_located
from tests.cli.test_hostile_inputs import _diamond_rules
from tests.core.test_run_record import MINIMAL

posix_only = pytest.mark.skipif(os.name != "posix", reason="symlinks, FIFOs and modes as on POSIX")


# 2. atomic saves
@posix_only
def test_a_save_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "run.borane.yaml"
    target.write_text(MINIMAL, encoding="utf-8")
    link = tmp_path / "run.borane.yaml"
    link.symlink_to(target)
    run_record.save(run_record.loads(MINIMAL.replace("scale_g: 2", "scale_g: 3")), link)
    assert link.is_symlink() and run_record.load(target).scale_g == 3


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "read-only", "hard link", "folder"])
def test_a_save_refuses_what_is_not_the_users_own_regular_file(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "out.pdf"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.write_text("old", encoding="utf-8")
        if kind == "read-only":
            path.chmod(0o444)
        else:
            os.link(path, tmp_path / "other-name.pdf")
    with pytest.raises(SaveRefused) as refused:
        write_text_atomic(path, "new")
    assert refused.value.strerror and refused.value.filename == str(path)
    if kind in ("read-only", "hard link"):
        assert path.read_text(encoding="utf-8") == "old"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_temporary_files_of_interrupted_saves_are_cleaned_on_the_next_save(tmp_path: Path) -> None:
    target = tmp_path / "run.borane.yaml"
    stale = tmp_path / ".run.borane.yaml.abcd1234.tmp"
    young = tmp_path / ".run.borane.yaml.efgh5678.tmp"  # another window may be writing it now
    other = tmp_path / ".notes.txt.abcd1234.tmp"
    for path in (stale, young, other):
        path.write_text("partial", encoding="utf-8")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    write_text_atomic(target, "saved")
    assert not stale.exists() and young.exists() and other.exists()


# 6. YAML 1.2 core scalars
@pytest.mark.parametrize(("text", "value"), [
    ("010", 10), ("0o17", 15), ("0x1F", 31), ("1e3", 1000.0), ("-.5", -0.5), ("No", "No"), ("yes", "yes"),
    ("1:30", "1:30"), ("1_000", "1_000"), ("true", True), ("~", None), ("2026-11-20", None),
])
def test_scalars_are_read_by_the_yaml_12_core_schema(text: str, value: object) -> None:
    got = load_located(f"v: {text}\n", "t.yaml").data["v"]
    if text == "2026-11-20":
        assert str(got) == "2026-11-20"
    else:
        assert got == value and type(got) is type(value)


def test_an_explicit_int_tag_on_a_sexagesimal_value_is_refused_with_its_line() -> None:
    with pytest.raises(InputError) as exc:
        load_located("a: 1\nb: !!int 1:30\n", "t.yaml")
    assert str(exc.value).startswith("t.yaml:2: b: not a valid !!int value")


def test_a_leading_zero_scale_is_ten_grams() -> None:
    assert run_record.loads(MINIMAL.replace("scale_g: 2", "scale_g: 010")).scale_g == 10


# 4. the rules walk is bounded
def test_the_walk_visits_a_shared_node_once_per_evidence_trail(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = loads_rules(_diamond_rules(9), "diamond.yaml")  # 2^9 times the plain tree: under the cap
    plain = loads_rules(_diamond_rules(0), "plain.yaml")
    run = run_record.loads(MINIMAL + "outcome:\n  symptoms: [low_yield]\n")
    calls = {"n": 0}
    real = diagnosis._answer

    def counted(*args, **kwargs):
        calls["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(diagnosis, "_answer", counted)
    expected = diagnosis.diagnose(run, plain)
    once = calls["n"]
    calls["n"] = 0
    found = diagnosis.diagnose(run, rules)
    assert calls["n"] == once  # not 512 times as many
    assert [c.id for c in found.causes] == [c.id for c in expected.causes]


# 10. two windows' settings
def test_two_windows_saving_settings_merge_instead_of_overwriting(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    preferences.save(preferences.Preferences(recent_files=("/runs/old.yaml",)), path)
    first, second = preferences.load(path), preferences.load(path)
    preferences.save(first.with_recent("/runs/a.yaml"), path, base=first)
    preferences.save(replace(second, page_size="Letter"), path, base=second)
    merged = preferences.load(path)
    assert merged.page_size == "Letter"
    assert merged.recent_files[:2] == (os.path.abspath("/runs/a.yaml"), "/runs/old.yaml")


@posix_only
def test_settings_that_are_a_fifo_do_not_hang_the_start(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    os.mkfifo(path)
    assert preferences.load(path) == preferences.Preferences()


# 9. a locked history fails fast
def test_a_locked_history_gives_up_within_its_timeout(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    holder = sqlite3.connect(db)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(HistoryError, match="locked"):
            History(db, lock_timeout=0.1)
    finally:
        holder.rollback()
        holder.close()


# 11. leftovers
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal is Linux")
def test_a_layout_worker_dies_with_a_killed_gui(tmp_path: Path) -> None:
    import subprocess
    import textwrap

    script = tmp_path / "parent.py"
    script.write_text(textwrap.dedent("""
        import multiprocessing, os, signal, sys, time
        from concurrent.futures import ProcessPoolExecutor
        from boranegui.ui.drawer import layout_job
        if __name__ == "__main__":
            pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=layout_job.die_with_parent, initargs=(os.getpid(),))
            pool.submit(time.sleep, 120)  # a layout that would run for minutes
            time.sleep(0.5)
            while not pool._processes:
                time.sleep(0.1)
            print(next(iter(pool._processes)), flush=True)
            time.sleep(3)  # the worker runs its initializer
            os.kill(os.getpid(), signal.SIGKILL)  # the GUI crashes
    """), encoding="utf-8")
    from tests.conftest import cli_env

    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=cli_env(), timeout=120)
    worker = int(out.stdout.split()[0])
    for _ in range(100):
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            break
        if Path(f"/proc/{worker}/stat").exists() and Path(f"/proc/{worker}/stat").read_text().split()[2] == "Z":
            break  # dead, waiting for init to reap it
        time.sleep(0.1)
    else:
        os.kill(worker, 9)
        pytest.fail("the layout worker outlived its killed parent")


def test_atomic_is_the_one_writer(tmp_path: Path) -> None:
    """yamlio's writers are atomic's (one place), so every caller gets the checks above."""
    from boranegui.core import yamlio

    assert yamlio.write_text_atomic is atomic.write_text_atomic
    assert yamlio.write_bytes_atomic is atomic.write_bytes_atomic


# found by the fuzz: recursion in the YAML build
@pytest.mark.parametrize(("value", "words"), [
    ("&a [*a, *a]", "refers to the value that contains it"),
    ("&a {b: *a}", "refers to the value that contains it"),
    ("[" * 500 + "]" * 500, "nested more than"),
])
def test_self_referencing_aliases_and_deep_nesting_are_refused_in_one_line(value: str, words: str) -> None:
    with pytest.raises(InputError) as exc:
        load_located(f"x: 1\na: {value}\n", "t.yaml")
    assert str(exc.value).startswith("t.yaml:2:") and words in str(exc.value)
