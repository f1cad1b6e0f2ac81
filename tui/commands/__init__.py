"""The command-line commands that do not start the app: export, import, agree, merge, stats.

They import neither Textual nor the app's screens, so they start quickly and can run where
there is no terminal.
"""

COMMANDS = {
    "export": "write the annotations in a format another tool reads (json, jsonl, doccano, ...)",
    "import": "read annotations made here or in Prodigy, spaCy or doccano into a DB",
    "agree": "how far annotators agree: F1 and kappa per pair, label and article",
    "merge": "one adjudication DB from several annotators' work",
    "stats": "annotations per label, article and annotator, and progress",
}
"""The subcommands, each with the line `annotator --help` shows for it."""
