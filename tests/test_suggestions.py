"""The suggestion rules, case by case, and on the seed article's figures."""

from __future__ import annotations

import pytest

from annotations.model import Annotation
from annotations.parsing import parse_text
from annotations.suggestions import open_suggestions, suggest

LABELS = ("claim", "figure", "opinion")


def figures(sentence: str) -> list[str]:
    article = parse_text(f"Title\n{sentence}", "t.txt")
    return [article.text[s.start : s.end]
            for s in suggest(article, ["figures"], LABELS) if s.label == "figure"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("It involved over 10 billion yuan (approximately $1.4 billion) in losses.",
         ["over 10 billion yuan (approximately $1.4 billion)"]),
        ("Losses range between $20 billion and $40 billion.", ["$20 billion", "$40 billion"]),
        ("Prices rose 7 percent, then 2.5% more.", ["7 percent", "2.5%"]),
        ("The repatriation of over 5,500 criminal suspects.", ["over 5,500"]),
        ("It led to the seizure of 2,141 suspects.", ["2,141 suspects"]),
        ("Around 42,000 young people are eligible.", ["Around 42,000"]),
        ("The pilot received £12 million in grants.", ["£12 million"]),
        ("It produced 4.2 gigawatt-hours in winter.", ["4.2 gigawatt-hours"]),
        ("The briefing was on Monday, February 2, 2026, in Beijing.",
         ["Monday, February 2, 2026"]),
        ("Prices have doubled since 2021.", ["2021"]),
        ("They voted 31 to 19.", ["31 to 19"]),
        ("It uses six turbines at a depth of 40 metres.", ["six turbines", "40 metres"]),
        ("Two weeks before the harvest, a one-off transfer.", ["Two weeks"]),
        ("One of the ten largest firms.", []),
        ("Section headings are not numbers.", []),
    ],
)
def test_figures(sentence: str, expected: list[str]) -> None:
    assert figures(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "suggested"),
    [
        ("The ministry said it would act. The sky is blue.", ["The ministry said it would act."]),
        ("According to the report, losses rose.", ["According to the report, losses rose."]),
        ("UNODC estimates that losses reached $40 billion.",
         ["UNODC estimates that losses reached $40 billion."]),
        ("The groups reportedly involved 10 billion yuan.",
         ["The groups reportedly involved 10 billion yuan."]),
        ("Critics point out that costs rose.", ["Critics point out that costs rose."]),
        ("Ask the so-called experts.", []),
        ("Prices rose in March.", []),
    ],
)
def test_claims_are_attributed_sentences(sentence: str, suggested: list[str]) -> None:
    article = parse_text(f"Title\n{sentence}", "t.txt")
    found = [article.text[s.start : s.end]
             for s in suggest(article, ["claims"], LABELS) if s.label == "claim"]
    assert found == suggested


def test_opinions_only_in_comments() -> None:
    article = parse_text(
        "Title\nOfficials should act, the body says.\n2 Comments\nAnn\nThis is excellent work. "
        "It rained.\nBob\nNo view here.", "t.txt"
    )
    found = [(s.label, article.text[s.start : s.end]) for s in suggest(article, ["opinions"],
                                                                         LABELS)]
    assert found == [("opinion", "This is excellent work.")]


def test_the_seed_articles_figures(seed) -> None:
    found = {seed.text[s.start : s.end] for s in suggest(seed, ["figures"], LABELS)}
    for figure in ("Monday, February 2, 2026", "$20 billion", "$40 billion", "over 5,500",
                   "more than 600 suspects", "149 suspects", "2,141 suspects", "11 individuals",
                   "4 leaders", "over 10 billion yuan (approximately $1.4 billion)"):
        assert figure in found


def test_rules_can_be_switched_off_and_need_their_label(seed) -> None:
    assert suggest(seed, [], LABELS) == []
    assert {s.label for s in suggest(seed, ["figures", "claims"], ["claim"])} == {"claim"}


def test_rejected_and_tagged_suggestions_are_not_offered_again(seed) -> None:
    found = suggest(seed, ["figures"], LABELS)
    first, second = found[0], found[1]
    tagged = Annotation("a", seed.id, "figure", second.start, second.end,
                        seed.text[second.start : second.end])
    rejected = {("figure", seed.text[first.start : first.end])}
    left = open_suggestions(found, [tagged], rejected, seed.text)
    assert first not in left and second not in left and len(left) == len(found) - 2
