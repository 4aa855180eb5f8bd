"""The ``export-ord`` and ``import-ord`` sub-commands: runs to and from Open Reaction Database files.

Kept apart from :mod:`boranegui.cli`, which only registers them.  Everything heavy
(the run record, RDKit, ``ord-schema``) is imported when the command runs; without
the optional extra the command says in one line how to install it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

EXIT_OK, EXIT_FAILED = 0, 1
COMMANDS = ("export-ord", "import-ord")


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register both sub-commands on the ``boranegui`` parser."""
    p = sub.add_parser("export-ord", help="write runs (or their revised protocols) as an Open Reaction Database file")
    p.add_argument("runs", nargs="+", metavar="RUN.yaml")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="OUT.pb, OUT.pbtxt or OUT.json")
    p.add_argument("--planned", action="store_true",
                   help="export each run's revised protocol, as a reaction marked as planned")
    p.add_argument("--rules", metavar="FILE", help="with --planned: a lab's own rules file")
    p.add_argument("--email", metavar="ADDRESS", help="who created the records (ORD asks for an e-mail address)")
    p.add_argument("--warnings", action="store_true", help="list ORD's advice (validation warnings) too")

    p = sub.add_parser("import-ord", help="turn the borane lactam reductions of an ORD file into run files")
    p.add_argument("file", metavar="FILE", help="an ORD Dataset or Reaction: .pb, .pbtxt or .json")
    p.add_argument("-o", "--output-dir", default=".", metavar="DIR", help="where the run files go (default: here)")


def _export(args: argparse.Namespace) -> int:
    from boranegui.core import ord_io, run_record

    email = args.email or ord_io.DEFAULT_EMAIL
    runs = [(path, run_record.load(path)) for path in args.runs]
    if args.planned:
        from boranegui.core import diagnosis, protocol
        from boranegui.core.rules import load_rules

        rules = load_rules(args.rules)
        reactions = [(f"{path} (planned)",
                      ord_io.planned_reaction(run, protocol.plan(run, diagnosis.diagnose(run, rules)), email))
                     for path, run in runs]
        done = ord_io.write_reactions(reactions, args.output, f"BoraneGUI planned protocols ({len(reactions)})")
    else:
        done = ord_io.export_runs(runs, args.output, email)
    print(f"{done.path}: {done.reactions} reaction(s), valid ORD"
          + (f" ({len(done.warnings)} warning(s) of ORD's advice)" if done.warnings else ""))
    if args.warnings:
        for line in done.warnings:
            print(f"  {line}")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from boranegui.core import ord_io

    done = ord_io.import_file(args.file, args.output_dir)
    for path in done.written:
        print(f"wrote {path}")
    for line in done.refused:
        print(line, file=sys.stderr)
    return EXIT_OK if done.written else EXIT_FAILED


def _guarded(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from boranegui.core.ord_io import OrdUnavailable

        try:
            return handler(args)
        except OrdUnavailable as exc:
            print(f"boranegui: {exc}", file=sys.stderr)
            return EXIT_FAILED
    return run


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "export-ord": _guarded(_export),
    "import-ord": _guarded(_import),
}
