"""The ``boranegui history`` command: store diagnosed runs and search the lab's history, without a window.

``add`` diagnoses each run file as the app does and stores it (its id is derived from the
file's text, so adding a file twice stores it once); ``search`` prints matching runs, or
JSON for scripts.  The history is ``--history`` (a SQLite file or ``postgresql://`` URL),
else ``$BORANEGUI_HISTORY``, else the app's setting.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
LOCATION_HELP = "a SQLite file or postgresql://user@host/db (password from PGPASSWORD or ~/.pgpass)"


def add_parser(sub: Any) -> None:
    """Register ``history add`` and ``history search`` on the main parser's sub-commands."""
    p = sub.add_parser("history", help="store diagnosed runs in the history and search it")
    actions = p.add_subparsers(dest="history_command", metavar="ACTION", required=True)
    a = actions.add_parser("add", help="diagnose run files and store them in the history")
    a.add_argument("runs", nargs="+", metavar="RUN.yaml")
    a.add_argument("--history", metavar="URL", help=LOCATION_HELP)
    a.add_argument("--rules", metavar="FILE", help="a lab's own rules file instead of the shipped one")
    s = actions.add_parser("search", help="search the history (newest first, or most similar first)")
    s.add_argument("text", nargs="*", metavar="TEXT", help="words in the title, notes, substrate or causes")
    s.add_argument("--similar", metavar="SMILES", help="runs on molecules like this one (Morgan/Tanimoto)")
    s.add_argument("--min-similarity", type=float, default=0.3, metavar="T", help="Tanimoto floor (default 0.3)")
    s.add_argument("--cause", metavar="ID", help="runs where the engine named this cause")
    s.add_argument("--symptom", metavar="ID", help="runs showing this symptom")
    s.add_argument("--user", metavar="NAME", help="runs by this operator")
    s.add_argument("--since", metavar="DATE", help="runs on or after this date (2026-11-01)")
    s.add_argument("--until", metavar="DATE", help="runs on or before this date")
    s.add_argument("--limit", type=int, default=50, metavar="N", help="at most N runs (default 50)")
    s.add_argument("--json", action="store_true", help="print JSON: a list of entries")
    s.add_argument("--history", metavar="URL", help=LOCATION_HELP)


def run(args: argparse.Namespace) -> int:
    """Run ``history add`` or ``history search``; a history that cannot be used exits 1 with one line."""
    from boranegui.core.history import History, HistoryError, history_location

    try:
        with History(history_location(args.history)) as history:
            code = _add(args, history) if args.history_command == "add" else _search(args, history)
            if history.is_lab and history.pending():
                print(f"boranegui: {history.status}", file=sys.stderr)
            return code
    except HistoryError as exc:
        print(f"boranegui: {exc}", file=sys.stderr)
        return EXIT_FAILED


def _add(args: argparse.Namespace, history: Any) -> int:
    from boranegui.core import diagnosis, run_record
    from boranegui.core.history import entry_for
    from boranegui.core.rules import load_rules
    from boranegui.core.substrate import parse_structure
    from boranegui.core.yamlio import InputError, read_text

    rules = load_rules(args.rules)
    code = EXIT_OK
    for path in args.runs:
        try:
            text = read_text(path)
            run = run_record.loads(text, path)
        except InputError as exc:
            for problem in exc.problems:
                print(str(problem), file=sys.stderr)
            code = EXIT_BAD_INPUT
            continue
        except OSError as exc:
            print(f"{path}: {exc.strerror or exc}", file=sys.stderr)
            code = EXIT_BAD_INPUT
            continue
        from rdkit import Chem

        found = diagnosis.diagnose(run, rules)
        smiles = Chem.MolToSmiles(parse_structure(run.substrate.structure))
        key = history.add(entry_for(run, found, text, run_path=path, smiles=smiles))
        top = found.top.title if found.top else "no cause (no symptom seen)"
        print(f"{path}: stored as {key} (most likely: {top})")
    return code


def _date(option: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(f"{option}: {value!r} is not a date such as 2026-11-20") from None


def _search(args: argparse.Namespace, history: Any) -> int:
    entries = history.search(
        " ".join(args.text), args.symptom, args.cause, max(1, args.limit), user=args.user,
        since=_date("--since", args.since), until=_date("--until", args.until), similar=args.similar,
        min_similarity=args.min_similarity,
    )
    if args.json:
        print(json.dumps([e.to_json() for e in entries], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not entries:
        print("No runs match.")
    for e in entries:
        top = e.top_cause.title if e.top_cause else "no cause"
        similar = f"  similarity {e.similarity:.2f}" if e.similarity is not None else ""
        yld = f"  yield {e.yield_percent:g} %" if e.yield_percent is not None else ""
        follows = f"  follows {e.follows}" if e.follows else ""
        print(f"{e.date}  {e.title}  [{top}]{yld}{similar}{follows}  id {e.key}")
    return EXIT_OK
