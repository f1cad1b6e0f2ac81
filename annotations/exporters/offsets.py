"""Offsets in the units other tools count: UTF-16 code units, and grapheme clusters.

Ours are code points (Python string indices). JavaScript, and so doccano's and many web tools'
front ends, index strings in UTF-16 code units, where a character beyond U+FFFF (most emoji,
rarer Chinese characters) counts two; a grapheme cluster is what a reader sees as one character
(a letter and its accents, a flag, a family emoji of seven code points).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import regex

_CLUSTER = regex.compile(r"\X")
_SIMPLE = re.compile(r"[\x00-\x0c\x0e-\u02ff]")
"""Characters that are never part of a longer cluster: below U+0300 there are no combining
marks, joiners, regional indicators or prepended signs, and CR is left out (CR LF is one)."""


def cluster_edge(text: str, offset: int, *, after: bool) -> int:
    """`offset` if it lies between two grapheme clusters of `text`, else the start (or with
    `after`, the end) of the cluster it falls inside."""
    if offset <= 0 or offset >= len(text):
        return offset
    if _SIMPLE.match(text, offset - 1) and _SIMPLE.match(text, offset):
        return offset
    # Count clusters from a point known to be a break: a line start, or failing that 256
    # characters back (far more than any real cluster; a run of flags longer than that is the
    # one case where this can pair them the wrong way).
    start = max(text.rfind("\n", 0, offset) + 1, offset - 256)
    for match in _CLUSTER.finditer(text, start):
        if match.end() >= offset:
            if match.start() == offset or match.end() == offset:
                return offset
            return match.end() if after else match.start()
    return offset


def utf16_offsets(text: str, offsets: Iterable[int]) -> dict[int, int]:
    """Each code point offset into `text` as a UTF-16 code unit offset."""
    converted: dict[int, int] = {}
    previous = units = 0
    for offset in sorted(set(offsets)):
        units += len(text[previous:offset].encode("utf-16-le")) // 2
        converted[offset] = units
        previous = offset
    return converted


def grapheme_offsets(text: str, offsets: Iterable[int]) -> dict[tuple[int, bool], int]:
    """Each code point offset into `text`, as a start (False) and as an end (True), as a count
    of grapheme clusters: an offset inside a cluster counts it as a start, and not as an end,
    so that a span holds the whole cluster."""
    wanted = sorted(set(offsets))
    converted: dict[tuple[int, bool], int] = {}
    if not wanted:
        return converted
    index = 0
    clusters = 0
    for match in _CLUSTER.finditer(text):
        if index == len(wanted):
            break
        while index < len(wanted) and wanted[index] < match.end():
            offset = wanted[index]
            inside = offset != match.start()
            converted[(offset, False)] = clusters
            converted[(offset, True)] = clusters + inside
            index += 1
        clusters += 1
    for offset in wanted[index:]:
        converted[(offset, False)] = converted[(offset, True)] = clusters
    return converted



def code_points_from(text: str, unit: str, offsets: Iterable[int]) -> dict[int, int]:
    """Offsets counted in `unit` (`utf16`, `codepoints` or `graphemes`) as code point offsets
    into `text`: the inverse of the conversions above, for reading what other tools wrote.

    Raises:
        ValueError: an offset is past the end, or falls inside a UTF-16 surrogate pair.
    """
    boundaries: list[int | None]
    if unit == "codepoints":
        boundaries = list(range(len(text) + 1))
    elif unit == "utf16":
        boundaries = []
        for index, character in enumerate(text):
            boundaries.append(index)
            if ord(character) > 0xFFFF:
                boundaries.append(None)  # inside a surrogate pair: no code point starts here
        boundaries.append(len(text))
    elif unit == "graphemes":
        boundaries = [match.start() for match in _CLUSTER.finditer(text)] + [len(text)]
    else:
        raise ValueError(f"unknown offset unit {unit!r}")
    converted: dict[int, int] = {}
    for offset in set(offsets):
        found = boundaries[offset] if 0 <= offset < len(boundaries) else None
        if found is None:
            raise ValueError(f"offset {offset} is not a {unit} boundary of the text")
        converted[offset] = found
    return converted
