"""A separate process that annotates through the store, for the durability tests.

    python tests/child_writer.py DB ARTICLE COUNT NAME

Tags COUNT spans of ARTICLE (a note on every other one) with autoflush on, and prints
`ack ID NOTE` once each change is on disk: whatever was acknowledged must survive a kill.
"""

from __future__ import annotations

import sys

from annotations.sets import read_article
from annotations.store import AnnotationStore


def main() -> None:
    db, path, count, name = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    article = read_article(path)
    store = AnnotationStore.open(db)
    store.add_articles([article])
    print("ready", flush=True)
    length = len(article.text)
    for number in range(count):
        start = (number * 37) % (length - 20)
        annotation = store.tag(article, start, start + 5 + number % 10, "claim", name)
        note = ""
        if number % 2:
            note = f"{name} note {number}"
            store.set_note(annotation, note)
        print(f"ack {annotation.id} {note}", flush=True)


if __name__ == "__main__":
    main()
