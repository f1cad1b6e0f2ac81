"""Where the bundled sample articles are: in a checkout, or inside the installed package."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def sample_articles_dir() -> Path:
    """The folder of sample articles opened when no path is given."""
    checkout = _PACKAGE.parent / "sample_articles"
    if checkout.is_dir():
        return checkout
    return _PACKAGE / "sample_articles"
