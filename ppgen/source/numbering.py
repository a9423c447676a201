"""Numbered list items keep the numbers written in the text.

Markdown numbers a list's items from its first number on, whatever the others say: clauses written 1, 2,
4, 7 (clause 3 deleted, clause 4 cited elsewhere) would show as 1, 2, 3, 4, and a reference to "clause 4"
would point at the wrong text. An item whose number is not the one before it plus one gets it as its
`value`, so the page shows what the text says. A list whose items all carry one number (`1.` each, the
Markdown way to let the numbers follow the order) is numbered in order, as Markdown does."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Token(Protocol):
    """What `keep_numbers` reads and sets of a markdown-it token."""

    type: str
    info: str
    level: int

    def attrSet(self, name: str, value: str | int | float) -> None: ...


class State(Protocol):
    """What `keep_numbers` reads of markdown-it's core state."""

    @property
    def tokens(self) -> Sequence[Token]: ...


def keep_numbers(state: State) -> None:
    """A markdown-it core rule: give each item of every numbered list the number written for it, where
    Markdown would show another (`value`)."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "ordered_list_open":
            continue
        items = []
        for inner in tokens[index + 1 :]:
            if inner.level == token.level:  # the list's own close
                break
            if inner.type == "list_item_open" and inner.level == token.level + 1 and inner.info.isdigit():
                items.append(inner)
        numbers = [int(item.info) for item in items]
        if len(set(numbers)) <= 1:
            continue
        for before, item, number in zip(numbers, items[1:], numbers[1:], strict=False):
            if number != before + 1:
                item.attrSet("value", str(number))
