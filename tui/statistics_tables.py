"""A DB's statistics as Rich tables with bars: what `annotator stats` prints and the app's
statistics screen shows."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from annotations.outcome import counted
from annotations.statistics import Statistics, bar
from tui.visible import visible


def statistics_tables(statistics: Statistics) -> list[Table]:
    """The statistics as Rich tables with bars (for the command and the app's screen)."""
    tables = []
    done = statistics.by_status.get("done", 0)
    summary = Table.grid(padding=(0, 2))
    summary.add_row(Text(f"{counted(statistics.annotations, 'annotation')} on "
                         f"{counted(statistics.articles, 'article')} · "
                         f"{done}/{statistics.articles} done · "
                         f"{statistics.suggested} from suggestions · "
                         f"{statistics.orphans} orphaned", style="bold"))
    tables.append(summary)
    for title, counts, limit in (
        ("progress", {k.replace("_", " "): v for k, v in statistics.by_status.items()}, None),
        ("by label", statistics.by_label, None),
        ("relations by type", statistics.by_relation, None),
        ("article and comment labels", statistics.by_choice, None),
        ("by annotator", statistics.by_annotator, None),
        ("by article", statistics.by_article, 40),
    ):
        if not counts and title.startswith(("relations", "article and")):
            continue  # a DB without them says nothing of them
        table = Table(title=Text(title), title_justify="left", show_header=False, box=None,
                      padding=(0, 1))
        table.add_column("name", max_width=50, no_wrap=True)
        table.add_column("count", justify="right")
        table.add_column("bar")
        most = max(counts.values(), default=0)
        items = list(counts.items())
        for name, value in items[:limit] if limit else items:
            table.add_row(Text(visible(name)), str(value), Text(bar(value, most), style="cyan"))
        if limit and len(items) > limit:
            table.add_row(Text(f"… and {len(items) - limit} more"), "", "")
        tables.append(table)
    return tables
