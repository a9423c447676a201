"""The text of each version, read where it is needed (parsing, the raw text page, comparisons, check
rules) from where the model says it is: the site model holds no text, so that the main process and
each worker hold one policy's text at a time, not the whole site's (issue 16).

A text is read again from its file, or from git for an older commit's, and must have the digest it had
when the site was loaded: a file changed during a build fails the build, never mixes two states."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ppgen.core.chars import decode
from ppgen.core.errors import PpgenError, Problem
from ppgen.core.model import Text, Version
from ppgen.source import frontmatter, git, titles

_AGAIN = "build again once nothing is writing to the content folder"


def served(raw: bytes) -> bytes:
    """The bytes served as a version's raw text: CRLF or CR (a checkout with core.autocrlf, an editor) as
    LF, so that the published bytes and their sha256 depend on the text, not on the machine."""
    return raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n") if b"\r" in raw else raw


def text_of(raw: bytes, file: Path | str, blob: str = "", shown: str = "") -> Text:
    """The reference to a text read from `file` (or git blob `blob`), with the digest of its served bytes;
    `shown`, the version's path as shown, is where it is read again when that is the same file."""
    real = str(file)
    if not blob and shown and os.path.abspath(shown) == real:
        real = ""  # one path string per version, not two
    return Text(hashlib.sha256(served(raw)).digest(), real, blob)


def one_line(value: Any) -> str | None:
    """A front-matter value as one line of text (spacing made single), None when it is not text."""
    if (
        value is None
        or not isinstance(value, (str, int, float))
        or isinstance(value, bool)
        or not str(value).strip()
    ):
        return None
    return " ".join(str(value).split())


def without_title(body: str, declared: str | None) -> tuple[str, titles.TitleHeading | None, str | None]:
    """(body, its opening heading, title): a body's opening level-1 heading is the title when the front
    matter declares none or the same one; it is then left out of the body (the page's <h1> shows it)."""
    heading = titles.leading_heading(body)
    if heading is not None and heading.plain and (declared is None or titles.same(declared, heading.text)):
        return titles.without(body, heading), heading, declared or heading.text
    return body, heading, declared


def body_of(source: bytes, shown: str) -> str:
    """The Markdown body of a version's text, as `versions.read_version` found it."""
    front = frontmatter.split(decode(source, shown), shown)
    return without_title(front.body.removeprefix("\ufeff"), one_line(front.data.get("title")))[0]


def sources(versions: Sequence[Version]) -> list[bytes]:
    """The served bytes of each version, read again (git blobs in one `cat-file` per repository); a
    PpgenError when one has changed or gone since the site was loaded."""
    blobs: dict[str, bytes] = {}
    wanted: dict[Path, set[str]] = {}
    for version in versions:
        if version.text.blob:
            wanted.setdefault(Path(version.text.file).parent, set()).add(version.text.blob)
    for folder, shas in sorted(wanted.items()):
        blobs.update(git.read_blobs(folder, shas))
    found = []
    for version in versions:
        text = version.text
        if text.blob:
            raw = blobs.get(text.blob)
            if raw is None:
                missing = f"the text of {text.blob[:7]} can no longer be read from git"
                raise PpgenError(Problem(missing, version.path, None, _AGAIN, code="content-changed"))
        else:
            try:
                raw = Path(text.file or version.path).read_bytes()
            except OSError as err:
                gone = f"can no longer be read ({err.strerror or err})"
                raise PpgenError(Problem(gone, version.path, None, _AGAIN, code="content-changed")) from None
        data = served(raw)
        if hashlib.sha256(data).digest() != text.digest:
            changed = "changed while ppgen was building"
            raise PpgenError(Problem(changed, version.path, None, _AGAIN, code="content-changed"))
        found.append(data)
    return found


def source(version: Version) -> bytes:
    """The exact bytes served as a version's raw text (see `sources`)."""
    return sources([version])[0]


def bodies(versions: Sequence[Version]) -> list[str]:
    """The Markdown body of each version (see `sources`)."""
    return [body_of(data, version.path) for version, data in zip(versions, sources(versions), strict=True)]


def body(version: Version) -> str:
    """The Markdown body of a version, after its front matter (see `sources`)."""
    return bodies([version])[0]
