"""The annotator's domain: articles, spans, labels, the store and the exporters.

Nothing here imports Textual or Rich, so it can be used from a plain script or a notebook.
"""

__version__ = "0.1.0"
