"""Allows ``python -m boranegui``."""

from boranegui.cli import main

raise SystemExit(main())
