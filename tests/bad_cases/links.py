"""`policy:` links to a policy the site does not have (issue 19, links between policies)."""

from __future__ import annotations

from badinput import SECOND, Bad, body

TEXT = "## Who we are\n\nWe are Example Ltd.\n\n## What we collect\n\nYour e-mail address and cookies.\n\n"
"""The second version's text; the line after it is line 13 of the file."""
AT = f"{SECOND}:13: "


def _second(more: str) -> dict[str, str | bytes]:
    return {SECOND: body(TEXT + more, "summary: Adds cookies.\n")}


CASES: list[Bad] = [
    Bad("policy-link-unknown", _second("See [t](policy:terms).\n"), AT, "this site has no policy `terms`"),
    Bad(
        "policy-link-unknown-on-a-later-line",
        _second("Read this\nand the [terms](policy:terms#liability).\n"),
        f"{SECOND}:14: ",
        "link `policy:terms#liability` leads to no policy",
    ),
    Bad("policy-link-empty", _second("See [nothing](policy:).\n"), AT, "this site has no policy ``"),
    Bad("policy-link-upper-case", _second("See [us](policy:Privacy).\n"), AT, "has no policy `Privacy`"),
    Bad(
        "policy-link-in-a-table",
        _second("| a | b |\n|---|---|\n| x | [t](policy:terms) |\n"),
        f"{SECOND}:15: ",
        "this site has no policy `terms`",
    ),
]
