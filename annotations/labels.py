"""Label sets: the default claim/figure/opinion, a TOML file, or a quick comma-separated list.

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
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotations.model import DEFAULT_LABELS, Label

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_NAME = "annotator.toml"
"""The label file read from the working folder when no --config is given."""

RULES = ("figures", "claims", "opinions")
"""The suggestion rules a config may switch on or off (see `annotations.suggestions`)."""

PALETTE = (
    "#2f5f9e", "#2e7d4f", "#a4571b", "#7b3f9e", "#9e2f4f", "#1f7a7a", "#7a6a1f", "#4f4f9e",
    "#5f7f2f",
)
"""Colours given, in order, to labels that do not name one."""

RESERVED_KEYS = frozenset("snxurdplaAzvtq/.,[]?efjk")
"""Keys the app binds to other things (on the article screen, or in review: e f j k): a label
cannot take them. Spelled out here because the domain cannot import the app; tests/test_keys.py
checks that they are exactly the keys the app's bindings use."""

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


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

    def label(self, name: str) -> Label | None:
        """The label called `name`, if it is in the set."""
        return next((label for label in self.labels if label.name == name), None)


def quick_labels(spec: str) -> LabelConfig:
    """Labels from `--labels claim,figure,opinion,quote`: keys 1, 2, 3... in order.

    A default label keeps its colour and description.

    Raises:
        ConfigError: no names, a repeated name, or more than nine.
    """
    names = [name.strip() for name in spec.split(",") if name.strip()]
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
    return LabelConfig(tuple(labels), frozenset(RULES), "--labels")


def read_config(path: str | Path) -> LabelConfig:
    """Read a label file.

    Raises:
        ConfigError: the file is missing, not TOML, or holds a bad label or setting.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
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
    unknown = set(data) - {"labels", "suggestions"}
    if unknown:
        raise ConfigError(
            where, f"unknown setting {sorted(unknown)[0]!r} (use labels, suggestions)"
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
    return LabelConfig(tuple(labels), rules, str(where))


def _label(entry: Any, number: int, where: str | Path) -> Label:
    if not isinstance(entry, dict):
        raise ConfigError(where, f"label {number} is not a table")
    extra = set(entry) - {"name", "key", "colour", "color", "description"}
    if extra:
        raise ConfigError(where, f"label {number} has an unknown field {sorted(extra)[0]!r}")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(where, f"label {number} has no name")
    key = entry.get("key", str(number))
    if not isinstance(key, str) or len(key) != 1 or key.isspace():
        raise ConfigError(where, f"label {name!r}: key must be one character, like \"1\"")
    if key in RESERVED_KEYS:
        raise ConfigError(where, f"label {name!r}: key {key!r} is taken by the app")
    colour = entry.get("colour", entry.get("color", PALETTE[(number - 1) % len(PALETTE)]))
    if not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
        raise ConfigError(where, f"label {name!r}: colour must look like \"#2f5f9e\"")
    description = entry.get("description", "")
    if not isinstance(description, str):
        raise ConfigError(where, f"label {name!r}: description must be text")
    return Label(name.strip(), key, colour.lower(), description)


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
