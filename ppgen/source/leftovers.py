"""Template syntax left from another tool (`{{ … }}`, `{% … %}`, GitHub Docs' `[AUTOTITLE](…)`): where it is.
Pure functions on strings.

ppgen never runs content through a template engine; `markdown` reports what this finds (an error, or
with template_syntax = "text" a warning), and `titles` keeps a heading holding some from being a title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_OPEN = re.compile(r"\{[{%]")
_CLOSE = {"{{": "}}", "{%": "%}"}
_AUTOTITLE = re.compile(r"\[AUTOTITLE\]\([^()\s]*\)")
"""A link whose words GitHub Docs fills in with the title of the page it leads to: elsewhere a reader sees
the word AUTOTITLE."""


def find(text: str) -> Iterator[tuple[int, str]]:
    """Each `{{ … }}`, `{% … %}` and `[AUTOTITLE](…)` in `text`, as (start, text), in order."""
    found = _braces(text)
    if "[AUTOTITLE]" not in text:
        return found
    return iter(sorted([*found, *((match.start(), match.group(0)) for match in _AUTOTITLE.finditer(text))]))


def _braces(text: str) -> Iterator[tuple[int, str]]:
    """Each `{{ … }}` and `{% … %}` in `text`, as (start, text): a closing is looked for once per
    kind after it is missing, so a thousand unclosed `{{` are read once, not a thousand times."""
    closed_off: set[str] = set()
    position = 0
    while len(closed_off) < 2 and (opening := _OPEN.search(text, position)):
        kind = opening.group(0)
        end = -1 if kind in closed_off else text.find(_CLOSE[kind], opening.end())
        if end < 0:
            closed_off.add(kind)
            position = opening.start() + 1
            continue
        yield opening.start(), text[opening.start() : end + 2]
        position = end + 2


def present(text: str) -> bool:
    """Whether `text` holds a `{{ … }}` or `{% … %}`."""
    return next(find(text), None) is not None
