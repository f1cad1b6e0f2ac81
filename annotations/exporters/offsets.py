"""Grapheme clusters: what a reader sees as one character (a letter and its accents, a flag, a
family emoji of seven code points), where ours are code points (Python string indices).
"""

from __future__ import annotations

import re

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
