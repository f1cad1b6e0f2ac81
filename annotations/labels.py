"""Label sets: the default (claim, figure, opinion, source), a TOML file, or a quick list.

    # annotator.toml
    [[labels]]
    name = "claim"
    key = "1"
    colour = "#2f5f9e"
    description = "A statement presented as fact that could be checked."

    [suggestions]
    figures = true
    claims = true
    opinions = false

    [selection]
    snap_to_words = false     # tag exactly the characters selected

    [[relations]]             # a link from a head annotation to a tail one
    name = "source"
    key = "o"
    head = ["claim", "opinion"]
    tail = ["source"]

    [[comment_labels]]        # choices for each reader comment (article_labels: the article)
    name = "stance"
    choices = ["agrees", "disagrees", "neutral", "off topic"]
    multiple = false

Without `relations`, `article_labels` or `comment_labels`, the defaults are used (the default
relation types only between labels the set has); an empty list (`relations = []`) means none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotations.doc_labels import DEFAULT_CHOICE_SETS, ChoiceSet, Target
from annotations.model import DEFAULT_LABELS, Label
from annotations.relations import DEFAULT_RELATION_TYPES, RelationType
from annotations.user_files import toml_reader

CONFIG_NAME = "annotator.toml"
"""The label file read from the working folder when no --config is given."""

RULES = ("figures", "claims", "opinions")
"""The suggestion rules a config may switch on or off (see `annotations.suggestions`)."""

PALETTE = (
    "#2f5f9e", "#2e7d4f", "#a4571b", "#7b3f9e", "#9e2f4f", "#1f7a7a", "#7a6a1f", "#4f4f9e",
    "#5f7f2f",
)
"""Colours given, in order, to labels that do not name one."""

RESERVED_KEYS = frozenset("snxurdplaAzvtq/.,[]?efjk(){}*c>")
"""Keys the app binds to other things (on the article screen, in its text panes: ( ) { }, or in
review: e f j k): a label cannot take them. Spelled out here because the domain cannot import
the app; tests/test_keys.py checks that they are exactly the keys the app's bindings use."""

LABEL_FILE_MAX_BYTES = 1024 * 1024
"""Larger label files are refused unread: a label file is a few lines (and /dev/zero never
ends)."""

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")

_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
"""C0 and C1 controls, DEL, the bidirectional marks, embeddings, overrides and isolates, and the
line and paragraph separators: characters that move the cursor, recolour a terminal, reverse
the text after them or break a line, and are never part of a label."""


class ConfigError(Exception):
    """A label file or list that cannot be used; `str()` is one line naming it and the cause."""

    def __init__(self, where: str | Path, cause: str) -> None:
        super().__init__(f"{where}: {cause}")
        self.where = str(where)
        self.cause = cause


@dataclass(frozen=True)
class LabelConfig:
    """The labels in use and the suggestion rules switched on."""

    labels: tuple[Label, ...] = DEFAULT_LABELS
    """The label set, in key order."""
    rules: frozenset[str] = field(default_factory=lambda: frozenset(RULES))
    """Suggestion rules switched on."""
    source: str = "default labels"
    """Where the set came from, for messages."""
    snap_words: bool = True
    """Tags grow to whole words where a selection ends inside one (`[selection]
    snap_to_words`): a convention of the data set, so it lives with its labels."""
    relation_types: tuple[RelationType, ...] = DEFAULT_RELATION_TYPES
    """The types of relation between two annotations."""
    choice_sets: tuple[ChoiceSet, ...] = DEFAULT_CHOICE_SETS
    """The sets of choices for the article and for each comment."""

    def label(self, name: str) -> Label | None:
        """The label called `name`, if it is in the set."""
        return next((label for label in self.labels if label.name == name), None)


def control_character(text: str) -> str | None:
    """The first control character in `text` as `U+XXXX`, or None when it has none.

    Control characters are those of `_CONTROL`; a zero-width joiner (in emoji) is not one.
    """
    found = _CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def check_label_name(name: Any) -> str:
    """`name`, when it can be a label's name: text, not blank, without a control character.

    Anything else is a name, taken as plain text: `don't`, `[/x]` and `[@click=app.quit]` are
    names like any other (the app shows them literally).

    Raises:
        ValueError: saying why, in words that follow "label ...".
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError("has no name (a non-empty string)")
    found = control_character(name)
    if found is not None:
        raise ValueError(f"{name!r} holds a control character ({found})")
    return name


def quick_labels(spec: str) -> LabelConfig:
    """Labels from `--labels claim,figure,opinion,quote`: keys 1, 2, 3... in order.

    A default label keeps its colour and description.

    Raises:
        ConfigError: no names, a repeated name, more than nine, or a control character.
    """
    names = [name.strip() for name in spec.split(",") if name.strip()]
    for number, name in enumerate(names, 1):
        try:
            check_label_name(name)
        except ValueError as error:
            raise ConfigError("--labels", f"label {number} {error}") from None
    if not names:
        raise ConfigError("--labels", "give at least one label name, e.g. claim,figure")
    if len(names) > 9:
        raise ConfigError("--labels", "at most nine labels (keys 1 to 9)")
    if len(set(names)) != len(names):
        raise ConfigError("--labels", "a label name is given twice")
    defaults = {label.name: label for label in DEFAULT_LABELS}
    labels = []
    for number, name in enumerate(names, 1):
        known = defaults.get(name)
        colour = known.colour if known else PALETTE[(number - 1) % len(PALETTE)]
        labels.append(Label(name, str(number), colour, known.description if known else ""))
    return LabelConfig(tuple(labels), frozenset(RULES), "--labels",
                       relation_types=fitting_types(names))


def fitting_types(names: list[str]) -> tuple[RelationType, ...]:
    """The default relation types narrowed to the labels `names` has: those with no head or
    no tail label left are dropped."""
    kept = []
    for kind in DEFAULT_RELATION_TYPES:
        head = tuple(label for label in kind.head if label in names)
        tail = tuple(label for label in kind.tail if label in names)
        if head and tail:
            kept.append(RelationType(kind.name, kind.key, head, tail, kind.description))
    return tuple(kept)


def read_config(path: str | Path) -> LabelConfig:
    """Read a label file.

    Raises:
        ConfigError: the file is missing, too large, not TOML, or holds a bad label or setting.
    """
    path = Path(path)
    tomllib = toml_reader()
    try:
        with path.open("rb") as file:
            raw = file.read(LABEL_FILE_MAX_BYTES + 1)
        if len(raw) > LABEL_FILE_MAX_BYTES:
            raise ConfigError(path, "too large for a label file (over 1 MB)")
        # utf-8-sig: Windows editors start a UTF-8 file with a byte order mark.
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except RecursionError:  # tomllib recurses once a level of nested arrays or tables
        raise ConfigError(path, "nested too deeply to be a label file") from None
    except FileNotFoundError:
        raise ConfigError(path, "no such file") from None
    except UnicodeDecodeError:
        raise ConfigError(path, "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, f"not valid TOML ({error})") from None
    except OSError as error:
        raise ConfigError(path, error.strerror or str(error)) from None
    return parse_config(data, path)


def parse_config(data: dict[str, Any], where: str | Path) -> LabelConfig:
    """Check a parsed label file and make the label set.

    Raises:
        ConfigError: see `read_config`.
    """
    unknown = set(data) - {*_SECTIONS}
    if unknown:
        raise ConfigError(
            where, f"unknown setting {sorted(unknown)[0]!r} (use {', '.join(_SECTIONS)})"
        )
    entries = data.get("labels", [])
    if not isinstance(entries, list) or not entries:
        raise ConfigError(where, "no [[labels]]: list at least one label")
    labels: list[Label] = []
    for number, entry in enumerate(entries, 1):
        labels.append(_label(entry, number, where))
    keys = [label.key for label in labels]
    names = [label.name for label in labels]
    for values, what in ((keys, "key"), (names, "name")):
        repeated = next((value for value in values if values.count(value) > 1), None)
        if repeated is not None:
            raise ConfigError(where, f"two labels have the {what} {repeated!r}")
    rules = _rules(data.get("suggestions", {}), where)
    types = _relation_types(data, labels, where)
    sets = tuple(
        choice for target in ("article", "comment") for choice in _choice_sets(data, target, where)
    )
    return LabelConfig(tuple(labels), rules, str(where), _snap(data.get("selection", {}), where),
                       relation_types=types, choice_sets=sets)


_SECTIONS = ("labels", "suggestions", "selection", "relations", "article_labels",
             "comment_labels")


def _entries(data: dict[str, Any], section: str, where: str | Path) -> list[dict[str, Any]]:
    entries = data[section]
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(where, f"{section} must be a list of tables ([[{section}]])")
    return entries


def _names(entry: dict[str, Any], key: str, what: str, where: str | Path) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(where, f"{what}: {key} must be a list of names")
    return tuple(value)


def _named(entry: dict[str, Any], number: int, section: str, fields: set[str],
           where: str | Path) -> str:
    """The entry's checked name; its fields are checked against `fields`."""
    extra = set(entry) - fields - {"name", "description"}
    if extra:
        raise ConfigError(where, f"{section} {number} has an unknown field {sorted(extra)[0]!r}")
    try:
        name = check_label_name(entry.get("name"))
    except ValueError as error:
        raise ConfigError(where, f"{section} {number} {error}") from None
    name = name.strip()
    description = entry.get("description", "")
    if not isinstance(description, str):
        raise ConfigError(where, f"{section} {name!r}: description must be text")
    found = control_character(description)
    if found is not None:
        raise ConfigError(where, f"{section} {name!r}: description holds a control character "
                          f"({found})")
    return name


def _relation_types(
    data: dict[str, Any], labels: list[Label], where: str | Path
) -> tuple[RelationType, ...]:
    names = [label.name for label in labels]
    if "relations" not in data:
        return fitting_types(names)
    taken = {label.key: f"label {label.name!r}" for label in labels}
    types: list[RelationType] = []
    for number, entry in enumerate(_entries(data, "relations", where), 1):
        name = _named(entry, number, "relation", {"key", "head", "tail"}, where)
        what = f"relation {name!r}"
        key = entry.get("key")
        if not isinstance(key, str) or len(key) != 1 or key.isspace() or control_character(key):
            raise ConfigError(where, f"{what}: key must be one character, like \"o\"")
        if key in RESERVED_KEYS or key in taken:
            raise ConfigError(where, f"{what}: key {key!r} is taken by "
                              f"{taken.get(key, 'the app')}")
        taken[key] = what
        head, tail = _names(entry, "head", what, where), _names(entry, "tail", what, where)
        unknown = next((label for label in (*head, *tail) if label not in names), None)
        if unknown is not None:
            raise ConfigError(where, f"{what}: {unknown!r} is not one of the labels")
        if any(kind.name == name for kind in types):
            raise ConfigError(where, f"two relations have the name {name!r}")
        types.append(RelationType(name, key, head, tail, entry.get("description", "")))
    return tuple(types)


def _choice_sets(data: dict[str, Any], target: Target, where: str | Path) -> list[ChoiceSet]:
    section = f"{target}_labels"
    if section not in data:
        return [choice for choice in DEFAULT_CHOICE_SETS if choice.target == target]
    sets: list[ChoiceSet] = []
    for number, entry in enumerate(_entries(data, section, where), 1):
        name = _named(entry, number, section, {"choices", "multiple"}, where)
        choices = _names(entry, "choices", f"{target} label {name!r}", where)
        if not 1 <= len(choices) <= 9 or len(set(choices)) != len(choices):
            raise ConfigError(where, f"{target} label {name!r}: give one to nine different "
                              "choices (keys 1 to 9)")
        for choice in choices:
            try:
                check_label_name(choice)
            except ValueError as error:
                raise ConfigError(where, f"{target} label {name!r}: a choice {error}") from None
        multiple = entry.get("multiple", False)
        if not isinstance(multiple, bool):
            raise ConfigError(where, f"{target} label {name!r}: multiple must be true or false")
        if any(s.name == name for s in sets):
            raise ConfigError(where, f"two {section} have the name {name!r}")
        sets.append(ChoiceSet(name, target, choices, multiple, entry.get("description", "")))
    return sets


def _snap(section: Any, where: str | Path) -> bool:
    if not isinstance(section, dict) or set(section) - {"snap_to_words"}:
        raise ConfigError(where, "[selection] holds only snap_to_words = true/false")
    snap = section.get("snap_to_words", True)
    if not isinstance(snap, bool):
        raise ConfigError(where, "selection.snap_to_words must be true or false")
    return snap


def _label(entry: Any, number: int, where: str | Path) -> Label:
    if not isinstance(entry, dict):
        raise ConfigError(where, f"label {number} is not a table")
    name = _named(entry, number, "label", {"key", "colour", "color"}, where)
    key = entry.get("key", str(number))
    if not isinstance(key, str) or len(key) != 1 or key.isspace() or control_character(key):
        raise ConfigError(where, f"label {name!r}: key must be one character, like \"1\"")
    if key in RESERVED_KEYS:
        raise ConfigError(where, f"label {name!r}: key {key!r} is taken by the app")
    colour = entry.get("colour", entry.get("color", PALETTE[(number - 1) % len(PALETTE)]))
    if not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
        raise ConfigError(where, f"label {name!r}: colour must look like \"#2f5f9e\"")
    return Label(name, key, colour.lower(), entry.get("description", ""))


def _rules(section: Any, where: str | Path) -> frozenset[str]:
    if not isinstance(section, dict):
        raise ConfigError(where, "[suggestions] must be a table of rule = true/false")
    unknown = set(section) - set(RULES)
    if unknown:
        raise ConfigError(
            where, f"unknown suggestion rule {sorted(unknown)[0]!r} (rules: {', '.join(RULES)})"
        )
    for rule, value in section.items():
        if not isinstance(value, bool):
            raise ConfigError(where, f"suggestions.{rule} must be true or false")
    return frozenset(rule for rule in RULES if section.get(rule, True))


def choose_config(config: str | None, labels: str | None, folder: Path) -> LabelConfig:
    """The label set a command line asks for: --labels, else --config, else annotator.toml in
    `folder` if there is one, else the defaults.

    Raises:
        ConfigError: the chosen source is bad.
    """
    if labels is not None:
        return quick_labels(labels)
    if config is not None:
        return read_config(config)
    local = folder / CONFIG_NAME
    if local.exists():
        return read_config(local)
    return LabelConfig()
