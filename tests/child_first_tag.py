"""An annotator that tags an article the moment it is opened, for the kill -9 test.

    python tests/child_first_tag.py DB ARTICLE

Opens the DB and the article as the app does (the article recorded by the first save, not as
it opens), prints `ready`, tags the first word before anything is saved, saves, and prints
`ack` once the tag is on disk.
"""

from __future__ import annotations

import sys

from annotations.model import DEFAULT_LABELS
from annotations.session import Session
from annotations.sets import open_paths
from annotations.store import AnnotationStore


def main() -> None:
    db, path = sys.argv[1], sys.argv[2]
    store = AnnotationStore.open(db, autoflush=False)
    session = Session(open_paths([path]), store, "tester", DEFAULT_LABELS)
    session.navigating.resume()
    print("ready", flush=True)
    text = session.article.text
    start = next(i for i, c in enumerate(text) if c.isalnum())
    session.editing.tag("claim", (start, start + 1))
    session.save()
    print("ack", flush=True)


if __name__ == "__main__":
    main()
