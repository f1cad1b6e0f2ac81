"""`annotator agree`, `merge` and `stats` from the command line."""

from __future__ import annotations

from pathlib import Path

import orjson

from annotations.sets import read_article
from annotations.store import AnnotationStore
from tests.conftest import SEED
from tests.test_cli import annotator


def annotated(path: Path, who: str, spans: list[tuple[str, str]]) -> Path:
    seed = read_article(SEED)
    with AnnotationStore.open(path) as store:
        store.add_articles([seed])
        for quote, label in spans:
            start = seed.text.index(quote)
            store.tag(seed, start, start + len(quote), label, who)
    return path


def two_annotators(tmp_path: Path) -> tuple[Path, Path]:
    ana = annotated(tmp_path / "ana.json", "ana", [
        ("over 5,500", "figure"), ("149 suspects", "figure"), ("Crime doesn't pay.", "opinion"),
    ])
    bo = annotated(tmp_path / "bo.json", "bo", [
        ("over 5,500", "figure"), ("149", "figure"),
        ("The executions send a clear message.", "opinion"),
    ])
    return ana, bo


def test_agree_prints_tables_and_json(tmp_path: Path) -> None:
    ana, bo = two_annotators(tmp_path)
    shown = annotator("agree", str(ana), str(bo))
    assert shown.returncode == 0, shown.stderr
    assert "ana vs bo" in shown.stdout and "exact F1" in shown.stdout and "kappa" in shown.stdout
    data = orjson.loads(annotator("agree", str(ana), str(bo), "--json").stdout)
    total = data["pairs"][0]["total"]
    # figures: "over 5,500" matches exactly; "149" lies inside "149 suspects"
    assert total["figure"]["exact_f1"] == 0.5 and total["figure"]["overlap_f1"] == 1.0
    assert total["opinion"]["exact_f1"] == 0.0 and total["(all labels)"]["spans"] == [3, 3]


def test_agree_within_one_db(tmp_path: Path) -> None:
    shared = tmp_path / "shared.json"
    annotated(shared, "ana", [("over 5,500", "figure")])
    annotated(shared, "bo", [("over 5,500", "figure")])
    data = orjson.loads(annotator("agree", str(shared), "--annotators", "ana,bo", "--json").stdout)
    assert data["pairs"][0]["total"]["figure"]["exact_f1"] == 1.0


def test_agree_needs_two(tmp_path: Path) -> None:
    ana, _ = two_annotators(tmp_path)
    result = annotator("agree", str(ana))
    assert result.returncode == 2 and "two or more files" in result.stderr


def test_merge_then_import_for_review(tmp_path: Path) -> None:
    ana, bo = two_annotators(tmp_path)
    merged = tmp_path / "merged.json"
    result = annotator("merge", str(ana), str(bo), "-o", str(merged))
    assert result.returncode == 0 and "1 spans agreed, 4 to review" in result.stderr
    [article] = orjson.loads(merged.read_bytes())["articles"]
    marks = [(a["text"], a["annotator"], a.get("review", False)) for a in article["annotations"]]
    assert ("over 5,500", "ana+bo", False) in marks
    assert ("149", "bo", True) in marks and ("149 suspects", "ana", True) in marks
    review_db = tmp_path / "review.json"
    assert annotator("import", str(merged), "--db", str(review_db)).returncode == 0
    stored = AnnotationStore.open(review_db).annotations(article["id"])
    assert sum(a.review for a in stored) == 4


def test_stats(tmp_path: Path) -> None:
    ana, _ = two_annotators(tmp_path)
    shown = annotator("stats", "--db", str(ana))
    assert shown.returncode == 0 and "3 annotations on 1 article " in shown.stdout
    assert "█" in shown.stdout
    data = orjson.loads(annotator("stats", "--db", str(ana), "--json").stdout)
    assert data["by_label"] == {"figure": 2, "opinion": 1}
    assert data["by_annotator"] == {"ana": 3} and data["by_status"]["in_progress"] == 1
    missing = annotator("stats", "--db", str(tmp_path / "none.json"))
    assert missing.returncode == 2 and "no such DB file" in missing.stderr
