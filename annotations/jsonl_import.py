"""Reading span JSONL: Prodigy/spaCy lines and doccano lines, spans, relations and article
labels, as `annotator export --format jsonl` and `--format doccano` write them (so exporting
what was imported gives the same lines back).

* Prodigy/spaCy: `{"text", "spans": [{"start", "end", "label"}], "relations", "cats", "meta"}`.
  A relation (Prodigy's relation recipes) names its two spans in `head_span` and `child_span`
  (`start`, `end`, `label`: each must be one of the line's spans; `head` and `child`, token
  indices, follow from them). `cats` are the article's labels: each choice scored 0.5 or more
  is taken. `meta.status`, when it is one of ours, is the article's status.
* doccano: sequence labelling `{"text", "label": [[start, end, "LABEL"]]}`; relation
  extraction `{"text", "entities": [{"id", "label", "start_offset", "end_offset"}],
  "relations": [{"id", "from_id", "to_id", "type"}]}` (where both are present, as in our
  export, `entities` are the spans); text classification `{"text", "label": ["CHOICE"]}`, or
  `"cats": ["CHOICE"]` as our export writes it beside spans. Offsets count what `offsets`
  says (UTF-16 code units unless told otherwise).

A choice is put in the article set of `choice_sets` that has it (`type`: news, opinion piece,
analysis by default); a choice no set has goes in a set named `cats`, so it is kept, and
exported again as it came.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from annotations.anchoring import context
from annotations.contract import Fields, check_blocks, shown
from annotations.doc_labels import DEFAULT_CHOICE_SETS, ChoiceSet, DocLabel
from annotations.exporters.offsets import code_points_from
from annotations.imported import ANSWERS, Imported, json_value
from annotations.labels import check_label_name
from annotations.model import BLOCK_SEPARATOR, Annotation, Article, Block, now_iso
from annotations.parsing import ArticleError, article_id
from annotations.relations import Links, Relation
from annotations.store import STATUSES

TITLE_BLOCK_MAX_CHARS = 200
"""In span JSONL, a first paragraph longer than this is not taken for the title."""

UNKNOWN_SET = "cats"
"""The set of a choice no article set of the label file has."""

CHOSEN = 0.5
"""A `cats` score at least this is a choice taken (spaCy's threshold)."""


def span_lines(
    text: str, path: Path, offsets: str, choice_sets: Sequence[ChoiceSet] = DEFAULT_CHOICE_SETS
) -> Iterator[Imported]:
    """The articles of a span JSONL file, one a line (blank lines are skipped).

    Raises:
        ArticleError: a line is not JSON, of neither shape, or breaks the contract.
    """
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        record = json_value(line, where)
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise ArticleError(where, 'expected an object with "text"')
        found = record.get("meta")
        meta: dict[str, Any] = found if isinstance(found, dict) else {}
        article = _article_from_text(record["text"], meta, record, str(path))
        check_blocks(article, where)
        answer = record.get("answer", "accept")
        if answer not in ANSWERS:
            raise ArticleError(where, f"answer {answer!r} is not one of {', '.join(ANSWERS)}")
        who = str(record.get("_annotator_id") or record.get("_session_id")
                  or meta.get("annotator") or "")
        line_reader = _Line(article, where, who)
        if isinstance(record.get("spans"), list) or isinstance(record.get("cats"), dict):
            links = line_reader.prodigy(Fields(record, where), choice_sets)
        elif isinstance(record.get("label"), list) or isinstance(record.get("entities"), list):
            links = line_reader.doccano(Fields(record, where), offsets, choice_sets)
        else:
            raise ArticleError(where, 'expected "spans" or "cats" (Prodigy), or "label" or '
                               '"entities" (doccano)')
        status = meta.get("status")
        yield Imported(article, status if status in STATUSES else None,
                       tuple(line_reader.annotations), True, answer, links)


class _Line:
    """What one line holds, read a field at a time: its spans first, then what names them."""

    def __init__(self, article: Article, where: str, who: str) -> None:
        self.article = article
        self.where = where
        self.who = who
        self.stamp = now_iso()
        self.annotations: list[Annotation] = []

    def span(self, data: Any, where: str) -> Annotation:
        """A span (`start`, `end`, `label`, in code points) as an annotation of the line's."""
        text = self.article.text
        fields = Fields(data, where)
        start, end = fields.span(len(text))
        prefix, suffix = context(text, start, end)
        annotation = Annotation(
            id=uuid.uuid4().hex, article_id=self.article.id, label=fields.label(), start=start,
            end=end, text=text[start:end], annotator=self.who, created=self.stamp,
            updated=self.stamp, prefix=prefix, suffix=suffix,
        )
        self.annotations.append(annotation)
        return annotation

    def relation(self, kind: str, head: Annotation, tail: Annotation) -> Relation:
        return Relation(uuid.uuid4().hex, self.article.id, kind, head.id, tail.id, self.who,
                        self.stamp, self.stamp)

    def labels(self, choices: list[str], sets: Sequence[ChoiceSet], where: str
               ) -> tuple[DocLabel, ...]:
        """The article's labels for `choices`, one per set, each in its set's order."""
        by_set: dict[str, tuple[ChoiceSet | None, list[str]]] = {}
        for choice in choices:
            try:
                check_label_name(choice)
            except ValueError as error:
                raise ArticleError(where, f"choice {error}") from None
            kind = next((s for s in sets if s.target == "article" and choice in s.choices), None)
            taken = by_set.setdefault(UNKNOWN_SET if kind is None else kind.name, (kind, []))[1]
            if choice not in taken:
                taken.append(choice)
        return tuple(
            DocLabel(uuid.uuid4().hex, self.article.id, name,
                     tuple(taken) if kind is None else  # as they came, in no set's order
                     tuple(c for c in kind.choices if c in taken), None,
                     self.who, self.stamp, self.stamp)
            for name, (kind, taken) in by_set.items())

    def prodigy(self, fields: Fields, sets: Sequence[ChoiceSet]) -> Links:
        """Prodigy's `spans`, `relations` and `cats`."""
        placed = {}
        for place, data in enumerate(fields.list("spans", []), 1):
            made = self.span(data, f"{self.where}: span {place}")
            placed[(made.start, made.end, made.label)] = made
        relations = []
        for place, data in enumerate(fields.list("relations", []), 1):
            link = Fields(data, f"{self.where}: relation {place}")
            ends = []
            for key in ("head_span", "child_span"):
                end = Fields(link.get(key), f"{link.where}: {key}")
                start, stop = end.span(len(self.article.text))
                found = placed.get((start, stop, end.label()))
                if found is None:
                    link.fail(key, f"{start}:{stop} {end.label()!r} is not one of the line's "
                              "spans (a relation links two spans)")
                ends.append(found)
            relations.append(self.relation(link.name("label"), ends[0], ends[1]))
        cats = fields.object("cats")
        for choice, score in cats.items():
            if type(score) not in (int, float):
                fields.fail("cats", f"score of {choice!r} must be a number, found {shown(score)}")
        chosen = [choice for choice, score in cats.items() if score >= CHOSEN]
        return Links(tuple(relations), self.labels(chosen, sets, f"{self.where}: cats"))

    def doccano(self, fields: Fields, offsets: str, sets: Sequence[ChoiceSet]) -> Links:
        """doccano's `entities` and `relations`, or `label` spans, and `label` or `cats`
        choices."""
        labelled = fields.list("label", [])
        choices = [choice for choice in labelled if isinstance(choice, str)]
        if choices and len(choices) != len(labelled):
            fields.fail("label", "mixes spans and choices")
        if "entities" in fields.data:
            spans = [_entity(data, f"{self.where}: entity {place}")
                     for place, data in enumerate(fields.list("entities"), 1)]
            kind = "entity"
        else:
            spans = [] if choices else [_doccano_span(span, f"{self.where}: label {place}")
                                        for place, span in enumerate(labelled, 1)]
            kind = "label"
        spans = _in_code_points(spans, self.article.text, offsets, self.where)
        by_id = {}
        for place, span in enumerate(spans, 1):
            made = self.span(span, f"{self.where}: {kind} {place}")
            by_id[span.get("id", place)] = made
        relations = []
        for place, data in enumerate(fields.list("relations", []), 1):
            link = Fields(data, f"{self.where}: relation {place}")
            ends = []
            for key in ("from_id", "to_id"):
                end = link.get(key)
                if end not in by_id or isinstance(end, bool):
                    link.fail(key, f"is {shown(end)}, not the id of one of the line's entities")
                ends.append(by_id[end])
            relations.append(self.relation(link.name("type"), ends[0], ends[1]))
        cats = fields.list("cats", [])
        if not all(isinstance(choice, str) for choice in cats):
            fields.fail("cats", "must be a list of choices (strings)")
        return Links(tuple(relations), self.labels(choices + cats, sets, f"{self.where}: label"))


def _entity(data: Any, where: str) -> dict[str, Any]:
    """doccano's `{"id", "label", "start_offset", "end_offset"}` as a span object."""
    fields = Fields(data, where)
    identifier = fields.get("id")
    if type(identifier) not in (int, str):
        fields.fail("id", f"must be a number or a string, found {shown(identifier)}")
    return {"id": identifier, "label": fields.get("label"),
            "start": fields.offset("start_offset"), "end": fields.offset("end_offset")}


def _doccano_span(span: Any, where: str) -> dict[str, Any]:
    """doccano's `[start, end, "LABEL"]` as the span object Prodigy writes."""
    if not isinstance(span, list) or len(span) != 3:
        raise ArticleError(where, f'expected [start, end, "LABEL"], found {shown(span)}')
    return dict(zip(("start", "end", "label"), span, strict=True))


def _in_code_points(
    spans: list[dict[str, Any]], text: str, unit: str, where: str
) -> list[dict[str, Any]]:
    """doccano's spans with their offsets, counted in `unit`, made code points."""
    edges = [span[key] for span in spans for key in ("start", "end")
             if type(span[key]) is int]
    try:
        points = code_points_from(text, unit, edges)
    except ValueError as error:
        raise ArticleError(where, f"{error} (offsets read as {unit}; see --offsets)") from None
    return [{**span, **{key: points.get(span[key], span[key]) for key in ("start", "end")
                        if type(span[key]) is int}} for span in spans]


def _article_from_text(
    text: str, meta: dict[str, Any], record: dict[str, Any], source: str
) -> Article:
    """An article whose canonical text is exactly `text` (so the spans' offsets hold)."""
    blocks = []
    offset = 0
    for number, part in enumerate(text.split(BLOCK_SEPARATOR)):
        if part:
            kind = "title" if number == 0 and len(part) <= TITLE_BLOCK_MAX_CHARS else "paragraph"
            blocks.append(Block(kind, offset, offset + len(part)))  # type: ignore[arg-type]
        offset += len(part) + len(BLOCK_SEPARATOR)
    first = text.split(BLOCK_SEPARATOR, 1)[0]
    title = str(meta.get("title") or first[:80] or "Untitled")
    identifier = meta.get("id", record.get("id"))
    return Article(
        id=str(identifier) if identifier not in (None, "") else article_id(title),
        title=title,
        source=str(meta.get("source") or source),
        text=text,
        blocks=tuple(blocks),
        url=str(meta.get("url") or ""),
    )
