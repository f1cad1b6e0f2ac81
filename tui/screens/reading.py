"""Moving through the text and the set: sentences, search, articles, done and skipped."""

from __future__ import annotations

import re

from annotations.sentences import sentence_at
from annotations.store import DONE
from tui.screens.base import ArticleScreen
from tui.visible import visible
from tui.widgets.text_view import TextView


class ReadingActions(ArticleScreen):
    """The main screen's actions for finding text and moving through the set (a mixin of
    `MainScreen`)."""

    def action_select_sentence(self) -> None:
        """Select the sentence under the cursor."""
        view = self.text_view()
        layout = view.layout_lines
        if layout is None:
            return
        index = layout.block_index_at(view.cursor)
        if index is None:
            return
        block = layout.blocks[index]
        span = sentence_at(
            self.article.block_text(block), view.cursor - block.start, self.article.lang
        )
        if span is not None:
            view.select(block.start + span[0], block.start + span[1])
            self.update_status()

    def action_search(self) -> None:
        """Ask for text and select its next match in the article."""

        def search(query: str | None) -> None:
            if query:
                self.last_search = query
                self._find(forward=True)

        from tui.screens.prompt import TextPrompt

        prompt = TextPrompt(
            "Search the article", value=self.last_search, placeholder="text", replace=True
        )
        self.app.push_screen(prompt, search)

    def action_search_next(self) -> None:
        """Select the next match of the last search."""
        self._find(forward=True)

    def action_search_previous(self) -> None:
        """Select the previous match of the last search."""
        self._find(forward=False)

    def _find(self, forward: bool) -> None:
        if not self.last_search:
            self.notify("Nothing to search for yet: press / first.")
            return
        text = self.article.text
        flags = 0 if any(c.isupper() for c in self.last_search) else re.IGNORECASE
        matches = [m.span() for m in re.finditer(re.escape(self.last_search), text, flags)]
        if not matches:
            self.notify(f"Not found: {visible(self.last_search)}", severity="warning")
            return
        view = self.text_view()
        here = view.selection or (view.cursor, view.cursor)
        if forward:
            later = [span for span in matches if span[0] >= here[1] and span != here]
            chosen = later[0] if later else matches[0]
        else:
            earlier = [span for span in matches if span[1] <= here[0]]
            chosen = earlier[-1] if earlier else matches[-1]
        if (forward and not later) or (not forward and not earlier):
            self.notify("Search wrapped around the article.")
        target = self.view_holding(chosen[0])
        target.focus()
        target.select(*chosen)
        self.last_view_id = target.id or "article"
        self.update_status()

    def action_next_article(self) -> None:
        """Go to the next article of the set."""
        self._go_to_article(self.index + 1)

    def action_previous_article(self) -> None:
        """Go to the previous article of the set."""
        self._go_to_article(self.index - 1)

    def _go_to_article(self, index: int) -> None:
        total = len(self.session.articles)
        if not 0 <= index < total:
            self.notify("That is the last article." if index >= total else "That is the first.")
            return
        self.show_article(index)
        self.query_one("#article", TextView).focus()

    def action_mark(self, status: str) -> None:
        """Mark the article done or skipped, then go to the next article not done."""
        self.store.set_status(self.article, status)
        self.save()
        word = "done" if status == DONE else "skipped"
        statuses = self.store.statuses()
        following = self.session.articles.next_unfinished(self.index, statuses)
        if following is None:
            self.update_header()
            self.notify(f"Marked {word}. Every article of the set is done or skipped.")
            return
        self.notify(f"Marked {word}.")
        self._go_to_article(following)

    def action_article_list(self) -> None:
        """Show the set's articles; jump to the one picked."""
        statuses = self.store.statuses()
        counts = self.store.annotation_counts()
        entries = self.session.articles.entries
        from tui.screens.articles import ArticleListScreen

        screen = ArticleListScreen(
            [entry.title for entry in entries],
            [statuses.get(entry.id, "new") for entry in entries],
            [counts.get(entry.id, 0) for entry in entries],
            self.index,
        )

        def jump(position: int | None) -> None:
            if position is not None and position != self.index:
                self._go_to_article(position)

        self.app.push_screen(screen, jump)

