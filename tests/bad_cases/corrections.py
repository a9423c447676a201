"""Front-matter `corrections` that are not a list of `{date, note}` (issue 19): each error at its line.

The second version of the good site takes effect on 2025-03-01; its front matter is `summary:` on line 2,
then `corrections:` on line 3, so the first entry of a block list is on line 4."""

from __future__ import annotations

from badinput import SECOND, Bad, body

TEXT = "## Who we are\n\nWe are Example Ltd.\n\n## What we collect\n\nYour e-mail address and cookies.\n"


def corrections(yaml: str) -> dict[str, str | bytes]:
    """The second version of the good site with `corrections:` and what follows it (YAML, as written)."""
    return {SECOND: body(TEXT, f"summary: Adds cookies.\ncorrections:{yaml}")}


def _bad(name: str, yaml: str, line: int, says: str) -> Bad:
    return Bad(f"corrections-{name}", corrections(yaml), f"{SECOND}:{line}: ", says)


CASES: list[Bad] = [
    _bad("empty", "\n", 3, "`corrections` is empty"),
    _bad(
        "not-a-list",
        " 2025-04-01\n",
        3,
        "`corrections` must be a list of corrections, each with a `date` and a `note`",
    ),
    _bad(
        "mapping-not-list", "\n  date: 2025-04-01\n  note: Fixed a typo\n", 3, "`corrections` must be a list"
    ),
    _bad(
        "entry-not-mapping",
        "\n  - 2025-04-01\n",
        4,
        "correction 1 must be a mapping with a `date` and a `note`",
    ),
    _bad(
        "unknown-key",
        "\n  - date: 2025-04-01\n    note: Fixed a typo\n    by: Legal\n",
        6,
        "unknown key `by` in correction 1",
    ),
    _bad("no-date", "\n  - note: Fixed a typo\n", 4, "correction 1 has no `date`"),
    _bad("empty-date", "\n  - note: Fixed a typo\n    date:\n", 5, "correction 1 has an empty `date`"),
    _bad(
        "impossible-date",
        "\n  - date: 2025-02-30\n    note: Fixed a typo\n",
        4,
        "correction 1: `date: 2025-02-30` is not a date",
    ),
    _bad(
        "date-not-a-date",
        "\n  - date: soon\n    note: Fixed a typo\n",
        4,
        "correction 1: `date: soon` is not a date",
    ),
    _bad(
        "date-a-list",
        "\n  - date: [2025, 4, 1]\n    note: Fixed a typo\n",
        4,
        "correction 1: `date: [2025, 4, 1]` is not a date",
    ),
    _bad(
        "date-out-of-range",
        "\n  - date: 9999-01-01\n    note: Fixed a typo\n",
        4,
        "is outside the years 1900 to 9000",
    ),
    _bad(
        "before-effective",
        "\n  - date: 2025-02-01\n    note: Fixed a typo\n",
        4,
        "correction 1 is dated 2025-02-01, before the version takes effect (2025-03-01)",
    ),
    _bad("no-note", "\n  - date: 2025-04-01\n", 4, "correction 1 has no `note`"),
    _bad("empty-note", '\n  - date: 2025-04-01\n    note: "  "\n', 5, "correction 1 has an empty `note`"),
    _bad(
        "note-not-text",
        "\n  - date: 2025-04-01\n    note: [a, b]\n",
        5,
        "correction 1: `note` must be a line of text",
    ),
    _bad(
        "note-a-number",
        "\n  - date: 2025-04-01\n    note: 42\n",
        5,
        "correction 1: `note` must be a line of text",
    ),
    _bad(
        "note-two-lines",
        "\n  - date: 2025-04-01\n    note: |\n      Fixed a typo.\n      And another.\n",
        5,
        "correction 1: `note` must be one line",
    ),
    # The second entry is wrong: the error is on its line, not the first's.
    _bad(
        "second-entry",
        "\n  - date: 2025-04-01\n    note: Fixed a typo\n  - date: 2025-04-31\n    note: Fixed another\n",
        6,
        "correction 2: `date: 2025-04-31` is not a date",
    ),
    # A list at the key's own indentation is YAML too.
    _bad(
        "unindented-list",
        "\n- note: Fixed a typo\n  date: 2025-04-01\n- date: 2025-01-01\n  note: x\n",
        6,
        "correction 2 is dated 2025-01-01",
    ),
    # A flow list has no line of its own per entry: the key's line.
    _bad(
        "flow-list",
        " [{date: 2025-04-01, note: Fixed a typo}, {date: 2025-04-02}]\n",
        3,
        "correction 2 has no `note`",
    ),
]
