"""Text as the screen shows it: control characters turned into visible symbols.

Article text, titles, authors, notes and file names reach the terminal through `visible()`, so
an escape sequence or a bidi override in an article can never restyle or garble the screen.
Each character maps to exactly one character, so offsets into the original text stay valid in
the visible one. Rich markup needs no escaping here because the app never parses article text
as markup (it builds `Segment`s and `Content` from plain strings).
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL_BUT_NEWLINE = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _symbol(character: str) -> str:
    code = ord(character)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures": ␛ for ESC, ␉ for tab
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls and bidi overrides: �


def visible_json(data: bytes) -> bytes:
    """JSON (from orjson) that means the same, with each character `visible()` would replace
    written as a `\\uXXXX` escape instead: orjson escapes only C0 controls, and a C1 CSI or
    a bidi override in a name would otherwise reach the terminal raw. The data is kept
    exactly, so a program that reads the JSON gets the same strings.
    """
    text = data.decode("utf-8")
    if _CONTROL_BUT_NEWLINE.search(text) is None:
        return data
    escaped = _CONTROL_BUT_NEWLINE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
    return escaped.encode("utf-8")


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every control or bidi-override character replaced by a visible symbol.

    Args:
        text: Any text.
        keep_newlines: Leave newlines as they are (for a whole article, whose blocks are
            separated by blank lines that are never drawn).
    """
    pattern = _CONTROL_BUT_NEWLINE if keep_newlines else _CONTROL
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda match: _symbol(match.group()), text)


class VisibleText:
    """`visible(text, keep_newlines=True)` worked out a piece at a time, as it is read.

    An article's text is checked for control characters where it is drawn or wrapped, not
    all at once before the first frame (a 20 MB article's check took 70 ms). Each piece of
    `PIECE` characters is searched once; a slice of a clean piece is the text's own, and a
    slice that touches a piece holding controls is made visible as it is taken. Since every
    character maps to exactly one, offsets index this as they index the text.

    Args:
        text: The text (an article's, with its blank lines between blocks).
    """

    PIECE = 1 << 16
    """Characters searched at a time."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._state = bytearray(-(-len(text) // self.PIECE))
        """Of each piece: 0 not searched yet, 1 clean, 2 holding a character to replace."""

    def __len__(self) -> int:
        return len(self.text)

    def _clean(self, start: int, end: int) -> bool:
        """Whether `text[start:end]` (not empty) holds nothing `visible` replaces."""
        clean = True
        state, size = self._state, self.PIECE
        for piece in range(start // size, (end - 1) // size + 1):
            if not state[piece]:
                found = _CONTROL_BUT_NEWLINE.search(self.text, piece * size, (piece + 1) * size)
                state[piece] = 1 if found is None else 2
            clean = clean and state[piece] == 1
        return clean

    def __getitem__(self, key: int | slice) -> str:
        if isinstance(key, int):
            character = self.text[key]  # IndexError as a str raises it
            offset = key % len(self.text)
            if self._clean(offset, offset + 1):
                return character
            return visible(character, keep_newlines=True)
        start, end, step = key.indices(len(self.text))
        if step != 1:
            raise ValueError("VisibleText takes slices with no step")
        part = self.text[start:end]
        if start >= end or self._clean(start, end):
            return part
        return visible(part, keep_newlines=True)


Shown = str | VisibleText
"""Text as the screen shows it: made visible whole (`visible`) or as it is read."""
