"""Agreement figures against values worked out by hand."""

from __future__ import annotations

import pytest

from annotations.agreement import (
    OVERALL,
    cohen_kappa,
    compare,
    exact_f1,
    krippendorff_alpha,
    overlap_f1,
    token_labels,
)
from annotations.model import Annotation

TEXT = "a b c d e f g h i j"  # ten one-letter tokens; token k starts at 2k


def span(label: str, first: int, last: int, who: str = "x", number: int = 0) -> Annotation:
    start, end = 2 * first, 2 * last + 1
    return Annotation(id=f"{who}{number}{label}{first}", article_id="t", label=label,
                      start=start, end=end, text=TEXT[start:end], annotator=who)


A = [span("claim", 0, 1, "ana"), span("figure", 4, 4, "ana")]
B = [span("claim", 0, 1, "bo"), span("figure", 5, 5, "bo")]


def test_token_labels() -> None:
    assert token_labels(TEXT, A) == ["claim", "claim", "O", "O", "figure"] + ["O"] * 5


def test_pair_by_hand() -> None:
    # exact: one of two spans each matches: 2*1/(2+2)
    assert exact_f1([(a.label, a.start, a.end) for a in A],
                    [(b.label, b.start, b.end) for b in B]) == 0.5
    # overlap: the claims overlap, the figures do not: precision = recall = 1/2
    assert overlap_f1([(a.label, a.start, a.end) for a in A],
                      [(b.label, b.start, b.end) for b in B]) == 0.5
    # tokens agree on 8 of 10; chance: (2·2 + 1·1 + 7·7)/100 = 0.54; (0.8-0.54)/0.46
    report = compare({"t": TEXT}, {"ana": {"t": A}, "bo": {"t": B}})
    [pair] = report.pairs
    overall = pair.total[OVERALL]
    assert (overall.exact_f1, overall.overlap_f1) == (0.5, 0.5)
    assert overall.kappa == pytest.approx(0.26 / 0.46)
    assert pair.total["claim"].kappa == 1.0 and pair.total["claim"].exact_f1 == 1.0
    # figure or not: 8/10 agree, chance (1·1 + 9·9)/100 = 0.82: (0.8-0.82)/0.18
    assert pair.total["figure"].kappa == pytest.approx(-0.02 / 0.18)
    assert pair.total["figure"].exact_f1 == 0.0 and pair.articles["t"][OVERALL] == overall
    assert report.alpha == {}


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (["x", "x", "y", "y"], ["x", "x", "y", "y"], 1.0),
        (["x", "x", "y", "y"], ["y", "y", "x", "x"], -1.0),
        (["x", "x", "x", "y"], ["x", "x", "y", "y"], (0.75 - 0.5) / 0.5),
        (["x", "x"], ["x", "x"], 1.0),
    ],
)
def test_cohen_kappa(first, second, expected) -> None:
    assert cohen_kappa(first, second) == pytest.approx(expected)


def test_krippendorff_alpha_by_hand() -> None:
    # coincidences: aa 3+1, ab 1, ba 1, bb 3+2 → n_a 5, n_b 6, n 11;
    # alpha = 1 - (n-1)·(1+1) / (2·5·6) = 1 - 20/60
    units = [("a", "a", "a"), ("a", "b", "a"), ("b", "b", "b"), ("b", "b", None)]
    assert krippendorff_alpha(units) == pytest.approx(2 / 3)
    assert krippendorff_alpha([("a", "a"), ("b", "b")]) == 1.0


def test_three_annotators_get_alpha() -> None:
    C = [span("claim", 0, 1, "cy")]
    report = compare({"t": TEXT}, {"ana": {"t": A}, "bo": {"t": B}, "cy": {"t": C}})
    assert len(report.pairs) == 3
    assert set(report.alpha) == {OVERALL, "claim", "figure"}
    assert report.alpha["claim"] == 1.0 and report.alpha["figure"] < 0


def test_only_shared_articles_are_compared() -> None:
    report = compare({"t": TEXT, "u": TEXT}, {"ana": {"t": A, "u": []}, "bo": {"t": B}})
    assert report.articles == ("t",)

