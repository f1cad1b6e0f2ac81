"""Label sets: the TOML file, the quick list, and clear errors for bad ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.labels import ConfigError, choose_config, quick_labels, read_config
from annotations.model import DEFAULT_LABELS
from tests.conftest import SEED
from tests.test_cli import annotator

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
    assert config.snap_words


def test_snapping_to_words_can_be_switched_off(tmp_path: Path) -> None:
    path = tmp_path / "annotator.toml"
    path.write_text(GOOD + "\n[selection]\nsnap_to_words = false\n", encoding="utf-8")
    assert not read_config(path).snap_words


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
        ("[[labels]]\nname = 'a'\n[selection]\nsnap_to_words = 1", "must be true or false"),
        ("[[labels]]\nname = 'a'\n[selection]\nsnap = false", "holds only snap_to_words"),
        pytest.param(b"[[labels]]\nname = 'a'\nx = " + b"[" * 50_000 + b"]" * 50_000,
                     "nested too deeply", id="nested arrays"),
        pytest.param(b"x = " + b"{a = " * 50_000 + b"1" + b"}" * 50_000, "nested too deeply",
                     id="nested tables"),
        (b"\xff\xfe[\x00[\x00", "not UTF-8"),
        (b"name = '\x00'", "not valid TOML"),
        ("[[labels]]\nname = 'a'\nkey = '\\u001b'", "key must be one character"),
        pytest.param(b"# labels\n" * 200_000, "too large for a label file", id="huge"),
        ("[[labels]]\r\nname = 'a'\r\n[[labels]]\r\nname = 'a'\r\n", "two labels have the name"),
    ],
)
def test_bad_files_say_what_is_wrong(tmp_path: Path, content: str | bytes, cause: str) -> None:
    path = tmp_path / "annotator.toml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(ConfigError) as raised:
        read_config(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: ") and cause in message
    assert "\n" not in message and "\x00" not in message


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


MARKUP_NAMES = ["don't", "[/x]", "[@click=app.quit]", "[bold]claim[/bold]", "주장", "意見 💬"]


def test_names_are_plain_text_taken_as_given(tmp_path: Path) -> None:
    """Quotes, brackets and markup-like names are names, from --labels or a file alike."""
    quick = quick_labels(",".join(MARKUP_NAMES))
    assert [label.name for label in quick.labels] == MARKUP_NAMES
    entries = "".join(f"[[labels]]\nname = '''{name}'''\n" for name in MARKUP_NAMES)
    path = tmp_path / "annotator.toml"
    path.write_text(entries, encoding="utf-8")
    assert [label.name for label in read_config(path).labels] == MARKUP_NAMES


CONTROLS = [
    ("backspace", "don\bt", "U+0008"),
    ("escape", "\x1b[31mred", "U+001B"),
    ("delete", "claim\x7f", "U+007F"),
    ("C1 CSI", "claim\x9b2J", "U+009B"),
    ("right-to-left override", "claim\u202eevil", "U+202E"),
    ("isolate", "\u2066claim", "U+2066"),
    ("line separator", "two\u2028lines", "U+2028"),
    ("newline", "two\nlines", "U+000A"),
]


@pytest.mark.parametrize(("what", "name", "code"), CONTROLS, ids=[c[0] for c in CONTROLS])
def test_a_control_character_in_a_quick_name_is_refused(what: str, name: str, code: str) -> None:
    with pytest.raises(ConfigError) as raised:
        quick_labels(f"claim,{name}")
    message = str(raised.value)
    assert message.startswith("--labels: label 2 ") and f"control character ({code})" in message
    assert "\n" not in message and name not in message


def toml_string(text: str) -> str:
    """`text` as a TOML basic string, every character outside printable ASCII escaped."""
    return '"' + "".join(c if " " <= c <= "~" and c not in '"\\' else f"\\U{ord(c):08X}"
                         for c in text) + '"'


@pytest.mark.parametrize(("what", "name", "code"), CONTROLS, ids=[c[0] for c in CONTROLS])
def test_a_control_character_in_a_label_file_is_refused(
    tmp_path: Path, what: str, name: str, code: str
) -> None:
    path = tmp_path / "annotator.toml"
    for field in ("name", "description"):
        entry = {"name": toml_string("claim"), field: toml_string(name)}
        path.write_text("[[labels]]\n" + "".join(f"{k} = {v}\n" for k, v in entry.items()),
                        encoding="utf-8")
        with pytest.raises(ConfigError) as raised:
            read_config(path)
        message = str(raised.value)
        assert message.startswith(f"{path}: label ") and f"control character ({code})" in message
        assert "\n" not in message and name not in message


def test_a_zero_width_joiner_in_an_emoji_is_not_a_control_character() -> None:
    family = "👩\u200d👩\u200d👧"
    assert quick_labels(f"claim,{family}").labels[1].name == family


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "annotator.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert [label.name for label in read_config(path).labels] == ["claim", "quote"]


def test_a_folder_for_a_label_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        read_config(tmp_path)
    assert str(raised.value).startswith(f"{tmp_path}: ") and "\n" not in str(raised.value)


def test_the_command_refuses_a_control_character_in_one_line(tmp_path: Path) -> None:
    result = annotator("--labels", "claim,don\bt", str(SEED), "--db", str(tmp_path / "db.json"))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == "annotator: --labels: label 2 'don\\x08t' holds a control character " \
        "(U+0008)\n"
    assert not (tmp_path / "db.json").exists()
