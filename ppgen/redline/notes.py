"""Formatting notes as data: what changed in a piece's formatting or a block's kind, as keys of the
theme's redline words with the values of their fields (`Say`), worded by the theme (`redline.said`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from html import unescape

from ppgen.redline.words import appearance, tag_name, visible
from ppgen.source.links import quoted

_NAMES = {
    "strong": "bold",
    "b": "bold",
    "em": "italic",
    "i": "italic",
    "code": "code",
    "s": "strike-through",
    "u": "underline",
    "a": "link",
    "sup": "superscript",
    "sub": "subscript",
    "mark": "highlight",
    "small": "small-print",
    "kbd": "keyboard",
}
"""Each kind of inline formatting's word key (`fmt-…`) in the theme's redline words."""


@dataclass(frozen=True)
class Say:
    """The theme's words (a key of `redline_words`), with values for its `{x}` fields: numbers, the
    policy's own text (link targets, quoted words) or other words of the theme."""

    key: str
    values: tuple[tuple[str, int | str | Say], ...] = ()


def describe_format(was: tuple[str, ...], now: tuple[str, ...]) -> Say:
    """What changed between two formats, as the theme's words: `bold added`, `link target changed from X to Y`."""
    before = {tag_name(t): t for t in visible(was)}
    after = {tag_name(t): t for t in visible(now)}
    notes: list[Say] = []
    for name, tag in after.items():
        if name == "a" and name not in before:
            notes.append(Say("fmt-link-added", (("u", _href(tag)),)))
        elif name not in before:
            notes.append(Say("fmt-added", (("f", _feature(name)),)))
        elif name == "a" and _href(tag) != _href(before[name]):
            notes.append(Say("fmt-link-target", (("u", _href(before[name])), ("v", _href(tag)))))
        elif before[name] != tag:
            notes.append(Say("fmt-changed", (("f", _feature(name)),)))
    notes += [Say("fmt-removed", (("f", _feature(name)),)) for name in before if name not in after]
    return joined(notes) if notes else Say("fmt-any")


def describe_change(was: tuple[str, ...], now: tuple[str, ...], recased: bool) -> Say:
    """What changed about a `~` piece's words: their formatting (`describe_format`, when `was` and `now`
    differ), their capitals (`capitals changed`), or both."""
    notes = [describe_format(was, now)] if appearance(was) != appearance(now) else []
    if recased:
        notes.append(Say("fmt-case"))
    return joined(notes) if notes else Say("fmt-any")


def joined(notes: Sequence[Say]) -> Say:
    """Notes one after the other, as the theme joins two (`fmt-and`)."""
    return reduce(lambda a, b: Say("fmt-and", (("a", a), ("b", b))), notes)


def split_notes(note: Say) -> tuple[Say, ...]:
    """The notes `joined` made one, in order (a note not joined is itself)."""
    if note.key != "fmt-and":
        return (note,)
    values = dict(note.values)
    first, second = values["a"], values["b"]
    assert isinstance(first, Say) and isinstance(second, Say)
    return (*split_notes(first), *split_notes(second))


def of_links(note: Say) -> bool:
    """Does the note say only that links were added, removed or led elsewhere (a link is never formatting: its
    note keeps the label "Link:", and the wording-only switch keeps it)?"""
    said = dict(note.values).get("d") if note.key == "fmt-on" else note
    return all(
        part.key in ("fmt-link-target", "fmt-link-added")
        or part.key in ("fmt-added", "fmt-removed")
        and dict(part.values).get("f") == Say("fmt-link")
        for part in (split_notes(said) if isinstance(said, Say) else (note,))
    )


def _feature(name: str) -> Say | str:
    """A kind of formatting, as the theme's word (`fmt-bold`), or the element's own name when it has none."""
    return Say(f"fmt-{_NAMES[name]}") if name in _NAMES else name


def _href(tag: str) -> str | Say:
    match = re.search(r'\shref="([^"]*)"', tag)
    return quoted(unescape(match.group(1))) if match else Say("fmt-nowhere")
