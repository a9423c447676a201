"""The colours of `ppgen diff` on a terminal (ANSI): red strike-through for struck words, green underline for
inserted ones; the markers stay, so the output never relies on colour alone."""

from __future__ import annotations

_RESET = "\x1b[0m"
_STYLE = {
    "-": "\x1b[31;9m",
    "+": "\x1b[32;4m",
    "~": "\x1b[35;4m",
    "^": "\x1b[35;9m",
    "head": "\x1b[36m",
    "note": "\x1b[2m",
}


def paint(text: str, style: str, color: bool) -> str:
    return f"{_STYLE[style]}{text}{_RESET}" if color and text else text
