"""Characters that no text given to ppgen may carry: invisible controls that break XML, HTML and JSON."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ppgen.core.errors import PpgenError, Problem

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
"""C0 and C1 controls but tab and newline (ppgen turns CR and CRLF into newlines on reading), DEL, the
non-characters U+FFFE and U+FFFF, and lone surrogates: XML 1.0 forbids most of them (a feed holding one is
not XML at all), HTML calls them parse errors, and none has a place in a legal text."""
_BODY_CONTROL = re.compile("[\x00-\x08\x0b\x0d-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
"""The same less the form feed, which a policy body may hold: text from a word processor or a printout
has one at each page break, and `markdown` reads it as white space."""


@dataclass(frozen=True)
class Control:
    """A control character found in a text."""

    char: str
    """The character itself."""
    line: int
    """0-based line of the text it is on."""
    around: str = ""
    """The characters just before it and after it (up to three and one), for `hint`."""

    @property
    def name(self) -> str:
        """`U+0001`, or `U+000C (form feed)` for the few a user may know by name."""
        code = f"U+{ord(self.char):04X}"
        label = _NAMES.get(self.char)
        return f"{code} ({label})" if label else code


_NAMES = {
    "\x00": "NUL",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x1b": "escape",
    "\x7f": "delete",
    "\x85": "next line",
}

CONTROL_HINT = "delete it: most editors do not show it; it often comes with text pasted from another program"


def control_hint(control: Control) -> str:
    """What to do about `control`: delete it (`CONTROL_HINT`); or, when it is a byte of UTF-8 text read as
    Windows-1252 (mojibake: `â€\x9d` was `”`, Mozilla's 2014 privacy notice), put back the character it
    was part of (deleting it would leave `â€`)."""
    text, at = control.around, control.around.find(control.char)
    for start in range(max(at - 3, 0), at + 1):
        for stop in range(
            max(at + 1, start + 2), min(start + 4, len(text)) + 1
        ):  # 2 to 4 bytes: one character
            try:
                fixed = bytes(_byte(char) for char in text[start:stop]).decode("utf-8")
            except (UnicodeDecodeError, ValueError):
                continue
            if len(fixed) == 1 and fixed.isprintable():
                wrong = "".join(
                    c if c.isprintable() else f" U+{ord(c):04X} " for c in text[start:stop]
                ).strip()
                return f"replace {wrong} with {fixed}: they are UTF-8 text read as Windows-1252 (mojibake)"
    return CONTROL_HINT


def _byte(char: str) -> int:
    """The byte Windows-1252 (or, for the five bytes it leaves undefined, Latin-1) reads as `char`."""
    try:
        return char.encode("cp1252")[0]
    except UnicodeEncodeError:
        return char.encode("latin-1")[0]  # a ValueError past U+00FF: no byte


def find_control(text: str, *, body: bool = False) -> Control | None:
    """The first control character in `text` (see `_CONTROL`; in a policy `body`, see `_BODY_CONTROL`),
    or None when there is none."""
    match = (_BODY_CONTROL if body else _CONTROL).search(text)
    if match is None:
        return None
    at = match.start()
    return Control(match.group(), text.count("\n", 0, at), text[max(at - 3, 0) : at + 2])


def decode(raw: bytes, shown: str, *, lenient: bool = False) -> str:
    """The one reading of a text file or git blob: UTF-8, no BOM, LF line endings (CRLF and CR become LF).

    Bytes that are not UTF-8 are an error at their line, or with `lenient` (comparing old revisions,
    whose problems are not the build's) each replaced by U+FFFD."""
    try:
        text = raw.decode("utf-8", "replace" if lenient else "strict")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        hint = "save it as UTF-8 (most editors: File ▸ Save with encoding)"
        raise PpgenError(Problem("file is not UTF-8", shown, line, hint, code="encoding")) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
