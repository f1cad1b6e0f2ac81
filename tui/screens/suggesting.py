"""Suggestions on screen: proposed block by block as blocks are drawn, decided with one key."""

from __future__ import annotations

from functools import partial

from textual.content import Content

from annotations.suggestions import Suggestion, open_suggestions, suggest, suggest_in_block
from tui.screens.base import ArticleScreen
from tui.visible import visible
from tui.widgets.text_view import TextView


class SuggestionActions(ArticleScreen):
    """The main screen's suggestion actions (a mixin of `MainScreen`).

    What the rules propose is drawn underlined in the label's colour until accepted (it
    becomes an annotation with origin "suggested") or rejected (it does not come back). The
    panes ask the rules for a block only when they draw it, so a 5 MB article pays for the
    part on screen; `A` alone runs the rules over the whole article.
    """

    def article_shown(self) -> None:
        super().article_shown()
        labels = [label.name for label in self.session.labels]
        suggester = (
            partial(suggest_in_block, self.article, rules=self.session.rules, labels=labels)
            if self.session.rules
            else None
        )
        rejected = self.store.rejected(self.article.id)
        for view in self.query(TextView):
            view.set_suggester(suggester, rejected)

    def open_suggestions(self) -> list[Suggestion]:
        """Every suggestion still to decide on this article (the rules over all of it)."""
        if not self.session.rules:
            return []
        labels = [label.name for label in self.session.labels]
        proposed = suggest(self.article, self.session.rules, labels)
        rejected = self.store.rejected(self.article.id)
        return open_suggestions(proposed, self.annotations, rejected, self.article.text)

    def suggestion_under_cursor(self) -> Suggestion | None:
        """The innermost open suggestion at the cursor of the text pane in use."""
        view = self.text_view()
        found = view.suggestions_at(view.cursor)
        return found[0] if found else None

    def suggestion_hint(self) -> Content | None:
        suggestion = self.suggestion_under_cursor()
        if suggestion is None:
            return super().suggestion_hint()
        colour = self.colours.get(suggestion.label, "#777777")
        return Content.assemble(
            (f" suggested {visible(suggestion.label)} ", f"bold #ffffff on {colour}"),
            Content(f" a accept · z reject · A accept every {visible(suggestion.label)}"),
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
        for view in self.query(TextView):
            view.reject(suggestion)
        self.update_status()
        self.save()

    def _wanted(self) -> Suggestion | None:
        suggestion = self.suggestion_under_cursor()
        if suggestion is None:
            self.notify("Put the cursor on a suggestion (underlined in its label's colour).")
        return suggestion
