"""Problems with the input, reported as `path:line: message (hint)`; and what ppgen says when it fails by
its own fault (a bug): one line, `ppgen: internal error: …`, the traceback only with PPGEN_DEBUG=1."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def display_path(path: Path | str) -> str:
    """The path as a user should read it: relative to the working folder when inside it."""
    text = str(path)
    if not os.path.isabs(text):
        return text
    try:
        rel = os.path.relpath(text)
    except ValueError:
        return text
    return text if rel.startswith("..") else rel


def one_line(text: str) -> str:
    """`text` on one line: line breaks, control and invisible characters escaped (`\\n`, `\\x00`), so a
    message that quotes the input stays one `path:line: …` line whatever the input holds."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input (or a warning about it)."""

    message: str
    """What is wrong, in the user's terms."""
    path: str | None = None
    """The file it is in, as shown to the user."""
    line: int | None = None
    """1-based line in that file, when known."""
    hint: str | None = None
    """How to fix it."""
    code: str | None = None
    """What kind of problem it is, by a stable name (`heading-level`, `raw-html`, `alias-collision`…): a key
    of `findings.CODES`, for `--format json|github` and for tests. Never shown in the text format."""

    def __str__(self) -> str:
        return self.format()

    def format(self, label: str = "") -> str:
        """`path:line: [label: ]message (hint)`, the parts that are known, on one line."""
        where = ""
        if self.path is not None:
            path = one_line(self.path)
            where = f"{path}:{self.line}: " if self.line is not None else f"{path}: "
        kind = f"{label}: " if label else ""
        hint = f" ({one_line(self.hint)})" if self.hint else ""
        return f"{where}{kind}{one_line(self.message)}{hint}"


class PpgenError(Exception):
    """Raised by the core for bad input; the CLI turns it into output and exit code 1."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems: tuple[Problem, ...] = problems

    def __reduce__(self) -> tuple[type[PpgenError], tuple[Problem, ...]]:
        # Errors raised in worker processes must arrive whole.
        return (PpgenError, self.problems)


DEBUG_VARIABLE = "PPGEN_DEBUG"
_LONGEST = 300
"""Characters of the exception's message kept in the one line (a message may quote a whole file)."""


def debugging() -> bool:
    """True when the user asked for tracebacks (`PPGEN_DEBUG` set to anything but empty or 0)."""
    return os.environ.get(DEBUG_VARIABLE, "") not in ("", "0")


def _short(text: str) -> str:
    shown = one_line(" ".join(text.split()))
    return shown if len(shown) <= _LONGEST else shown[: _LONGEST - 1] + "…"


def bug_report(error: BaseException) -> str:
    """One line for an unexpected exception: what it was, that it is a bug, and how to see more."""
    message = _short(str(error))
    what = type(error).__name__ + (f": {message}" if message else "")
    return (
        f"ppgen: internal error: {what} "
        "(this is a bug in ppgen: please report it with the input that caused it; "
        f"{DEBUG_VARIABLE}=1 shows the traceback)"
    )
