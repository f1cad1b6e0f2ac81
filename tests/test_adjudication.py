"""The adjudication set `annotator merge` writes."""

from __future__ import annotations

from annotations.adjudication import merge_for_adjudication
from annotations.model import Article, Block
from tests.test_agreement import TEXT, A, B


def test_merge_keeps_agreement_and_marks_the_rest() -> None:
    article = Article("t", "a", "", TEXT, (Block("title", 0, len(TEXT)),))
    [(_, _, merged)] = merge_for_adjudication({"t": article}, {"ana": {"t": A}, "bo": {"t": B}})
    summary = [(a.label, a.text, a.annotator, a.review) for a in merged]
    assert summary == [
        ("claim", "a b", "ana+bo", False),
        ("figure", "e", "ana", True),
        ("figure", "f", "bo", True),
    ]
