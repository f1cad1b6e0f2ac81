"""Agreement figures against values worked out by hand."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.agreement import (
    NO_LABEL,
    OVERALL,
    cohen_kappa,
    compare,
    exact_f1,
    krippendorff_alpha,
    load_works,
    overlap_f1,
    token_codes,
)
from annotations.exporters.conll import TOKEN
from annotations.model import Annotation
from benchmarks.agreement import team_works, write_db
from benchmarks.generate import articles_folder

TEXT = "a b c d e f g h i j"  # ten one-letter tokens; token k starts at 2k


def span(label: str, first: int, last: int, who: str = "x", number: int = 0) -> Annotation:
    start, end = 2 * first, 2 * last + 1
    return Annotation(id=f"{who}{number}{label}{first}", article_id="t", label=label,
                      start=start, end=end, text=TEXT[start:end], annotator=who)


A = [span("claim", 0, 1, "ana"), span("figure", 4, 4, "ana")]
B = [span("claim", 0, 1, "bo"), span("figure", 5, 5, "bo")]


def test_token_codes() -> None:
    claim, figure = frozenset({"claim"}), frozenset({"figure"})
    assert token_codes(TEXT, A) == [claim, claim, NO_LABEL, NO_LABEL, figure] + [NO_LABEL] * 5
    nested = [span("claim", 0, 4), span("figure", 2, 3), span("figure", 3, 5)]
    assert token_codes(TEXT, nested)[1:7] == [
        claim, claim | figure, claim | figure, claim | figure, figure, NO_LABEL,
    ]


@given(st.lists(st.tuples(st.sampled_from(["claim", "figure", "opinion"]),
                          st.integers(0, 18), st.integers(1, 19), st.booleans()), max_size=12))
def test_token_codes_are_each_tokens_covering_labels(spans: list) -> None:
    """Any spans, nested, overlapping, repeated, between tokens or orphaned: a token's code is
    the labels of the spans sharing a character with it, worked out here token by token."""
    made = [Annotation(id=f"s{n}", article_id="t", label=label, start=min(a, b - 1),
                       end=max(a + 1, b), text="", orphan=orphan)
            for n, (label, a, b, orphan) in enumerate(spans)]
    tokens = [match.span() for match in TOKEN.finditer(TEXT)]
    expected = [frozenset(a.label for a in made if not a.orphan and a.start < end
                          and start < a.end) for start, end in tokens]
    assert token_codes(TEXT, made) == expected


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



def test_a_figure_inside_a_claim_is_agreement_on_the_figure() -> None:
    # ana marks tokens 0-4 as a claim and token 2 inside it as a figure; bo marks only the figure
    ana = [span("claim", 0, 4, "ana"), span("figure", 2, 2, "ana")]
    bo = [span("figure", 2, 2, "bo")]
    [pair] = compare({"t": TEXT}, {"ana": {"t": ana}, "bo": {"t": bo}}).pairs
    # figure, 2x2 over ten tokens:   bo in  bo out
    #                       ana in     1      0
    #                       ana out    0      9
    # observed 10/10; chance (1·1 + 9·9)/100 = 0.82; kappa (1 - 0.82)/(1 - 0.82) = 1
    # (coded one label a token, token 2 was "claim" for ana, and figure's kappa came out 0)
    assert pair.total["figure"].kappa == 1.0
    # claim:                         bo in  bo out
    #                       ana in     0      5
    #                       ana out    0      5
    # observed 5/10; chance (5·0 + 5·10)/100 = 0.5; kappa 0/0.5 = 0
    assert pair.total["claim"].kappa == 0.0
    # overall, each token's set of labels: tokens 0,1,3,4 {claim} vs {}, token 2 {claim, figure}
    # vs {figure}, tokens 5-9 {} vs {}: observed 5/10. Sets given: ana {claim} 4,
    # {claim, figure} 1, {} 5; bo {figure} 1, {} 9; chance only on {}: 5·9/100 = 0.45;
    # kappa (0.5 - 0.45)/(1 - 0.45) = 0.05/0.55
    assert pair.total[OVERALL].kappa == pytest.approx(0.05 / 0.55)


def test_nested_spans_partly_agreed_by_hand() -> None:
    # ana: claim 0-5 with a figure 2-3 inside; bo: claim 1-5 with a figure 3 inside
    ana = [span("claim", 0, 5, "ana"), span("figure", 2, 3, "ana")]
    bo = [span("claim", 1, 5, "bo"), span("figure", 3, 3, "bo")]
    [pair] = compare({"t": TEXT}, {"ana": {"t": ana}, "bo": {"t": bo}}).pairs
    # figure:        bo in  bo out      observed (1 + 8)/10 = 0.9
    #      ana in      1      1         chance 0.2·0.1 + 0.8·0.9 = 0.74
    #      ana out     0      8         kappa (0.9 - 0.74)/(1 - 0.74) = 0.16/0.26
    assert pair.total["figure"].kappa == pytest.approx(0.16 / 0.26)
    # claim:         bo in  bo out      observed (5 + 4)/10 = 0.9
    #      ana in      5      1         chance 0.6·0.5 + 0.4·0.5 = 0.5
    #      ana out     0      4         kappa (0.9 - 0.5)/(1 - 0.5) = 0.8
    assert pair.total["claim"].kappa == pytest.approx(0.8)
    # overall sets, token by token: 0 {c}/{} no, 1 {c}/{c}, 2 {c,f}/{c} no, 3 {c,f}/{c,f},
    # 4-5 {c}/{c}, 6-9 {}/{}: observed 8/10. ana: {} 4, {c} 4, {c,f} 2; bo: {} 5, {c} 4,
    # {c,f} 1; chance (4·5 + 4·4 + 2·1)/100 = 0.38; kappa (0.8 - 0.38)/(1 - 0.38) = 0.42/0.62
    assert pair.total[OVERALL].kappa == pytest.approx(0.42 / 0.62)
    # exact: the claims (0-5, 1-5) and the figures (2-3, 3) differ; each overlaps the other's
    assert pair.total[OVERALL].exact_f1 == 0.0 and pair.total[OVERALL].overlap_f1 == 1.0


def test_alpha_codes_each_label_from_its_own_spans() -> None:
    ana = [span("claim", 0, 4, "ana"), span("figure", 2, 2, "ana")]
    bo, cy = [span("figure", 2, 2, "bo")], [span("figure", 2, 2, "cy")]
    works = {"ana": {"t": ana}, "bo": {"t": bo}, "cy": {"t": cy}}
    alpha = compare({"t": TEXT}, works).alpha
    # all three mark token 2 a figure and nothing else one: no disagreement on figures
    assert alpha["figure"] == 1.0
    # claim: tokens 0-4 are units (in, out, out): ordered pairs in-out 2, out-in 2, out-out 2,
    # each weighted 1/(3-1), so per unit in-out 1, out-in 1, out-out 1; five units give 5, 5, 5.
    # Tokens 5-9 (out, out, out): six pairs at 1/2, so out-out 3 each, 15 more: out-out 20.
    # n_in = 5, n_out = 25, n = 30; disagreement observed 10, expected 2·5·25 = 250;
    # alpha = 1 - (30 - 1)·10/250
    assert alpha["claim"] == pytest.approx(1 - 29 * 10 / 250)


def reference_scores(text: str, a: list[tuple[str, int, int]], b: list[tuple[str, int, int]],
                     labels: list[str]) -> dict[str, tuple[float, float, float, int, int]]:
    """The measures by their definitions, the slow way agreement.py once took: every span
    against every other span, every token against every span."""

    def found(spans: list[tuple[str, int, int]], others: list[tuple[str, int, int]]) -> int:
        return sum(any(label == other and start < end2 and end > start2
                       for other, start2, end2 in others) for label, start, end in spans)

    def kappa(x: list[object], y: list[object]) -> float:
        count = len(x)
        observed = sum(p == q for p, q in zip(x, y, strict=True)) / count
        expected = sum(x.count(v) * y.count(v) for v in set(x)) / count**2
        if expected == 1.0:
            return 1.0 if observed == 1.0 else 0.0
        return (observed - expected) / (1 - expected)

    tokens = [m.span() for m in TOKEN.finditer(text)]
    codes_a, codes_b = ([frozenset(label for label, start, end in spans
                                   if start < token_end and end > token_start)
                         for token_start, token_end in tokens] for spans in (a, b))
    scores = {}
    for label in [*labels, OVERALL]:
        first = [s for s in a if label in (OVERALL, s[0])]
        second = [s for s in b if label in (OVERALL, s[0])]
        total = len(first) + len(second)
        exact = 2 * sum((Counter(first) & Counter(second)).values()) / total if total else 1.0
        if not first or not second:
            overlap = 1.0 if not first and not second else 0.0
        else:
            recall = found(first, second) / len(first)
            precision = found(second, first) / len(second)
            overlap = 2 * precision * recall / (precision + recall) if recall + precision else 0.0
        if label == OVERALL:
            agreement = kappa(codes_a, codes_b)  # type: ignore[arg-type]
        else:
            agreement = kappa([label in c for c in codes_a], [label in c for c in codes_b])
        scores[label] = (exact, overlap, agreement, len(first), len(second))
    return scores


def test_article_at_a_time_matches_the_definitions_on_a_generated_db(tmp_path: Path) -> None:
    # a team's DB as benchmarks/agreement.py makes it: random spans that overlap and nest,
    # each annotator missing, moving and relabelling some
    folder = articles_folder(tmp_path / "articles", 4)
    articles, made = team_works(folder, per_article=200, names=("ana", "bo", "cy"))
    db = write_db(tmp_path / "team.json", articles, made)
    loaded, works = load_works([db], ["ana", "bo", "cy"])
    texts = {article_id: article.text for article_id, article in loaded.items()}
    report = compare(texts, works)
    labels = ["claim", "figure", "opinion"]
    # the totals by definition: over the texts joined end to end, spans moved along
    joined = "\n\n".join(texts.values())
    moved: dict[str, list[tuple[str, int, int]]] = {name: [] for name in works}
    offset = 0
    for article_id, text in texts.items():
        for name, work in works.items():
            moved[name] += [(a.label, a.start + offset, a.end + offset) for a in work[article_id]]
        offset += len(text) + 2
    assert sum(len(spans) for spans in moved.values()) > 400
    for pair in report.pairs:
        expected = reference_scores(joined, moved[pair.first], moved[pair.second], labels)
        got = {label: (s.exact_f1, s.overlap_f1, s.kappa, *s.spans)
               for label, s in pair.total.items()}
        assert got == pytest.approx(expected)
        for article_id, by_label in pair.articles.items():
            first, second = ([(a.label, a.start, a.end) for a in works[name][article_id]]
                             for name in (pair.first, pair.second))
            expected = reference_scores(texts[article_id], first, second, labels)
            got = {label: (s.exact_f1, s.overlap_f1, s.kappa, *s.spans)
                   for label, s in by_label.items()}
            assert got == pytest.approx(expected)
    codings = [[frozenset(label for label, start, end in moved[name]
                          if start < token.end() and end > token.start())
                for token in TOKEN.finditer(joined)] for name in works]
    assert report.alpha[OVERALL] == pytest.approx(krippendorff_alpha(zip(*codings, strict=True)))
    for label in labels:
        binary = zip(*[[label in code for code in coding] for coding in codings], strict=True)
        assert report.alpha[label] == pytest.approx(krippendorff_alpha(binary))
