"""What ppgen says when it fails by its own fault (a bug), not because of the input.

Bad input is a `PpgenError` and reads `path:line: message (hint)`. Anything else that escapes is a
bug: the command line and the preview server report it in one line, never with a traceback a user
cannot act on, unless `PPGEN_DEBUG=1` asks for the traceback.
"""

from __future__ import annotations

import os

DEBUG_VARIABLE = "PPGEN_DEBUG"
_LONGEST = 300
"""Characters of the exception's message kept in the one line (a message may quote a whole file)."""


def debugging() -> bool:
    """True when the user asked for tracebacks (`PPGEN_DEBUG` set to anything but empty or 0)."""
    return os.environ.get(DEBUG_VARIABLE, "") not in ("", "0")


def _one_line(text: str) -> str:
    folded = " ".join(text.split())
    shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in folded)
    return shown if len(shown) <= _LONGEST else shown[: _LONGEST - 1] + "…"


def bug_report(error: BaseException) -> str:
    """One line for an unexpected exception: what it was, that it is a bug, and how to see more."""
    message = _one_line(str(error))
    what = type(error).__name__ + (f": {message}" if message else "")
    return (
        f"ppgen: internal error: {what} "
        "(this is a bug in ppgen: please report it with the input that caused it; "
        f"{DEBUG_VARIABLE}=1 shows the traceback)"
    )
