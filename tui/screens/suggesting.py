"""Suggestions on screen: proposed in the background, accepted or rejected with one key."""

from __future__ import annotations

from textual import work
from textual.content import Content
from textual.worker import Worker, WorkerState

from annotations.model import Article
from annotations.suggestions import Suggestion, open_suggestions, suggest
from tui.screens.base import ArticleScreen
from tui.visible import visible
from tui.widgets.text_view import TextView


class SuggestionActions(ArticleScreen):
    """The main screen's suggestion actions (a mixin of `MainScreen`).

    The rules run in a worker thread when an article is shown (on a 5 MB article they take a
    moment); what they propose is drawn underlined in the label's colour until accepted (it
    becomes an annotation with origin "suggested") or rejected (it does not come back).
    """

    def article_shown(self) -> None:
        super().article_shown()
        if self.session.rules:
            self._propose(self.article)

    @work(thread=True, exclusive=True, group="suggest", exit_on_error=False)
    def _propose(self, article: Article) -> tuple[str, list[Suggestion]]:
        labels = [label.name for label in self.session.labels]
        return article.id, suggest(article, self.session.rules, labels)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "suggest" or event.state != WorkerState.SUCCESS:
            return
        result = event.worker.result
        if result is None:
            return
        article_id, proposed = result
        if article_id == self.article.id:
            self.suggestions = proposed
            self.annotations_refreshed()
            self.update_status()

    def annotations_refreshed(self) -> None:
        super().annotations_refreshed()
        still_open = self.open_suggestions()
        for view in self.query(TextView):
            view.set_suggestions(still_open)

    def open_suggestions(self) -> list[Suggestion]:
        """The suggestions still to decide on this article."""
        if not self.suggestions:
            return []
        rejected = self.store.rejected(self.article.id)
        return open_suggestions(self.suggestions, self.annotations, rejected, self.article.text)

    def suggestion_under_cursor(self) -> Suggestion | None:
        """The innermost open suggestion at the cursor of the text pane in use."""
        view = self.text_view()
        found = view.suggestions_at(view.cursor)
        return found[0] if found else None

    def suggestion_hint(self) -> Content | None:
        suggestion = self.suggestion_under_cursor()
        if suggestion is None:
            return super().suggestion_hint()
        same = sum(s.label == suggestion.label for s in self.open_suggestions())
        colour = self.colours.get(suggestion.label, "#777777")
        return Content.assemble(
            (f" suggested {visible(suggestion.label)} ", f"bold #ffffff on {colour}"),
            Content(f" a accept · z reject · A accept all {same} {visible(suggestion.label)}"),
        )

    def action_accept_suggestion(self) -> None:
        """Make the suggestion under the cursor an annotation."""
        suggestion = self._wanted()
        if suggestion is None:
            return
        made = self.store.tag(self.article, suggestion.start, suggestion.end, suggestion.label,
                              self.session.annotator, origin="suggested")
        self.active_id = made.id
        self.changed()

    def action_accept_all(self) -> None:
        """Accept every open suggestion of the label of the one under the cursor."""
        suggestion = self._wanted()
        if suggestion is None:
            return
        chosen = [s for s in self.open_suggestions() if s.label == suggestion.label]
        for each in chosen:
            self.store.tag(self.article, each.start, each.end, each.label,
                           self.session.annotator, origin="suggested")
        self.changed()
        self.notify(f"Accepted {len(chosen)} suggested {visible(suggestion.label)} "
                    "(u undoes them one at a time).")

    def action_reject_suggestion(self) -> None:
        """Reject the suggestion under the cursor: it does not come back for this article."""
        suggestion = self._wanted()
        if suggestion is None:
            return
        quote = self.article.text[suggestion.start : suggestion.end]
        self.store.reject(self.article, suggestion.label, quote)
        self.annotations_refreshed()
        self.update_status()
        self.save()

    def _wanted(self) -> Suggestion | None:
        suggestion = self.suggestion_under_cursor()
        if suggestion is None:
            self.notify("Put the cursor on a suggestion (underlined in its label's colour).")
        return suggestion
