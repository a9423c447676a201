"""Bad settings, front matter and dates: each an error at its `path:line` (or `--option:`), never accepted
silently and never a traceback (issue 12, items 7, 8 and 11)."""

from __future__ import annotations

from badinput import CONFIG, FIRST, SECOND, Bad, body

_BODY = "## Who we are\n\nWe are Example Ltd.\n"


def _config(line: str) -> dict[str, str | bytes]:
    """ppgen.toml with one more line, the third."""
    return {"ppgen.toml": CONFIG + line + "\n"}


CASES: list[Bad] = [
    # Front matter: what YAML takes silently.
    Bad("duplicate key", {FIRST: body(_BODY, "title: Privacy Policy\nsummary: First.\ntitle: Privacy Notice\n")}, f"{FIRST}:4: ", "`title` is set twice (first on line 2)"),
    Bad("control character escaped in title", {FIRST: body(_BODY, 'title: "Privacy\\x01 Policy"\n')}, f"{FIRST}:2: ", "control character U+0001 in a value"),
    Bad("control character escaped in summary", {SECOND: body(_BODY, 'summary: "Adds \\x1b[31mcookies"\n')}, f"{SECOND}:2: ", "control character U+001B (escape)"),
    Bad("U+FFFF escaped in summary", {SECOND: body(_BODY, 'summary: "Adds \\uFFFF"\n')}, f"{SECOND}:2: ", "control character U+FFFF"),
    Bad("raw control character on line 4", {SECOND: body(_BODY, "effective: 2025-03-01\n\nsummary: Adds\x01 cookies.\n")}, f"{SECOND}:4: ", "control character U+0001 in the front matter"),
    Bad("raw control character in the body", {SECOND: body("## Who we are\n\nWe are\x0c Example Ltd.\n", "summary: x\n")}, f"{SECOND}:7: ", "control character U+000C (form feed) in the text"),
    # Dates: near the ends of the calendar, impossible, or after today.
    Bad("effective near year 1 with an offset", {FIRST: body(_BODY, "title: P\neffective: 0001-01-01T00:00:00+05:00\n")}, f"{FIRST}:3: ", "`effective: 0001-01-01T00:00:00+05:00` is outside the years 1900 to 9000"),
    Bad("effective near year 9999 with an offset", {SECOND: body(_BODY, "effective: 9999-12-31T23:00:00-05:00\n")}, f"{SECOND}:2: ", "is outside the years 1900 to 9000"),
    Bad("updated near year 9999 with an offset", {SECOND: body(_BODY, "updated: 9999-12-31T23:00:00-05:00\n")}, f"{SECOND}:2: ", "`updated: 9999-12-31T23:00:00-05:00` is outside"),
    Bad("file named for year 1", {"content/privacy/0001-01-01.md": body(_BODY, "title: P\n")}, "content/privacy/0001-01-01.md: ", "the date 0001-01-01 in the file name is not a plausible effective date"),
    Bad("updated before effective", {SECOND: body(_BODY, "summary: x\nupdated: 2025-02-01\n")}, f"{SECOND}:3: ", "`updated: 2025-02-01` is before the version takes effect (2025-03-01)"),
    Bad("--as-of in year 1", {}, "--as-of: ", "0001-01-01 is outside the years 1900 to 9000", args=("--as-of", "0001-01-01")),
    Bad("--as-of in year 9999", {}, "--as-of: ", "9999-12-31 is outside", args=("--as-of", "9999-12-31")),
    # ppgen.toml.
    Bad("base_url with a port too large", {"ppgen.toml": 'title = "T"\nbase_url = "https://example.com:99999/legal/"\n'}, "ppgen.toml:2: ", "has an invalid port `99999`"),
    Bad("base_url with a port that is not a number", {"ppgen.toml": 'title = "T"\nbase_url = "https://example.com:abc/legal/"\n'}, "ppgen.toml:2: ", "has an invalid port `abc`"),
    Bad("base_url with a broken IPv6 host", {"ppgen.toml": 'title = "T"\nbase_url = "https://[::1/legal/"\n'}, "ppgen.toml:2: ", "has an invalid host name `[::1`"),
    Bad("base_url with a password", {"ppgen.toml": 'title = "T"\nbase_url = "https://me:secret@example.com/"\n'}, "ppgen.toml:2: ", "holds a user name or password"),
    Bad("theme folder missing", _config('theme = "my-theme"'), "ppgen.toml:3: ", "theme folder `my-theme` does not exist"),
    Bad("theme is a file", {**_config('theme = "ppgen.toml"')}, "ppgen.toml:3: ", "theme folder `ppgen.toml` is not a folder"),
    Bad("notice_days negative", _config("notice_days = -5"), "ppgen.toml:3: ", "notice_days must be a whole number of days from 0 to 3650, not -5"),
    Bad("notice_days absurd", _config("notice_days = 99999999"), "ppgen.toml:3: ", "notice_days must be a whole number of days from 0 to 3650"),
    Bad("notice_days a bool", _config("notice_days = true"), "ppgen.toml:3: ", "not True"),
    Bad("control character in the site title", {"ppgen.toml": 'title = "Legal\\u0007"\nbase_url = "https://example.com/legal/"\n'}, "ppgen.toml:1: ", "control character U+0007 in `title`"),
    Bad("control character in the publisher", _config('publisher = "Example\\u0000 Ltd"'), "ppgen.toml:3: ", "control character U+0000 (NUL) in `publisher`"),
    Bad("language that is not a tag", _config('language = "en\\" onload=\\"x"'), "ppgen.toml:3: ", "is not a language tag"),
    # --base-url: its mistakes are the option's, not ppgen.toml's.
    Bad("--base-url without a scheme", {}, "--base-url: ", "`example.com/legal/` is not an absolute http(s) URL", args=("--base-url", "example.com/legal/")),
    Bad("--base-url without a host", {}, "--base-url: ", "has no host name", args=("--base-url", "https:///legal/")),
    Bad("--base-url with a space", {}, "--base-url: ", "holds a space", args=("--base-url", "https://example.com/my legal/")),
    Bad("--base-url with a query", {}, "--base-url: ", "has a query (?…) or fragment (#…)", args=("--base-url", "https://example.com/legal/?v=1")),
    Bad("--base-url with a fragment", {}, "--base-url: ", "has a query (?…) or fragment (#…)", args=("--base-url", "https://example.com/legal/#top")),
    Bad("--base-url not http", {}, "--base-url: ", "is not an absolute http(s) URL", args=("--base-url", "ftp://example.com/legal/")),
    Bad("--base-url with a broken IPv6 host", {}, "--base-url: ", "has an invalid host name", args=("--base-url", "https://[::1/")),
    Bad("--base-url with a bad port", {}, "--base-url: ", "has an invalid port `0`", args=("--base-url", "https://example.com:0/")),
]
