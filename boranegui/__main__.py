"""Allows ``python -m boranegui`` (and ``pythonw -m boranegui``, which has no console)."""

from boranegui.console import ensure_console_streams

ensure_console_streams()

from boranegui.cli import main  # noqa: E402

raise SystemExit(main())
