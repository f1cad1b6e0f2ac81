"""Finding annotations again after the article's text changed."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from annotations.anchoring import Anchor, context, find_again, relocated, trim
from annotations.model import Annotation

TEXT = (
    "The council approved the budget on Tuesday. Officials put the cost at $8.5 million. "
    "Critics said the cost was too high. The mayor said the cost was fair."
)


def anchor_for(text: str, quote: str, occurrence: int = 0) -> Anchor:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    end = start + len(quote)
    return Anchor(start, end, quote, *context(text, start, end))


def found_text(anchor: Anchor, text: str) -> str | None:
    spot = find_again(anchor, text)
    return None if spot is None else text[spot[0] : spot[1]]


@pytest.mark.parametrize(
    ("quote", "edit", "expected"),
    [
        # unchanged text: same offsets
        ("$8.5 million", lambda t: t, "$8.5 million"),
        # text added before: moved by the same amount
        ("$8.5 million", lambda t: "BREAKING: " + t, "$8.5 million"),
        # a typo fixed inside the quote: found approximately, with the new spelling
        ("approved the budget on Tuesday", lambda t: t.replace("budget", "budgett"),
         "approved the budgett on Tuesday"),
        # the sentence holding it was deleted: not found
        ("$8.5 million", lambda t: t.replace("Officials put the cost at $8.5 million. ", ""), None),
        # a short quote that changed is not guessed at
        ("fair", lambda t: t.replace("fair", "fine"), None),
    ],
)
def test_find_again(quote, edit, expected) -> None:
    assert found_text(anchor_for(TEXT, quote), edit(TEXT)) == expected


def test_a_repeated_quote_is_told_apart_by_its_context() -> None:
    second = anchor_for(TEXT, "the cost was", occurrence=1)
    edited = "Update. " + TEXT.replace("Critics said", "Some critics said")
    spot = find_again(second, edited)
    assert spot is not None
    assert edited[spot[0] - len("The mayor said ") : spot[0]] == "The mayor said "


def test_moved_paragraphs_are_followed() -> None:
    first, second = "Alpha paragraph one.", "Beta paragraph two holds the figure 42%."
    old = f"{first}\n\n{second}"
    new = f"{second}\n\n{first}"
    spot = find_again(anchor_for(old, "figure 42%"), new)
    assert spot is not None and new[spot[0] : spot[1]] == "figure 42%"


words = st.lists(st.sampled_from(["alpha", "beta", "gamma", "delta", "42", "x,", "y."]),
                 min_size=5, max_size=60).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(text=words, data=st.data())
def test_a_quote_that_survives_an_edit_is_always_found(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    anchor = Anchor(start, end, quote, *context(text, start, end))
    where = data.draw(st.integers(0, len(text)))
    inserted = data.draw(st.sampled_from(["", "new words ", "—", "x" * 50]))
    cut = data.draw(st.integers(0, 20))
    edited = text[:where] + inserted + text[where + cut :]
    assume(quote in edited)
    spot = find_again(anchor, edited)
    assert spot is not None and edited[spot[0] : spot[1]] == quote
    copies = sum(edited.startswith(quote, i) for i in range(len(edited)))  # overlapping too
    if copies > 1:
        return  # which copy is meant is a guess; the copy found is still the quote
    # an edit wholly before or after the span moves it to exactly where it went
    if where + cut <= start:
        assert spot == (start + len(inserted) - cut, end + len(inserted) - cut)
    elif where >= end:
        assert spot == (start, end)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  claim  ", "claim"),
        ("\u3000東京の米価格\u3000", "東京の米価格"),  # ideographic spaces
        ("\u00a0ราคาข้าว\n", "ราคาข้าว"),  # a no-break space, a line break
        ("\tأسعار الأرز ", "أسعار الأرز"),  # the space inside stays
        ("e\u0301 ", "e\u0301"),  # a combining accent is not white space
        ("🌾", "🌾"),
        (" \n\u3000 ", ""),
    ],
)
def test_trim_drops_white_space_at_either_edge_only(text: str, expected: str) -> None:
    padded = "x" + text + "y"
    start, end = trim(padded, 1, 1 + len(text))
    assert padded[start:end] == expected and start <= end


def test_trim_leaves_the_text_around_the_span_alone() -> None:
    assert trim("a b c", 1, 4) == (2, 3)
    assert trim("a b c", 2, 2) == (2, 2)


def annotation_on(text: str, quote: str) -> Annotation:
    start = text.index(quote)
    end = start + len(quote)
    prefix, suffix = context(text, start, end)
    return Annotation("a", "t", "figure", start, end, quote, prefix=prefix, suffix=suffix)


def test_an_annotation_still_in_place_is_not_relocated() -> None:
    assert relocated(annotation_on(TEXT, "$8.5 million"), TEXT) is None


def test_a_moved_annotation_quotes_its_new_place() -> None:
    edited = "BREAKING: " + TEXT.replace("budget", "budgett")
    moved = relocated(annotation_on(TEXT, "approved the budget on Tuesday"), edited)
    assert moved is not None and not moved.orphan
    assert edited[moved.start : moved.end] == moved.text == "approved the budgett on Tuesday"
    assert (moved.prefix, moved.suffix) == context(edited, moved.start, moved.end)


def test_an_annotation_not_found_is_an_orphan_where_it_was() -> None:
    made = annotation_on(TEXT, "Critics said the cost was too high.")
    orphan = relocated(made, TEXT.replace("Critics said the cost was too high. ", ""))
    assert orphan is not None and orphan.orphan
    assert (orphan.start, orphan.end, orphan.text) == (made.start, made.end, made.text)


def test_a_same_length_edit_inside_the_quote_is_quoted_as_it_is_now() -> None:
    made = annotation_on(TEXT, "$8.5 million")
    edited = TEXT.replace("$8.5 million", "$8.6 million")
    moved = relocated(made, edited)
    assert moved is not None and not moved.orphan
    assert (moved.start, moved.end) == (made.start, made.end)
    assert moved.text == edited[moved.start : moved.end] == "$8.6 million"


def test_an_orphan_whose_text_comes_back_is_found_again() -> None:
    made = annotation_on(TEXT, "Critics said the cost was too high.")
    orphan = relocated(made, TEXT.replace("Critics said the cost was too high. ", ""))
    assert orphan is not None and orphan.orphan
    assert relocated(orphan, TEXT.replace("Critics", "Critics")) == made
    assert relocated(orphan, "Nothing of it here.") is None  # still an orphan, unchanged
