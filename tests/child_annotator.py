"""A second annotator in its own process, driven line by line, for the two-annotator tests.

    python tests/child_annotator.py DB ARTICLE NAME

Opens the DB as the app would, with every change saved as it is made, prints `ready`, then
reads commands from standard input, one a line, and answers each once its change is on disk:

    tag START END LABEL   ->  ok ID
    undo                  ->  ok          (the last change of this process, as `u` does)
    delete ID             ->  ok
    note ID TEXT          ->  ok
"""

from __future__ import annotations

import sys

from annotations.sets import read_article
from annotations.store import AnnotationStore


def main() -> None:
    db, path, name = sys.argv[1], sys.argv[2], sys.argv[3]
    article = read_article(path)
    store = AnnotationStore.open(db)
    store.add_articles([article])
    print("ready", flush=True)
    for line in sys.stdin:
        command, _, argument = line.rstrip("\n").partition(" ")
        if command == "tag":
            start, end, label = argument.split(" ")
            made = store.tag(article, int(start), int(end), label, name)
            print(f"ok {made.id}", flush=True)
            continue
        if command == "undo":
            store.undo(article.id)
        else:
            annotation_id, _, note = argument.partition(" ")
            current = {a.id: a for a in store.annotations(article.id)}[annotation_id]
            if command == "delete":
                store.delete(current)
            else:
                store.set_note(current, note)
        print("ok", flush=True)

if __name__ == "__main__":
    main()
