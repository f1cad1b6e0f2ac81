"""Words as a reader of each script counts them, and moving and selecting by words, sentences
and paragraphs over an article's blocks."""

from __future__ import annotations

from itertools import pairwise

import pytest

from annotations.parsing import parse_text
from annotations.text_units import TextUnits, Unit
from annotations.words import snap_to_words, word_at, word_spans
from tests.multilingual import ACCENTS, ARABIC, CHINESE, EMOJI, JAPANESE, THAI


def words(text: str) -> list[str]:
    return [text[start:end] for start, end in word_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("between $20 billion and $40 billion.",
         ["between", "$20", "billion", "and", "$40", "billion"]),
        ("It's a 'regional nuisance' of cross-border crime",
         ["It's", "a", "regional", "nuisance", "of", "cross-border", "crime"]),
        ("over 5,500 suspects, 28% and 1.4 at 10:30 (UNODC).",
         ["over", "5,500", "suspects", "28%", "and", "1.4", "at", "10:30", "UNODC"]),
        ("Fans cheered 👍🏽 and waved 🇯🇵 flags; a family 👨‍👩‍👧‍👦 came",
         ["Fans", "cheered", "👍🏽", "and", "waved", "🇯🇵", "flags", "a", "family",
          "👨‍👩‍👧‍👦", "came"]),
        (ACCENTS, ["Le", "cafe\u0301", "de", "Sa\u0303o", "Paulo", "et", "Zoe\u0308", "ont",
                   "ouvert", "dit", "Jose\u0301"]),
        (ARABIC, ["قال", "المتحدث", "باسم", "الحكومة", "إن", "الأسعار", "ارتفعت", "بنسبة",
                  "٧٪", "هذا", "العام"]),
        ("क्षत्रिय हिन्दी", ["क्षत्रिय", "हिन्दी"]),
        ("한국어 문장", ["한국어", "문장"]),
        (JAPANESE, ["東京都", "は", "新しい", "条例", "を", "発表", "し", "まし", "た", "カタカナ",
                    "の", "テスト", "です"]),
        (CHINESE, ["外交部", "发言人", "表示", "中国", "愿", "与", "各国", "加强", "执法", "合作",
                   "粳米", "价格上涨", "了", "百分之七"]),
        ("中文字符测试", ["中文", "字符", "测试"]),
        ("iPhone用の2025年", ["iPhone", "用", "の", "2025", "年"]),
        ("ສະບາຍດີ", ["ສ", "ະ", "ບ", "າ", "ຍ", "ດີ"]),  # Lao: no model, by grapheme cluster
    ],
)
def test_words_as_a_reader_counts_them(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_thai_is_cut_between_words_never_inside_a_letter_and_its_marks() -> None:
    found = words(THAI)
    assert "".join(found) == THAI.replace(" ", "")
    assert {"รัฐบาล", "ไทย", "ประกาศ", "เกษตรกร", "ที่", "ได้"} <= set(found)
    assert 10 < len(found) < 30  # words, not letters (the text has 60 characters)
    marks = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c"
    assert not any(word[0] in marks for word in found)


@pytest.mark.parametrize("text", [EMOJI, THAI, CHINESE, JAPANESE, ARABIC, ACCENTS])
def test_words_are_in_order_and_never_cut_a_grapheme(text: str) -> None:
    import regex

    boundaries = {0}
    for match in regex.finditer(r"\X", text):
        boundaries.add(match.end())
    spans = word_spans(text)
    assert all(a[1] <= b[0] for a, b in pairwise(spans))
    assert all(start in boundaries and end in boundaries for start, end in spans)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ja", "東京都知事選挙", ["東京都知事", "選挙"]),  # kanji only, in a Japanese article
        ("zh", "中国外交部发言人", ["中国外交部", "发言人"]),
        ("", "中国外交部发言人", ["中国外交部", "发言人"]),  # no kana: Chinese
    ],
)
def test_the_language_tells_japanese_han_from_chinese(language, text, expected) -> None:
    assert [text[a:b] for a, b in word_spans(text, language)] == expected


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("the Golden Triangle zone", 6, 15, "Golden Triangle"),  # "lden Tria"
        ("the Golden Triangle zone", 4, 10, "Golden"),  # already whole
        ("the Golden Triangle zone", 3, 11, " Golden "),  # spaces are left alone
        ("over $20 billion", 6, 10, "$20 billion"),  # "20 b"
        ("Le cafe\u0301 de Sa\u0303o", 4, 6, "cafe\u0301"),
        ("外交部发言人表示", 1, 4, "外交部发言人"),
        ("東京都は新しい条例", 5, 6, "新しい"),
        (THAI, 2, 8, "รัฐบาลไทย"),
    ],
)
def test_a_selection_snaps_outward_to_whole_words(text, start, end, expected) -> None:
    snapped = snap_to_words(text, start, end)
    assert text[snapped[0] : snapped[1]] == expected


@pytest.mark.parametrize(
    ("text", "offset", "expected"),
    [("say 5,500 now", 6, "5,500"), ("say 5,500 now", 3, None), ("👍🏽 ok", 1, "👍🏽")],
)
def test_the_word_at_an_offset(text, offset, expected) -> None:
    found = word_at(text, offset)
    assert (text[found[0] : found[1]] if found else None) == expected


ARTICLE = parse_text(
    "Title here\n"
    "One two three. Four five!\n"
    "Café\u0301 six 发言人表示 seven.\n"
    "1 Comment\nAna\n"
    "I agree. Fully.",
    "units.txt",
)
TEXT = ARTICLE.text


def at(quote: str, end: bool = False) -> int:
    start = TEXT.index(quote)
    return start + len(quote) if end else start


def body() -> TextUnits:
    return TextUnits(TEXT, ARTICLE.body)


@pytest.mark.parametrize(
    ("offset", "unit", "to_end", "expected"),
    [
        (at("One"), Unit.WORD, True, at("One", True)),
        (at("One", True), Unit.WORD, True, at("two", True)),  # from a word's end, the next's
        (at("three."), Unit.WORD, True, at("three", True)),
        (at("five!", True), Unit.WORD, True, at("Café\u0301", True)),  # into the next block
        (at("Café\u0301", True), Unit.WORD, True, at("six", True)),
        (at("发言人"), Unit.WORD, True, at("发言人", True)),
        (at("seven.", True), Unit.WORD, True, at("seven.", True)),  # the pane's last word
        (at("two"), Unit.SENTENCE, False, at("Four")),
        (at("Four"), Unit.SENTENCE, False, at("Café")),
        (at("two"), Unit.SENTENCE, True, at("three.", True)),
        (at("three.", True), Unit.SENTENCE, True, at("five!", True)),
        (at("Title"), Unit.PARAGRAPH, False, at("One")),
        (at("two"), Unit.PARAGRAPH, True, at("five!", True)),
        (at("seven"), Unit.PARAGRAPH, False, at("seven")),  # the last: nowhere to go
    ],
)
def test_moving_forward(offset, unit, to_end, expected) -> None:
    assert body().forward(offset, unit, to_end=to_end) == expected


@pytest.mark.parametrize(
    ("offset", "unit", "expected"),
    [
        (at("two", True), Unit.WORD, at("two")),
        (at("two"), Unit.WORD, at("One")),
        (at("One"), Unit.WORD, at("here")),  # back into the title
        (at("six"), Unit.WORD, at("Café")),
        (at("表示", True), Unit.WORD, at("表示")),
        (at("five"), Unit.SENTENCE, at("Four")),
        (at("Four"), Unit.SENTENCE, at("One")),
        (at("six"), Unit.PARAGRAPH, at("Café")),
        (at("Café"), Unit.PARAGRAPH, at("One")),
        (at("Title"), Unit.PARAGRAPH, at("Title")),
    ],
)
def test_moving_back(offset, unit, expected) -> None:
    assert body().backward(offset, unit) == expected


def test_a_pane_keeps_to_its_blocks() -> None:
    comments = TextUnits(TEXT, ARTICLE.comments)
    assert comments.backward(at("I agree"), Unit.WORD) == at("I agree")
    assert comments.forward(at("I agree"), Unit.SENTENCE, to_end=False) == at("Fully")
    assert body().forward(at("seven."), Unit.SENTENCE, to_end=False) == at("seven.")


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        ((at("two"), at("two", True)), "One two three."),  # a word grows to its sentence
        ((at("One"), at("three.", True)), "One two three. Four five!"),  # a sentence: the next
        ((at("One"), at("five!", True)), None),  # the block's last sentence: nothing more
        ((at("two"), at("Four", True)), "One two three. Four five!"),
    ],
)
def test_s_again_grows_the_selection_by_a_sentence(selection, expected) -> None:
    grown = body().grow_sentences(*selection)
    assert (TEXT[grown[0] : grown[1]] if grown else None) == expected


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        ((at("ne two"), at("thr") + 2), "One two three"),
        ((at("Café") + 1, at("six") + 1), "Café\u0301 six"),
        ((at("言人"), at("表示") + 1), "发言人表示"),
        ((at("One"), at("One", True)), "One"),
    ],
)
def test_snapping_a_selection_in_a_pane(selection, expected) -> None:
    snapped = body().snap(*selection)
    assert TEXT[snapped[0] : snapped[1]] == expected


@pytest.mark.parametrize(
    ("offset", "unit", "expected"),
    [
        (at("wo"), Unit.WORD, "two"),
        (at(" two"), Unit.WORD, None),
        (at("言"), Unit.WORD, "发言人"),
        (at("ive"), Unit.SENTENCE, "Four five!"),
        (at(" Four"), Unit.SENTENCE, "One two three."),  # the space after belongs before
    ],
)
def test_the_unit_around_a_click(offset, unit, expected) -> None:
    found = body().around(offset, unit)
    assert (TEXT[found[0] : found[1]] if found else None) == expected
