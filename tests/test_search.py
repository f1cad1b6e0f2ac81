"""Search as a reader expects it: what looks the same matches, and the selection is the text as
written, in every script."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.search import Search, fold, matches, next_match
from tests.multilingual import ARABIC, CHINESE, EMOJI, JAPANESE, THAI


def quotes(text: str, query: str) -> list[str]:
    """The text of each match, as written."""
    return [text[start:end] for start, end in matches(text, query)]


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        # typographic quotes, dashes and spaces, as 8 of 19 real articles write them
        ("Trump’s plan and Trump's aide", "Trump's", ["Trump’s", "Trump's"]),
        ("He said “no” twice", '"no"', ["“no”"]),
        ("a „Zitat“ and «citation»", '"Zitat"', ["„Zitat“"]),
        ("a ‘quote’", "'quote'", ["‘quote’"]),
        ("2010–2015 and 2016—2020", "2010-2015", ["2010–2015"]),
        ("a well‐known −5 figure", "-5", ["−5"]),
        ("a well‐known case", "well-known", ["well‐known"]),
        ("10\u00a0000 people", "10 000", ["10\u00a0000"]),
        ("10\u202f000 and 10\u2009000", "10 000", ["10\u202f000", "10\u2009000"]),
        ("two  spaces\there", "two spaces here", ["two  spaces\there"]),
        ("soft\u00adhyphen", "softhyphen", ["soft\u00adhyphen"]),
        ("zero\u200bwidth", "zerowidth", ["zero\u200bwidth"]),
        # French and Spanish accents: smart, as the case is
        ("Le café de Zoé", "cafe", ["café"]),
        ("Le café de Zoé", "café", ["café"]),
        ("Le cafe, pas le café", "café", ["café"]),
        ("Le cafe\u0301 (decomposed)", "cafe", ["cafe\u0301"]),
        ("Le cafe\u0301 (decomposed)", "café", ["cafe\u0301"]),
        ("El niño y la niña", "nino", ["niño"]),
        ("El niño y la niña", "NIÑA", []),  # capital: only that case
        ("El niño y la niña", "Niña", []),
        ("El niño y la NIÑA", "niña", ["NIÑA"]),
        ("Ça va, ça va", "ça", ["Ça", "ça"]),
        ("São Paulo", "sao paulo", ["São Paulo"]),
        ("Ελλάδα", "ελλαδα", ["Ελλάδα"]),
        # Japanese full-width and half-width forms (NFKC), and kana kept apart by their marks
        ("ＴＯＫＹＯ２０２０の開会式", "tokyo2020", ["ＴＯＫＹＯ２０２０"]),
        ("ＴＯＫＹＯ２０２０の開会式", "Tokyo2020", []),  # capital: only that case
        ("ｶﾞｲﾄﾞブック", "ガイド", ["ｶﾞｲﾄﾞ"]),
        ("ガイドとカイト", "カイ", ["カイ"]),  # が is not か: its mark is not an accent
        ("価格は１００円", "100円", ["１００円"]),
        (JAPANESE, "カタカナ", ["カタカナ"]),
        # Chinese: full-width punctuation as typed on any keyboard
        ("中国（北京）表示：同意！", "(北京)", ["（北京）"]),
        (CHINESE, "中国愿与各国", ["中国愿与各国"]),
        # Arabic: vowel marks and the tatweel do not count, unless the query has marks
        ("قال مُحَمَّد إن", "محمد", ["مُحَمَّد"]),
        ("الكتـــاب الجديد", "الكتاب", ["الكتـــاب"]),
        ("مُحَمَّد ومحمد", "مُحَمَّد", ["مُحَمَّد"]),
        (ARABIC, "٧٪", ["٧٪"]),
        ("\u200fقال\u200e الوزير", "قال", ["قال"]),  # the invisible marks stay out
        # Hebrew points
        ("שָׁלוֹם עולם", "שלום", ["שָׁלוֹם"]),
        # Thai: its vowel and tone marks are letters to a reader
        (THAI, "ประกาศ", ["ประกาศ"]),
        ("ไก่ ไก", "ไก่", ["ไก่"]),
        # emoji: a sequence is selected whole, never cut
        (EMOJI, "📈", ["📈"]),
        ("a family 👨\u200d👩\u200d👧\u200d👦 came", "👨", ["👨\u200d👩\u200d👧\u200d👦"]),
        ("I ❤\ufe0f it and ❤ that", "❤", ["❤\ufe0f", "❤"]),
        # ligatures and other compatibility characters change length
        ("ﬁve ﬁnal", "fi", ["ﬁ", "ﬁ"]),
        ("wait… what", "wait...", ["wait…"]),
        ("the ﬀ ligature", "f", ["ﬀ"]),  # two f in one character: one selection
        # literally, never a pattern
        ("a [x] and a.b", "[x]", ["[x]"]),
        ("a.b and axb", "a.b", ["a.b"]),
        ("nothing here", "", []),
    ],
)
def test_matches_what_the_reader_sees(text: str, query: str, expected: list[str]) -> None:
    assert quotes(text, query) == expected


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("x ﬁnal ﬁ", "final", [(2, 6)]),  # one character for two: the text is shorter
        ("…x", "x", [(1, 2)]),
        ("a\u0301b", "b", [(2, 3)]),
        ("a\u0301b", "a", [(0, 2)]),  # the accent goes with its letter
        ("A\u200b\u200bB c", "ab", [(0, 4)]),
        ("\u200bab", "ab", [(1, 3)]),
        ("ab\u200b", "ab", [(0, 2)]),
        ("ｶﾞｶﾞx", "x", [(4, 5)]),  # two half-width characters for one kana
        ("x  y  x", "x y", [(0, 4)]),
        ("x  y  x", "y x", [(3, 7)]),
        ("½ and ⅓", "1⁄3", [(6, 7)]),
    ],
)
def test_offsets_map_back_to_the_text_as_written(text, query, expected) -> None:
    assert matches(text, query) == expected


@pytest.mark.parametrize(
    "text",
    ["ﬁne … “ok” cafe\u0301 ｶﾞ ＡＢＣ a\u200bb ﷺ مُحَمَّد 한국 \u1100\u1161\u11a8 x", EMOJI, CHINESE],
)
def test_the_folded_text_maps_every_offset_back_in_order(text: str) -> None:
    folded = fold(text, strip_accents=True)
    spans = [folded.original(i, i + 1) for i in range(len(folded.text))]
    assert all(0 <= start < end <= len(text) for start, end in spans)
    assert [start for start, _ in spans] == sorted(start for start, _ in spans)
    assert folded.original(0, len(folded.text)) == (0, len(text))


printable = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)


@given(printable, printable, printable)
def test_a_query_is_found_where_it_was_put(before: str, query: str, after: str) -> None:
    """In any script, a query put in a text is found there, and every match is a span of
    the text as written."""
    text = f"{before}\n{query}\n{after}"
    found = matches(text, query)
    assert all(0 <= start < end <= len(text) for start, end in found)
    assert found == sorted(found)
    if fold(query, strip_accents=True).text.strip():
        put = len(before) + 1
        assert any(put <= start and end <= put + len(query) for start, end in found)


def test_search_keeps_its_matches_until_the_query_or_the_text_changes() -> None:
    text = "one two one two one"
    search = Search()
    assert search.matches(text) == []
    search.query = "one"
    assert search.matches(text) == [(0, 3), (8, 11), (16, 19)]
    assert search.overlapping(text, 2, 9) == [(0, 3), (8, 11)]
    assert search.overlapping(text, 3, 8) == []
    assert search.position(text, (8, 11)) == (2, 3)
    assert search.position(text, (8, 10)) is None
    assert search.position(text, None) is None
    other = "two one"
    assert search.matches(other) == [(4, 7)]
    search.query = "two"
    assert search.matches(other) == [(0, 3)]


@pytest.mark.parametrize(
    ("here", "forward", "expected"),
    [
        ((0, 0), True, ((2, 4), False)),
        ((2, 4), True, ((6, 8), False)),
        ((6, 8), True, ((2, 4), True)),
        ((6, 8), False, ((2, 4), False)),
        ((2, 4), False, ((6, 8), True)),
    ],
)
def test_next_match(here, forward, expected) -> None:
    assert next_match([(2, 4), (6, 8)], here, forward) == expected
