"""Reconciling two writers of one DB: what this process changed, replayed onto what another
process wrote meanwhile.

Two annotators (or two terminals) may share one DB. Before a process writes, it re-reads the
file if someone else wrote it since, and replays its own pending operations on top: annotations
and articles have ids, so a merge by id is well defined. When both sides edited the same
annotation, each field takes the side that changed it; when both changed a field, the later edit
wins, and a note that loses is kept in the annotation's history. Relations and article and comment
labels have ids too, and are merged the same way (without a history).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from annotations.doc_labels import DocLabel
from annotations.history import Change
from annotations.model import Annotation, NoteRevision
from annotations.relations import Relation
from annotations.schema import ARTICLES, META, Item, Tables, stored_version, table_of

_MERGED_FIELDS = (
    "label", "note", "start", "end", "text", "prefix", "suffix", "orphan", "origin", "review",
)
_MERGED_ITEM_FIELDS: dict[type, tuple[str, ...]] = {
    Relation: ("type", "head", "tail", "review"),
    DocLabel: ("choices", "comment", "anchor", "orphan", "review"),
}


@dataclass(frozen=True)
class ArticleWrite:
    """An article record written (added, updated, or its status changed)."""

    record: dict[str, Any]
    """The whole record, as the `articles` table keeps it."""


Operation = Change | ArticleWrite


def reconcile(
    disk: Tables, pending: Sequence[Operation], schema: int, *, in_place: bool = False
) -> Tables:
    """`disk` with `pending` replayed on top, in order; `disk` itself is not modified, unless
    `in_place`.

    Args:
        disk: The tables as another process left them in the file.
        pending: What this process changed since it last wrote, oldest first.
        schema: This process's schema version; the result records the newer of it and disk's.
        in_place: Change `disk` itself (read for this, and lazily: a copy would read every
            table), each table through `setdefault`.
    """
    tables: Tables = disk if in_place else {name: dict(table) for name, table in disk.items()}
    meta = tables.setdefault(META, {})
    current = stored_version(meta.values()) or 0
    tables[META] = {"1": {"schema": max(current, schema)}}
    for operation in pending:
        if isinstance(operation, ArticleWrite):
            _write_article(tables.setdefault(ARTICLES, {}), operation.record)
        else:
            _apply(tables, operation)
    return tables


def _key_of(table: dict[str, Any], record_id: str) -> str | None:
    return next((key for key, doc in table.items() if doc.get("id") == record_id), None)


def _next_key(table: dict[str, Any]) -> str:
    return str(max((int(key) for key in table), default=0) + 1)


def _write_article(table: dict[str, Any], record: dict[str, Any]) -> None:
    key = _key_of(table, record["id"])
    if key is None:
        order = max((doc.get("order", -1) for doc in table.values()), default=-1) + 1
        table[_next_key(table)] = {**record, "order": order}
    else:
        table[key] = {**table[key], **record, "order": table[key].get("order", record.get("order"))}


def _apply(tables: Tables, change: Change) -> None:
    target = change.item
    table = tables.setdefault(table_of(target), {})
    key = _key_of(table, target.id)
    if change.after is None:
        if key is not None:
            del table[key]
    else:
        after = change.after
        if key is not None and change.before is not None:
            theirs = type(target).from_record(table[key])
            if theirs != change.before:
                after = _resolved(change.before, after, theirs)
        table[key if key is not None else _next_key(table)] = after.to_record()
    for also in change.also:
        _apply(tables, also)


def _resolved(base: Item, ours: Item, theirs: Item) -> Item:
    if isinstance(base, Annotation):
        assert isinstance(ours, Annotation) and isinstance(theirs, Annotation)
        return resolve(base, ours, theirs)
    merged: dict[str, Any] = {}
    for name in _MERGED_ITEM_FIELDS[type(base)]:
        mine, other, was = getattr(ours, name), getattr(theirs, name), getattr(base, name)
        later = ours.updated >= theirs.updated
        merged[name] = other if mine == was or (other != was and not later) else mine
    return replace(ours, **merged, updated=max(ours.updated, theirs.updated))


def resolve(base: Annotation, ours: Annotation, theirs: Annotation) -> Annotation:
    """A three-way merge of one annotation edited by this process (`ours`) and another.

    Each field takes the side that changed it from `base`; when both changed it, the side
    updated later wins, and a losing note goes into `history`.
    """
    ours_later = ours.updated >= theirs.updated
    merged: dict[str, Any] = {}
    history = list(_union(theirs.history, ours.history))
    for name in _MERGED_FIELDS:
        mine, other, was = getattr(ours, name), getattr(theirs, name), getattr(base, name)
        if mine == other or other == was:
            merged[name] = mine
        elif mine == was:
            merged[name] = other
        else:
            merged[name] = mine if ours_later else other
            if name == "note":
                loser = theirs if ours_later else ours
                history.append(NoteRevision(loser.note, loser.annotator, loser.updated))
    merged["updated"] = max(ours.updated, theirs.updated)
    merged["history"] = tuple(history)
    return replace(ours, **merged)


def _union(first: Iterable[NoteRevision], second: Iterable[NoteRevision]) -> list[NoteRevision]:
    seen: list[NoteRevision] = []
    for revision in (*first, *second):
        if revision not in seen:
            seen.append(revision)
    return seen

