"""The ``boranegui`` command: the GUI by default, and headless sub-commands over the same core.

Bad input never shows a traceback: exit code 2 and one located line per problem on
stderr.  Heavy modules (RDKit, Qt) are imported only by the command that needs them,
so ``--version`` and ``--help`` are instant.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from boranegui import __version__, cli_ord

if TYPE_CHECKING:
    from boranegui.core.rules import RuleSet

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
SUBCOMMANDS = ("substrate", "diagnose", "protocol", "rules", "history", *cli_ord.COMMANDS)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="boranegui",
        description="Troubleshoot borane reductions of lactams. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"boranegui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("substrate", help="analyse a substrate: formula, MW, lactams, groups, warnings")
    p.add_argument("structure", metavar="SMILES", help="SMILES, a .mol/.sdf file, or - to read a MOL block from stdin")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("diagnose", help="rank the causes of a failed run")
    p.add_argument("run", metavar="RUN.yaml")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--rules", metavar="FILE", help="a lab's own rules file instead of the shipped one")

    p = sub.add_parser("protocol", help="the revised, scaled protocol for the next attempt")
    p.add_argument("run", metavar="RUN.yaml")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--pdf", metavar="OUT.pdf", help="also write the printable protocol as PDF")
    p.add_argument("--rules", metavar="FILE", help="a lab's own rules file instead of the shipped one")

    p = sub.add_parser("rules", help="work with rules files")
    rsub = p.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    c = rsub.add_parser("check", help="validate a rules file (default: the shipped one)")
    c.add_argument("file", nargs="?", metavar="FILE")

    from boranegui import history_cli

    history_cli.add_parser(sub)
    cli_ord.add_parsers(sub)
    return parser


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="boranegui", add_help=False)
    parser.add_argument("run", nargs="?", metavar="RUN.yaml")
    parser.add_argument("--rules", metavar="FILE")
    parser.add_argument("--self-test", action="store_true")
    parser.add_argument("--history", metavar="URL")
    return parser


def _report(problems: Sequence[Any]) -> int:
    for problem in problems:
        print(str(problem), file=sys.stderr)
    return EXIT_BAD_INPUT


def _print(data: Any, as_json: bool, text: Callable[[Any], str]) -> None:
    if as_json:
        print(json.dumps(data.to_json() if hasattr(data, "to_json") else data, indent=2, ensure_ascii=False))
    else:
        print(text(data))


def _cmd_substrate(args: argparse.Namespace) -> int:
    from boranegui.core import substrate

    text = substrate.read_structure_arg(args.structure)
    try:
        analysis = substrate.analyse(text)
    except ValueError as exc:  # name the file or stdin the structure came from, as for run files
        if text is args.structure:
            raise
        return _report([f"{'<stdin>' if args.structure == '-' else args.structure}: {exc}"])
    _print(analysis, args.json, substrate.format_text)
    return EXIT_OK


def _load_rules(path: str | None) -> RuleSet:
    from boranegui.core.rules import load_rules

    return load_rules(path)


def _cmd_diagnose(args: argparse.Namespace) -> int:
    from boranegui.core import diagnosis, run_record

    run = run_record.load(args.run)
    _print(diagnosis.diagnose(run, _load_rules(args.rules)), args.json, diagnosis.format_text)
    return EXIT_OK


def _cmd_protocol(args: argparse.Namespace) -> int:
    from boranegui.core import protocol, run_record
    from boranegui.core.pipeline import assess

    found = assess(run_record.load(args.run), _load_rules(args.rules))  # analysed and diagnosed once
    if args.pdf:
        from boranegui.report.export import export_pdf_headless

        export_pdf_headless(found.run, found.revised, args.pdf, run_path=args.run, rules_path=args.rules,
                            diagnosis=found.diagnosis, substrate=found.substrate)
    _print(found.revised, args.json, protocol.format_text)
    return EXIT_OK


def _cmd_rules(args: argparse.Namespace) -> int:
    from boranegui.core import bundled

    path = args.file or str(bundled.rules_path())
    rules = _load_rules(path)
    print(f"{path}: valid ({rules.summary()})")
    return EXIT_OK


def _cmd_history(args: argparse.Namespace) -> int:
    from boranegui import history_cli

    return history_cli.run(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``boranegui`` and ``python -m boranegui``."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if (args_list and args_list[0] in SUBCOMMANDS) or any(a in ("-h", "--help", "--version") for a in args_list):
        from boranegui.core.yamlio import InputError  # PyYAML is kept off the GUI's start-up path

        args = _parser().parse_args(args_list)
        handler = {"substrate": _cmd_substrate, "diagnose": _cmd_diagnose,
                   "protocol": _cmd_protocol, "rules": _cmd_rules, "history": _cmd_history,
                   **cli_ord.HANDLERS}[args.command]
        try:
            return handler(args)
        except InputError as exc:
            return _report(exc.problems)
        except OSError as exc:
            return _report([f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")])
        except ValueError as exc:
            return _report([str(exc)])
        except KeyboardInterrupt:
            return EXIT_FAILED
        except Exception as exc:  # never a traceback on the command line
            print(f"boranegui: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
            return EXIT_FAILED
    gui_args, unknown = _gui_parser().parse_known_args(args_list)
    if unknown:
        _parser().parse_args(args_list)  # prints usage and exits 2
    if gui_args.self_test:
        from boranegui.selftest import run_self_test

        return run_self_test()
    if gui_args.history:  # the lab's history for this session, as $BORANEGUI_HISTORY would say
        import os

        os.environ["BORANEGUI_HISTORY"] = gui_args.history
    from boranegui.ui.app import run_app

    return run_app(gui_args.run, gui_args.rules)
