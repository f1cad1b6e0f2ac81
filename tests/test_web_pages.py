"""Saved web pages: the reader comments come out one by one with their authors, never in the
body; pages whose comments a script loads say so.

Each page in tests/data/ is written the way its kind of site writes it: navigation, share
buttons, related links, comment rules, reply links, time stamps, a reply form.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.model import BLOCK_SEPARATOR
from annotations.sets import read_article

DATA = Path(__file__).with_name("data")

WORDPRESS = [
    ("Dilys Pritchard", "My daughter takes the 7.15 to school. With two sailings she will wait "
     "four hours for the boat home.", "2024-03-04T08:02:11+00:00"),
    ("Rhiannon Morgan", "The school told us it will ask the council for a later start on "
     "Mondays. We will follow this up.", "2024-03-04T08:40:57+00:00"),
    ("Owain", "Fuel costs went down last year. Where did the money go?",
     "2024-03-04T09:15:00+00:00"),
    ("Mair Hughes", "Six deckhands by September? They have been advertising since 2022.",
     "2024-03-04T10:03:45+00:00"),
    ("Tom Bevan", "400,000 pounds is a lot of money for two boats a day. The council should run "
     "the ferry itself.", "2024-03-04T11:20:02+00:00"),
    ("Sian", "It did, until 1998. It lost money every year.", "2024-03-04T11:48:30+00:00"),
    ("Tom Bevan", "A public service is not meant to make money.", "2024-03-04T12:05:09+00:00"),
    ("Ffion Jones", "Will the hospital change its appointment times? Nobody can reach a 9 "
     "o'clock clinic now.", "2024-03-04T13:31:00+00:00"),
    ("Island Bakery", "Our flour comes on the 11 o'clock boat. We will have to change supplier.",
     "2024-03-04T15:12:40+00:00"),
    ("Gwen Roberts", "Is there a petition yet? I would sign it today.",
     "2024-03-05T07:55:18+00:00"),
]

DISQUS = [
    ("Ed Halbrook", "Sunday opening is the best news this town has had in years. I will sign up "
     "for the reading hour.", "Tuesday, June 11, 2024 9:14 AM"),
    ("Karen Obi", "Thank you Ed! The sign-up sheet is at the front desk until Friday.",
     "Tuesday, June 11, 2024 10:02 AM"),
    ("Margaret Whitcombe", "Volunteers are welcome, but they should not replace trained "
     "librarians. What happens when the volunteers move on?", "Tuesday, June 11, 2024 11:47 AM"),
    ("Guest", "Will the café reopen too?", "Tuesday, June 11, 2024 2:30 PM"),
    ("Duc Tran", "Thursday evenings will help students after school. Good decision.",
     "Wednesday, June 12, 2024 8:05 AM"),
]

MICRODATA = [
    ("Lucía Fernández", "Por fin. Voy al trabajo en bici y la avenida es un peligro a las ocho "
     "de la mañana.", "2024-05-14T08:03:00+02:00"),
    ("Andrés M.", "¿Y dónde aparcarán los repartidores? Nadie lo ha explicado.",
     "2024-05-14T09:41:00+02:00"),
    ("Pilar Gómez", "Muy bien, pero 1,8 millones por 2,4 km me parece caro. ¿Se ha comparado "
     "con otras ciudades?", "2024-05-14T12:15:00+02:00"),
]

CUSTOM_THAI = [
    ("สมชาย ใจดี", "ออกจากบ้านเช้านี้มองไม่เห็นตึกฝั่งตรงข้ามเลย ลูกไอทั้งคืน",
     "2024-03-12T09:05:00+07:00"),
    ("น้องฝน", "ทุกปีก็เป็นแบบนี้ เมื่อไหร่จะแก้ที่ต้นเหตุเสียที", "2024-03-12T09:47:00+07:00"),
    ("Tanawat K.", "ควรปิดโรงเรียนตั้งแต่วันนี้ ไม่ต้องรอสามวัน", "2024-03-12T10:20:00+07:00"),
    ("ป้าแดง", "ขอบคุณ อ.สุรชัย ที่ออกมาเตือน", "2024-03-12T11:02:00+07:00"),
]

JSON_LD = [
    ("山田花子", "漁業への影響はきちんと調査されたのでしょうか。説明会を開いてほしいです。",
     "2024-06-11T19:02:00+09:00"),
    ("kenji_t", "電気代が下がるなら賛成です。", "2024-06-11T20:15:00+09:00"),
    ("港町新聞 編集部", "ご意見ありがとうございます。説明会は7月に予定されています。",
     "2024-06-12T09:00:00+09:00"),
]

MARKUP = [
    ("[red]Mallory[/red]", "Steht im Tarif wirklich [b]3,5 Cent[/b]? Das ist mehr als im "
     "letzten Jahr.", "28.11.2024, 17:02 Uhr"),
    ("Ingrid W.", "Beim Kopieren aus dem Terminal stand da \\x1b[31mACHTUNG\\x1b[0m und "
     "\x1b[1mfett\x1b[0m im Text.", "28.11.2024, 17:30 Uhr"),
    ("<script>alert(1)</script>", 'Wer <script>alert("hi")</script> schreibt, meint es nicht '
     "gut. Preise & Tarife: fett und kursiv.", "28.11.2024, 18:11 Uhr"),
    ("Jörg", "Ich habe schon gewechselt. Das ging in zehn Minuten.", "29.11.2024, 07:45 Uhr"),
]

PAGES = {
    "wordpress.html": ("Ferry Timetable Cut to Two Sailings a Day", "en", WORDPRESS),
    "disqus.html": ("Library Opening Hours to Grow After Volunteer Drive", "en", DISQUS),
    "microdata.html": (
        "El ayuntamiento aprueba el carril bici de la avenida del Puerto", "es", MICRODATA
    ),
    "custom-cms-thai.html": ("อ.สุรชัย เตือนฝุ่นพิษเกินมาตรฐานทั่วกรุงเทพฯ", "th", CUSTOM_THAI),
    "json-ld-japanese.html": ("市議会、洋上風力発電所の建設を承認", "ja", JSON_LD),
    "markup-in-comments.html": ("Stadtwerke erhöhen den Strompreis ab Januar", "de", MARKUP),
}

NOT_BODY = {
    "wordpress.html": ["Our comment rules", "Be civil", "Leave a comment", "says:", "Reply",
                       "4 March 2024 at", "10 comments", "Your email address", "Related"],
    "disqus.html": ["Join the discussion", "community guidelines", "Sort by Best", "Login",
                    "a month ago", "Load more comments", "Powered by Disqus", "5 comments"],
    "microdata.html": ["3 opiniones", "Normas de participación", "Responder", "14 may.",
                       "Tu opinión"],
    "custom-cms-thai.html": ["ความคิดเห็น 4 รายการ", "กรุณาแสดงความคิดเห็น", "ตอบกลับ", "ถูกใจ",
                             "12 มี.ค. 67"],
    "json-ld-japanese.html": ["読者のコメント", "コメントは編集部の確認後"],
    "markup-in-comments.html": ["Kommentare (4)", "Bitte bleiben Sie sachlich", "Antworten",
                                "17:02 Uhr", "Absenden"],
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_comments_come_out_one_by_one_with_their_authors(name: str) -> None:
    title, lang, expected = PAGES[name]
    article = read_article(DATA / name)
    assert article.title == title
    assert article.lang == lang
    got = [(block.author, article.block_text(block)) for block in article.comments]
    assert got == [(author, text) for author, text, _ in expected]
    assert article.meta["comment_times"] == [time for _, _, time in expected]
    assert article.warnings == ()
    parts = [article.text[b.start : b.end] for b in article.blocks]
    assert BLOCK_SEPARATOR.join(parts) == article.text and all(parts)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_comment_and_no_comment_furniture_in_the_body(name: str) -> None:
    article = read_article(DATA / name)
    body = BLOCK_SEPARATOR.join(article.block_text(block) for block in article.body)
    assert len(article.body) >= 4  # title and three paragraphs at least
    for _, text, _ in PAGES[name][2]:
        assert text[:20] not in body
    for furniture in NOT_BODY[name]:
        assert furniture not in body


def test_a_page_whose_comments_a_script_loads_says_so_in_one_line() -> None:
    article = read_article(DATA / "comments-by-script.html")
    assert article.comments == ()
    assert len(article.warnings) == 1
    (notice,) = article.warnings
    assert "\n" not in notice
    assert "not in the saved page" in notice and "Disqus" in notice
    body = " ".join(article.block_text(block) for block in article.body)
    assert "enable JavaScript" not in body and "Join the conversation" not in body
    assert body.startswith("Town Hall Clock to Chime Again After Repair")


def test_a_page_without_comments_says_nothing_about_them(tmp_path: Path) -> None:
    page = (DATA / "comments-by-script.html").read_text(encoding="utf-8")
    start = page.index('<section class="article-comments">')
    end = page.index("</section>", start) + len("</section>")
    plain = tmp_path / "plain.html"
    page = page[:start] + page[end:]
    plain.write_text(page.replace(' class="disqus-comment-count"', ""), encoding="utf-8")
    article = read_article(plain)
    assert article.comments == () and article.warnings == ()


def test_comments_without_a_text_part_keep_their_paragraphs() -> None:
    article = read_article(DATA / "page.html")
    assert [(c.author, article.block_text(c)) for c in article.comments] == [
        ("Ann", "Great news for the town, finally some jobs."),
        ("Bob", "Not so sure about the noise from those turbines at night."),
    ]
    assert "comment_times" not in article.meta
