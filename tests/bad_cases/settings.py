"""Bad settings, front matter and dates: each an error at its `path:line` (or `--option:`), never accepted
silently and never a traceback (issue 12, items 7, 8 and 11)."""

from __future__ import annotations

from badinput import CONFIG, FIRST, SECOND, Bad, body

_BODY = "## Who we are\n\nWe are Example Ltd.\n"
_TOML = "ppgen.toml"


def _config(line: str) -> dict[str, str | bytes]:
    """ppgen.toml with one more line, the third."""
    return {_TOML: CONFIG + line + "\n"}


def _base_url(url: str) -> dict[str, str | bytes]:
    """ppgen.toml whose second line sets base_url."""
    return {_TOML: f'title = "T"\nbase_url = "{url}"\n'}


def _toml(name: str, files: dict[str, str | bytes], line: int, says: str) -> Bad:
    """A bad ppgen.toml, reported at `line`."""
    return Bad(name, files, f"{_TOML}:{line}: ", says)


def _option(name: str, url: str, says: str) -> Bad:
    """A bad --base-url: its mistakes are the option's, not ppgen.toml's."""
    return Bad(name, {}, "--base-url: ", says, args=("--base-url", url))


CASES: list[Bad] = [
    # Front matter: what YAML takes silently.
    Bad(
        "duplicate key",
        {FIRST: body(_BODY, "title: Privacy Policy\nsummary: First.\ntitle: Privacy Notice\n")},
        f"{FIRST}:4: ",
        "`title` is set twice (first on line 2)",
    ),
    Bad(
        "control character escaped in title",
        {FIRST: body(_BODY, 'title: "Privacy\\x01 Policy"\n')},
        f"{FIRST}:2: ",
        "control character U+0001 in a value",
    ),
    Bad(
        "control character escaped in summary",
        {SECOND: body(_BODY, 'summary: "Adds \\x1b[31mcookies"\n')},
        f"{SECOND}:2: ",
        "control character U+001B (escape)",
    ),
    Bad("U+FFFF in summary", {SECOND: body(_BODY, 'summary: "\\uFFFF"\n')}, f"{SECOND}:2: ", "U+FFFF"),
    Bad(
        "raw control character on line 4",
        {SECOND: body(_BODY, "effective: 2025-03-01\n\nsummary: Adds\x01 cookies.\n")},
        f"{SECOND}:4: ",
        "control character U+0001 in the front matter",
    ),
    Bad(
        "raw control character in the body",
        {SECOND: body("## Who we are\n\nWe are\x0b Example Ltd.\n", "summary: x\n")},
        f"{SECOND}:7: ",
        "control character U+000B (vertical tab) in the text",
    ),
    # Dates: near the ends of the calendar, or impossible.
    Bad(
        "effective near year 1 with an offset",
        {FIRST: body(_BODY, "title: P\neffective: 0001-01-01T00:00:00+05:00\n")},
        f"{FIRST}:3: ",
        "`effective: 0001-01-01T00:00:00+05:00` is outside the years 1900 to 9000",
    ),
    Bad(
        "effective near year 9999 with an offset",
        {SECOND: body(_BODY, "effective: 9999-12-31T23:00:00-05:00\n")},
        f"{SECOND}:2: ",
        "is outside the years 1900 to 9000",
    ),
    Bad(
        "updated near year 9999 with an offset",
        {SECOND: body(_BODY, "updated: 9999-12-31T23:00:00-05:00\n")},
        f"{SECOND}:2: ",
        "`updated: 9999-12-31T23:00:00-05:00` is outside",
    ),
    Bad(
        "file named for year 1",
        {"content/privacy/0001-01-01.md": body(_BODY, "title: P\n")},
        "content/privacy/0001-01-01.md: ",
        "the date 0001-01-01 in the file name is not a plausible effective date",
    ),
    Bad(
        "updated before effective",
        {SECOND: body(_BODY, "summary: x\nupdated: 2025-02-01\n")},
        f"{SECOND}:3: ",
        "`updated: 2025-02-01` is before the version takes effect (2025-03-01)",
    ),
    Bad("--as-of in year 1", {}, "--as-of: ", "0001-01-01 is outside", args=("--as-of", "0001-01-01")),
    Bad("--as-of in year 9999", {}, "--as-of: ", "9999-12-31 is outside", args=("--as-of", "9999-12-31")),
    # ppgen.toml.
    _toml("base_url port too large", _base_url("https://example.com:99999/"), 2, "invalid port `99999`"),
    _toml("base_url port not a number", _base_url("https://example.com:abc/legal/"), 2, "invalid port `abc`"),
    _toml("base_url broken IPv6 host", _base_url("https://[::1/legal/"), 2, "invalid host name `[::1`"),
    _toml("base_url with password", _base_url("https://me:pw@example.com/"), 2, "a user name or password"),
    _toml("theme folder missing", _config('theme = "my-theme"'), 3, "`my-theme` does not exist"),
    _toml("theme is a file", _config('theme = "ppgen.toml"'), 3, "`ppgen.toml` is not a folder"),
    _toml("notice_days negative", _config("notice_days = -5"), 3, "days from 0 to 3650, not -5"),
    _toml("notice_days absurd", _config("notice_days = 99999999"), 3, "from 0 to 3650, not 99999999"),
    _toml("notice_days a bool", _config("notice_days = true"), 3, "from 0 to 3650, not True"),
    _toml(
        "control character in the site title",
        {_TOML: 'title = "Legal\\u0007"\nbase_url = "https://example.com/legal/"\n'},
        1,
        "control character U+0007 in `title`",
    ),
    _toml("control char in publisher", _config('publisher = "\\u0000"'), 3, "U+0000 (NUL) in `publisher`"),
    _toml("language not a tag", _config('language = "en\\" onload=\\"x"'), 3, "is not a language tag"),
    # --base-url.
    _option("--base-url without a scheme", "example.com/legal/", "`example.com/legal/` is not"),
    _option("--base-url without a host", "https:///legal/", "has no host name"),
    _option("--base-url with a space", "https://example.com/my legal/", "holds a space"),
    _option("--base-url with a query", "https://example.com/legal/?v=1", "has a query (?…) or fragment (#…)"),
    _option("--base-url with a fragment", "https://example.com/#top", "has a query (?…) or fragment (#…)"),
    _option("--base-url not http", "ftp://example.com/legal/", "is not an absolute http(s) URL"),
    _option("--base-url with a broken IPv6 host", "https://[::1/", "has an invalid host name"),
    _option("--base-url with a bad port", "https://example.com:0/", "has an invalid port `0`"),
]
