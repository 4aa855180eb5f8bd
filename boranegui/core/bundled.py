"""Where the shipped rules.yaml and resources/ are, in every way the app is installed.

A wheel carries them under ``boranegui/_data`` (hatch force-include), a PyInstaller
bundle collects them to the same place, and an editable install or a plain checkout
has them at the top of the source tree, next to the package.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_root() -> Path:
    """The folder that holds ``rules.yaml`` and ``resources/``."""
    packaged = Path(str(resources.files("boranegui"))) / "_data"
    if (packaged / "rules.yaml").is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "rules.yaml").is_file():
        return checkout
    raise FileNotFoundError(
        "the shipped rules.yaml was not found (looked in "
        f"{packaged} and {checkout}); the installation is incomplete"
    )


def rules_path() -> Path:
    """The shipped default rules file."""
    return data_root() / "rules.yaml"


def resource(*parts: str) -> Path:
    """A file under the shipped ``resources/`` folder."""
    return data_root().joinpath("resources", *parts)


def example_run_path() -> Path:
    """The worked example of a failed run that the app opens on first start."""
    return resource("examples", "nordazepam-low-yield.borane.yaml")
