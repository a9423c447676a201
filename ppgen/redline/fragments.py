"""A redline page's links to fragments (`#x`) pointed where they land: the older version's anchor,
the newer version's page for text folded away, or nowhere."""

from __future__ import annotations

import re
from urllib.parse import unquote

from ppgen.core.document import Document
from ppgen.redline.folds import NEWER
from ppgen.source.headings import document_aliases

# The patterns are written to be read in one pass (possessive runs, a literal first): a page's markup is long.
_ID = re.compile(r'id="([^"]*)"')
_FRAGMENT_LINK = re.compile(r'(<a\s(?:[^<>h]++|h(?!ref="#))*+)href="#([^"]*)"')
"""A link's first `href="#…"`, and the tag before it."""
_FRAGMENT_TARGET = re.compile(r'href="#(?<!data-rl-newer href="#)([^"]*)"')
"""A link to a fragment not already pointed to the newer version's page (`folds.NEWER`)."""
_OWN_ANCHOR = re.compile(r"change-[0-9]+")


def fix_fragments(old: Document, new: Document, view: str) -> str:
    """A redline's markup with every link to `#x` that no element of it answers pointed to `#rl-old-x`
    when that exists, else to `#x` in the newer version's page when that has it (text folded away), else
    disarmed."""
    if 'href="#' not in old.html and 'href="#' not in new.html:
        return view  # neither text links to a fragment
    targets = set(_FRAGMENT_TARGET.findall(view))
    if not targets - {""} or all(_OWN_ANCHOR.fullmatch(target) for target in targets - {""}):
        return view  # only the change markers' own links, which always land
    ids = _ids(view)
    newer: set[str] | None = None

    def fix(match: re.Match[str]) -> str:
        nonlocal newer
        target = match.group(2)
        # Markdown percent-encodes a link's non-ASCII letters; ids keep them as written
        ident = unquote(target)
        if not target or ident in ids or match.group(1).endswith(NEWER):
            return match.group(0)
        if f"rl-old-{ident}" in ids:
            return f'{match.group(1)}href="#rl-old-{target}"'
        if newer is None:
            newer = _ids(new.html) | set(document_aliases(new).values())  # its page answers GitHub's ids too
        if ident in newer:
            return f'{match.group(1)}{NEWER}href="#{target}"'
        return f'{match.group(1)}data-rl-href="#{target}"'

    return _FRAGMENT_LINK.sub(fix, view)


def _ids(html: str) -> set[str]:
    """The first id of each tag: the values `re.findall(r'<[^<>]*?\\sid="([^"]*)"', html)` finds, found from
    the ids alone (the pattern tries every tag, and a page's markup is long)."""
    found: set[str] = set()
    tag = -1
    """Where the tag of the last id found starts."""
    position = 0
    while match := _ID.search(html, position):
        space = match.start() - 1
        start = html.rfind("<", 0, space) if space >= 0 and html[space].isspace() else -1
        if start < 0 or start == tag or html.find(">", start, space) >= 0:
            position = (
                match.start() + 1
            )  # not an id in a tag, or not its first: look on from the next character
            continue
        found.add(match.group(1))
        tag, position = start, match.end()
    return found
