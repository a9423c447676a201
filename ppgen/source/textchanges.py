"""What a reader sees of each revision of a version, and which commits changed it: "Last updated" and
`ppgen check`'s changed-after-effective rule, from the revisions history.py reads."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from zoneinfo import ZoneInfo

from ppgen.core.chars import decode
from ppgen.core.errors import PpgenError
from ppgen.source import frontmatter, markdown
from ppgen.source.history import Revision

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass(frozen=True)
class _Text:
    title: str | None
    body: str
    body_line: int
    html: str


class Renderings:
    """What a reader sees of each revision (title and rendered body), worked out once per blob."""

    def __init__(self) -> None:
        self._texts: dict[str, _Text] = {}
        self._html: dict[str, str] = {}
        self._blocks: dict[str, tuple[tuple[str, str, int], ...]] = {}

    def _text(self, revision: Revision) -> _Text:
        key = revision.blob or revision.data.hex()
        if key not in self._texts:
            text = decode(revision.data, revision.path, lenient=True)
            try:
                front = frontmatter.split(text, revision.path)
                title, body, line = front.data.get("title"), front.body, front.body_line
            except frontmatter.FrontMatterError:
                title, body, line = None, text, 1
            if body not in self._html:  # a front-matter-only commit keeps the body: render it once
                # The one Markdown parser renders it; whitespace between words and tags is not something a reader sees.
                # Comments never reach the page (the sanitiser drops them), so a comment-only edit is not a change.
                self._html[body] = " ".join(_COMMENT.sub("", markdown.MD.render(body)).split())
            self._texts[key] = _Text(
                " ".join(str(title).split()) if title is not None else None, body, line, self._html[body]
            )
        return self._texts[key]

    def changed(self, before: Revision, after: Revision, title: str) -> bool:
        """Whether a reader sees different text (title or body) in `after` than in `before`."""
        old, new = self._text(before), self._text(after)
        if (old.title or title) != (new.title or title):
            return True
        return old.body != new.body and old.html != new.html

    def _blocks_of(self, revision: Revision) -> tuple[tuple[str, str, int], ...]:
        key = revision.blob or revision.data.hex()
        if key not in self._blocks:
            text = self._text(revision)
            try:
                document = markdown.parse(text.body, revision.path, text.body_line, "strip")
                self._blocks[key] = tuple(
                    (b.kind, " ".join(b.inner.split()), b.line) for b in document.blocks
                )
            except PpgenError:  # text the build would refuse has no blocks to point at
                self._blocks[key] = ()
        return self._blocks[key]

    def first_difference(self, before: Revision, after: Revision) -> int:
        """The first line of `after` that reads differently from `before`."""
        old, new = self._blocks_of(before), self._blocks_of(after)
        # Uneven is the point: the first block past the shorter text is a difference too (below).
        for (kind, html, line), other in zip(new, old, strict=False):
            if (kind, html) != other[:2]:
                return line
        if len(new) > len(old):
            return new[len(old)][2]
        return new[-1][2] if new else self._text(after).body_line


@dataclass(frozen=True)
class TextChange:
    """A commit that changed what readers of a version see."""

    revision: Revision
    """The revision the commit made."""
    day: date
    """Its committer date in the site's time zone."""
    line: int
    """The first line that reads differently, in that revision's text."""


def text_changes(
    revisions: Sequence[Revision], title: str, texts: Renderings, zone: ZoneInfo
) -> list[TextChange]:
    """Every committed, non-editorial change to the rendered text, oldest first (the first revision adds, it
    does not change)."""
    changes = []
    for before, after in pairwise(revisions):
        day = after.day(zone)
        if day is not None and not after.editorial and texts.changed(before, after, title):
            changes.append(TextChange(after, day, texts.first_difference(before, after)))
    return changes


def last_changed(
    revisions: Sequence[Revision], title: str, texts: Renderings, zone: ZoneInfo, since: date
) -> date:
    """The later of `since` and the newest day a counting commit changed the rendered text (newest first, so
    few parses)."""
    best = since
    for index in range(len(revisions) - 1, 0, -1):
        after = revisions[index]
        day = after.day(zone)
        if day is None or day <= best or after.editorial:
            continue
        if texts.changed(revisions[index - 1], after, title):
            best = day
    return best
