"""Binding the label set's keys, which are known only once the label file has been read.

Textual merges a class's `BINDINGS` when the class is made; the public way to bind keys chosen
at run time is a subclass made then, with those keys in its `BINDINGS`. One is made per screen
class and label set, and kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TypeVar, cast

from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.keys import key_to_character

from annotations.model import Label

NodeT = TypeVar("NodeT", bound=DOMNode)


def label_bindings(labels: Iterable[Label], action: str, verb: str = "") -> list[Binding]:
    """A binding of each label's key to `action('NAME')`, described as `verb NAME`.

    The name is written as a Python string literal, which is how Textual reads an action's
    arguments: a name with a quote (`don't`) or a backslash stays one argument.
    """
    return [
        Binding(label.key, f"{action}({label.name!r})", f"{verb} {label.name}".strip())
        for label in labels
    ]


@cache
def with_bindings(
    node_class: type[NodeT], bindings: tuple[Binding, ...], *, first: bool = False
) -> type[NodeT]:
    """`node_class` with `bindings` as well, bound first of all its keys or after them.

    Args:
        node_class: A screen (or widget) class.
        bindings: The extra bindings (hashable, so that each set makes one subclass).
        first: Put them before the class's own bindings: the key bar shows keys in the order
            they are bound, and the label keys come first there.
    """
    if first:
        own = [binding for base in _binding_bases(node_class) for binding in base]
        namespace = {"BINDINGS": [*bindings, *own], "__module__": node_class.__module__}
        made = type(node_class.__name__, (node_class,), namespace, inherit_bindings=False)
    else:
        namespace = {"BINDINGS": list(bindings), "__module__": node_class.__module__}
        made = type(node_class.__name__, (node_class,), namespace)
    return cast("type[NodeT]", made)


def _binding_bases(node_class: type[DOMNode]) -> list[list[BindingType]]:
    """The `BINDINGS` of `node_class` and of each class it inherits from, base first (none of
    them sets `inherit_bindings=False`)."""
    return [
        base.__dict__.get("BINDINGS", [])
        for base in reversed(node_class.__mro__)
        if issubclass(base, DOMNode)
    ]


def bound_characters(classes: Iterable[type[DOMNode]]) -> frozenset[str]:
    """The printable characters the classes bind, with the bindings they inherit: keys a
    label cannot take."""
    keys: set[str] = set()
    for cls in classes:
        bindings = [binding for base in _binding_bases(cls) for binding in base]
        for binding in Binding.make_bindings(bindings):
            # Textual names "/" slash, which is not its Unicode name: its key_display says it.
            character = key_to_character(binding.key) or binding.key_display
            if character and len(character) == 1 and character.isprintable() \
                    and not character.isspace():
                keys.add(character)
    return frozenset(keys)
