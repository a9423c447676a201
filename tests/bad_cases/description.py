"""Front-matter `description` that is not one line of text (issue 17, "Index"): each an error at its line.

The second version of the good site gets `summary:` on line 2 and `description:` on line 3."""

from __future__ import annotations

from badinput import SECOND, Bad, body

TEXT = "## Who we are\n\nWe are Example Ltd.\n\n## What we collect\n\nYour e-mail address and cookies.\n"


def _bad(name: str, yaml: str, says: str) -> Bad:
    files: dict[str, str | bytes] = {SECOND: body(TEXT, f"summary: Adds cookies.\ndescription:{yaml}")}
    return Bad(f"description-{name}", files, f"{SECOND}:3: ", says)


CASES: list[Bad] = [
    _bad("list", " [How we collect data, How we use it]\n", "`description` must be a line of text"),
    _bad("mapping", "\n  what: our data\n", "`description` must be a line of text"),
    _bad("two-lines", " |\n  How we collect data.\n  How we use it.\n", "`description` must be one line"),
    _bad("empty", "\n", "`description` is empty"),
    _bad("blank", ' "   "\n', "`description` must be a line of text"),
]
