"""Syntax left from another tool (`{{ … }}`, `{% … %}`, GitHub Docs' `[AUTOTITLE](…)`, the attributes pandoc
and kramdown write, `[words]{.insertion author="…"}`, `{:target="_blank"}`): where it is. Pure functions on
strings.

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
_ATTRIBUTES = re.compile(
    r"\{:[^{}\n]*\}"  # kramdown's (Jekyll's): {:target="_blank"}, {: .note}, {:toc}
    r"|(?<=[\])])\{(?:[#.][\w:-]|[\w-]+=)[^{}\n]*\}"  # pandoc: []{#_Toc1 .anchor}, [x]{.deletion}
    r"|\{#[^\s{}]+\s[^{}\n]*\}|\{\.[\w-]+[^{}\n]*\}"  # a heading's or a div's: {#id .class}, {.unnumbered}
)
"""Attributes that pandoc (commonmark_x, markdown) and kramdown write and Markdown here shows as words. A Word
document's tracked changes and comments become such spans (`--track-changes=all`): both texts, and the names
of their authors, would be published. A heading's `{#id}` or `{: #id }` alone pins its id (`markdown`): not
a leftover."""
TRACKED = re.compile(r"\{[^{}]*\.(?:insertion|deletion|comment-start|comment-end|paragraph-insertion)\b")
"""A Word tracked change or comment as pandoc writes it."""


def find(text: str) -> Iterator[tuple[int, str]]:
    """Each `{{ … }}`, `{% … %}`, `[AUTOTITLE](…)` and attribute list in `text`, as (start, text), in order."""
    if "{" not in text and "[AUTOTITLE]" not in text:
        return iter(())
    braces = list(_braces(text))
    inside = [(start, start + len(syntax)) for start, syntax in braces]
    more = [
        (match.start(), match.group(0))
        for pattern in (_AUTOTITLE, _ATTRIBUTES)
        for match in pattern.finditer(text)
        if not any(start <= match.start() < end for start, end in inside)  # `{{.Title}}` is one leftover
    ]
    return iter(sorted([*braces, *more]))


def is_template(syntax: str) -> bool:
    """Whether a leftover `find` gave is a template's (`{{ … }}`, `{% … %}`, `[AUTOTITLE](…)`), not attributes."""
    return syntax.startswith(("{{", "{%", "[AUTOTITLE]"))


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
