"""The text of an HTML snapshot's bytes, read as a careful browser reads them, with a warning at each line
where the reading is a guess.

A byte-order mark decides. Else the page's `<meta charset>` (or `http-equiv="Content-Type"`) does, unless
the bytes are valid UTF-8 with non-ASCII text: a page saved as UTF-8 that kept its old declaration, which
the declared charset would garble. A page that declares UTF-8 or nothing is UTF-8, unless it is not UTF-8
anywhere: then it is windows-1252 (as many pages that claim UTF-8 are). A UTF-8 page with a stray byte (a
quote pasted from a word processor) stays UTF-8, that byte read as windows-1252: one byte is never a reason
to re-guess the whole page. As in browsers, iso-8859-1, latin1 and ascii mean windows-1252.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace

from ppgen.core.errors import Problem

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_DECLARED = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
"""`<meta charset=…>`, or the `charset=…` of a `<meta http-equiv="Content-Type" content=…>`."""
_WINDOWS_1252 = frozenset({"cp1252", "iso8859-1", "ascii"})
"""Python's names of the charsets that HTML reads as windows-1252."""
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_CHECK = "check its accented letters, quotes and dashes against the original page"


@dataclass(frozen=True)
class PageText:
    """A page's bytes as text."""

    text: str
    """The page, decoded."""
    warnings: tuple[Problem, ...]
    """One per guess: a charset not used, bytes read otherwise than the page says, at their line."""


@dataclass(frozen=True)
class _Declared:
    label: str
    """The charset as the page names it."""
    codec: str
    """Python's codec for it, by HTML's rules."""
    line: int
    """The line of its `<meta>`."""


def _codec(label: str) -> str | None:
    """Python's codec for a charset label as HTML reads it, or None for a label it does not know."""
    try:
        name = codecs.lookup(label).name
        str(b"", name)  # a codec of bytes to bytes (base64…) is no charset
    except LookupError:
        return None
    if name in _WINDOWS_1252:
        return "cp1252"
    return "utf-8" if name.startswith("utf-16") else name  # a page read as bytes cannot be UTF-16


def _declared(raw: bytes) -> _Declared | None:
    """The charset the page declares, when it declares one this Python knows."""
    match = _DECLARED.search(raw)
    if match is None:
        return None
    label = match.group(1).decode("ascii")
    codec = _codec(label)
    return _Declared(label, codec, raw.count(b"\n", 0, match.start()) + 1) if codec else None


def _shown_codec(codec: str) -> str:
    return {"utf-8": "UTF-8", "cp1252": "windows-1252"}.get(codec, codec)


def _unread(run: bytes, codec: str, shown_path: str, line: int) -> tuple[str, Problem]:
    """What stands in the text for bytes `codec` cannot read, and the warning about them. In UTF-8 they are
    read as windows-1252, what a stray byte in a UTF-8 page most often is; else they become `�`."""
    names = " ".join(f"0x{byte:02X}" for byte in run)
    what = f"byte {names} is" if len(run) == 1 else f"bytes {names} are"
    if codec == "utf-8":
        text = run.decode("cp1252", "replace")
        message = f"{what} not UTF-8; read as windows-1252 `{text}`"
        hint = "check it against the original page: it is most often a quote or dash pasted from a word processor"
    else:
        text = "\ufffd"
        message = f"{what} not {_shown_codec(codec)}; replaced by `{text}`"
        hint = "check the words around it against the original page"
    return text, Problem(message, shown_path, line, hint)


_ESCAPED = re.compile("[\udc80-\udcff]+")
"""A run of bytes a codec could not read, as `surrogateescape` keeps them."""
_WARNED = 10
"""Runs of unreadable bytes warned about one by one; the rest in one warning."""


def _read(raw: bytes, codec: str, shown_path: str) -> PageText:
    """`raw` decoded with `codec`, each run of bytes it cannot read replaced (`_unread`) at its line (the first
    `_WARNED` runs; the others counted in one more warning)."""
    text = raw.decode(codec, "surrogateescape")  # in one pass, however many bytes it cannot read
    parts: list[str] = []
    warnings: list[Problem] = []
    start = 0
    line = 1
    for match in _ESCAPED.finditer(text):
        parts.append(text[start : match.start()])
        line += parts[-1].count("\n")
        run = bytes(ord(char) - 0xDC00 for char in match.group())
        read, warning = _unread(run, codec, shown_path, line)
        parts.append(read)
        warnings.append(warning)
        start = match.end()
    parts.append(text[start:])
    if len(warnings) > _WARNED:
        more = len(warnings) - _WARNED
        message = f"and {more} more places where bytes are not {_shown_codec(codec)}, read the same way"
        warnings[_WARNED:] = [replace(warnings[_WARNED], message=message)]
    return PageText("".join(parts), tuple(warnings))


def _utf8_over_declared(raw: bytes, declared: _Declared, shown_path: str) -> PageText:
    """A page declaring a legacy charset whose bytes are valid UTF-8 with non-ASCII text, read as UTF-8."""
    text = raw.decode("utf-8")
    sample = next(char for char in text if not char.isascii())
    garbled = sample.encode("utf-8").decode(declared.codec, "replace")
    message = (
        f"read as UTF-8, not as the {declared.label} the page declares: its bytes are UTF-8, which "
        f"{declared.label} would garble (`{sample}` as `{garbled}`)"
    )
    return PageText(text, (Problem(message, shown_path, declared.line, _CHECK),))


def _utf8_else_1252(raw: bytes, shown_path: str, declared: _Declared | None) -> PageText:
    """A page that declares UTF-8 or no charset, or a text file: UTF-8 (stray bytes read as windows-1252)
    when any of its non-ASCII text is UTF-8, else windows-1252 with a warning."""
    if not raw.decode("utf-8", "ignore").isascii():
        return _read(raw, "utf-8", shown_path)
    first = _NON_ASCII.search(raw)
    if first is None:
        return PageText(raw.decode("ascii"), ())
    read = _read(raw, "cp1252", shown_path)
    said = f" declares {declared.label} but" if declared else ""
    message = f"the file{said} is not UTF-8; read as windows-1252"
    line = raw.count(b"\n", 0, first.start()) + 1
    hint = _CHECK + (", or correct the page's <meta charset>" if declared else "")
    return PageText(read.text, (Problem(message, shown_path, line, hint), *read.warnings))


def file_text(raw: bytes, shown_path: str) -> PageText:
    """The text of a file that declares no charset (Markdown, plain text), as a page that declares none."""
    return _utf8_else_1252(raw, shown_path, None)


def page_text(raw: bytes, shown_path: str) -> PageText:
    """The text of an HTML page's bytes, with a warning for each guess on the way (see the module)."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return _read(raw[len(bom) :], codec, shown_path)
    declared = _declared(raw)
    if declared is None or declared.codec == "utf-8":  # a page that says UTF-8 and is windows-1252 is common
        return _utf8_else_1252(raw, shown_path, declared)
    if _NON_ASCII.search(raw) and _is_utf8(raw):
        return _utf8_over_declared(raw, declared, shown_path)
    return _read(raw, declared.codec, shown_path)


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
