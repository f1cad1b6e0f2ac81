"""Articles in other scripts, annotated, for the export tests: emoji (skin tones, flags, ZWJ
sequences), Thai, Chinese, Japanese, Arabic and combining accents, with ids that clash as file
names and cells that look like spreadsheet formulas."""

from __future__ import annotations

from annotations.model import Annotation, Article
from annotations.records import article_from_record
from tests.test_exporters import STAMP

EMOJI = (
    "Fans cheered 👍🏽 and waved 🇯🇵 flags; a family 👨‍👩‍👧‍👦 came too, under a 🏳️‍🌈 banner.\n\n"
    "Prices rose 5% 📈 after the vote 🗳️."
)
THAI = "รัฐบาลไทยประกาศมาตรการใหม่ เพื่อช่วยเหลือเกษตรกรที่ได้รับผลกระทบ"
CHINESE = "外交部发言人表示，中国愿与各国加强执法合作。粳米价格上涨了百分之七。"
JAPANESE = "東京都は新しい条例を発表しました。カタカナのテストです。"
ARABIC = "قال المتحدث باسم الحكومة إن الأسعار ارتفعت بنسبة ٧٪ هذا العام."
ACCENTS = "Le cafe\u0301 de Sa\u0303o Paulo et Zoe\u0308 ont ouvert, dit Jose\u0301."
FORMULAS = "=HYPERLINK(\"http://x\") was typed in a comment, and -5% and +33 and @bob too."

# (id, title, text, [(quote, label, note, annotator)])
ARTICLES: list[tuple[str, str, str, list[tuple[str, str, str, str]]]] = [
    ("新闻", "表情 emoji 🎉", EMOJI, [
        ("👍🏽", "opinion", "a skin tone", "ana"),
        ("🇯🇵 flags", "figure", "", "ana"),
        ("👨‍👩‍👧‍👦", "claim", "", "bo"),
        ("🏳️‍🌈 banner", "claim", "", "bo"),
        ("5% 📈", "figure", "", "ana"),
    ]),
    ("报道", "ข่าว Thai", THAI, [
        ("ประกาศมาตรการใหม่", "claim", "", "ana"),
        ("เกษตรกร", "figure", "", "ana"),
    ]),
    ("a/b", "中文 / 日本語", f"{CHINESE}\n\n{JAPANESE}", [
        ("中国", "claim", "国家", "ana"),
        ("百分之七", "figure", "", "ana"),
        ("東京都", "claim", "", "bo"),
        ("カタカナ", "opinion", "", "bo"),
    ]),
    ("a_b", "عربي", ARABIC, [
        ("الحكومة", "claim", "", "ana"),
        ("٧٪", "figure", "", "ana"),
    ]),
    ("..accents", "Accents", ACCENTS, [
        ("cafe\u0301", "claim", "", "ana"),
        ("Sa\u0303o Paulo", "figure", "", "ana"),
        ("Zoe\u0308", "opinion", "", "ana"),
    ]),
    ("=cmd", "=SUM(A1:A2)", FORMULAS, [
        ("=HYPERLINK(\"http://x\")", "-label", "+note", "@eve"),
        ("-5%", "figure", "\tstarts with a tab", "ana"),
        ("+33", "figure", "\rstarts with CR", "ana"),
        ("@bob", "claim", "=1+2", "ana"),
    ]),
]


def build() -> list[tuple[Article, str, list[Annotation]]]:
    """The articles with their annotations, as the store's contents give them."""
    contents = []
    number = 100
    for identifier, title, text, quotes in ARTICLES:
        article = article_from_record({"id": identifier, "title": title, "text": text}, "m.jsonl")
        annotations = []
        for quote, label, note, annotator in quotes:
            number += 1
            start = article.text.index(quote, len(title))
            annotations.append(Annotation(
                id=f"{number:032x}", article_id=article.id, label=label, start=start,
                end=start + len(quote), text=quote, note=note, annotator=annotator,
                created=STAMP, updated=STAMP,
            ))
        contents.append((article, "done", annotations))
    return contents
