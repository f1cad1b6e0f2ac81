"""Label sets: the TOML file, the quick list, and clear errors for bad ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.labels import ConfigError, choose_config, quick_labels, read_config
from annotations.model import DEFAULT_LABELS

GOOD = """
[[labels]]
name = "claim"
key = "1"
colour = "#2F5F9E"
description = "Checkable statement."

[[labels]]
name = "quote"
key = "4"

[suggestions]
figures = false
"""


def test_a_good_file(tmp_path: Path) -> None:
    path = tmp_path / "annotator.toml"
    path.write_text(GOOD, encoding="utf-8")
    config = read_config(path)
    assert [(label.name, label.key, label.colour) for label in config.labels] == [
        ("claim", "1", "#2f5f9e"), ("quote", "4", "#2e7d4f")
    ]
    assert config.labels[0].description == "Checkable statement."
    assert config.rules == {"claims", "opinions"}


def test_quick_labels_keep_the_defaults_colours() -> None:
    config = quick_labels("claim, figure,opinion,quote")
    assert [(label.name, label.key) for label in config.labels] == [
        ("claim", "1"), ("figure", "2"), ("opinion", "3"), ("quote", "4")
    ]
    assert config.labels[:3] == DEFAULT_LABELS


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        ("[[labels]\nname = 'x'", "not valid TOML"),
        ("colour = 'red'", "unknown setting 'colour'"),
        ("[suggestions]\nfigures = true", "no [[labels]]"),
        ("[[labels]]\nkey = '1'", "label 1 has no name"),
        ("[[labels]]\nname = 'a'\nkey = '12'", "key must be one character"),
        ("[[labels]]\nname = 'a'\nkey = 'q'", "key 'q' is taken by the app"),
        ("[[labels]]\nname = 'a'\ncolour = 'red'", "colour must look like"),
        ("[[labels]]\nname = 'a'\nshape = 'round'", "unknown field 'shape'"),
        ("[[labels]]\nname = 'a'\nkey = '1'\n[[labels]]\nname = 'b'\nkey = '1'",
         "two labels have the key '1'"),
        ("[[labels]]\nname = 'a'\n[suggestions]\nnames = true", "unknown suggestion rule"),
        ("[[labels]]\nname = 'a'\n[suggestions]\nfigures = 'yes'", "must be true or false"),
    ],
)
def test_bad_files_say_what_is_wrong(tmp_path: Path, content: str, cause: str) -> None:
    path = tmp_path / "annotator.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        read_config(path)
    assert str(raised.value).startswith(str(path)) and cause in str(raised.value)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("spec", "cause"),
    [("", "at least one"), ("a,a", "given twice"), (",".join("abcdefghij"), "at most nine")],
)
def test_bad_quick_lists(spec: str, cause: str) -> None:
    with pytest.raises(ConfigError, match=cause):
        quick_labels(spec)


def test_which_set_is_used(tmp_path: Path) -> None:
    assert choose_config(None, None, tmp_path).labels == DEFAULT_LABELS
    (tmp_path / "annotator.toml").write_text(GOOD, encoding="utf-8")
    assert choose_config(None, None, tmp_path).labels[1].name == "quote"
    assert choose_config(None, "x,y", tmp_path).labels[1].name == "y"
    with pytest.raises(ConfigError, match="no such file"):
        choose_config(str(tmp_path / "missing.toml"), None, tmp_path)
