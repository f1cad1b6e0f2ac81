"""The Textual app: the screens, widgets and command line of the annotator."""
