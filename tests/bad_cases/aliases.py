"""Aliases that are not plain site paths, that take an address the site has, or that two policies claim;
and policy names that take one of the site's own addresses (issue 12, items 2, 3 and 8; issue 13, bug 2)."""

from __future__ import annotations

from badinput import CONFIG, SECOND, Bad, body

TEXT = "## Who we are\n\nWe are Example Ltd.\n\n## What we collect\n\nYour e-mail address and cookies.\n"
AT = f"{SECOND}:3: "
"""Every alias below is on line 3 of the second version: after `summary:`."""


def aliases(value: str) -> dict[str, str | bytes]:
    """The second version of the good site with `aliases: <value>` (YAML, as written in the file)."""
    return {SECOND: body(TEXT, f"summary: Adds cookies.\naliases: {value}\n")}


def _alias(name: str, value: str, says: str) -> Bad:
    return Bad(f"alias-{name}", aliases(value), AT, says)


CASES: list[Bad] = [
    # Not a plain site path: each would be written as it is into _redirects, _headers or a file name.
    _alias("dot-segment", '["/./privacy/"]', "alias `/./privacy/` has a `.` part"),
    _alias("dot-dot-segment", '["/old/../privacy/"]', "has a `..` part"),
    _alias("empty-segment", '["/old//privacy/"]', "has an empty part (`//`)"),
    _alias(
        "newline",
        '["/old/\\n/x https://evil.example/ 302!"]',
        "alias `/old/\\n/x https://evil.example/ 302!` holds a line break",
    ),
    _alias("headers-injection", '["/x\\n  Access-Control-Allow-Origin: *"]', "holds a line break"),
    # Control characters are refused in any front-matter value, before aliases are looked at.
    _alias("carriage-return", '["/x\\r/y"]', "control character U+000D in a value"),
    _alias("nul", '["/old\\0/"]', "control character U+0000 (NUL) in a value"),
    _alias("tab", '["/old\\t/"]', "holds white space (`\\t`)"),
    _alias("space", '["/old privacy/"]', "holds white space (` `)"),
    _alias("splat", '["/old/*"]', "holds `*`, a wildcard in _redirects and _headers"),
    _alias("placeholder", '["/old/:name/"]', "holds `:`, a placeholder in _redirects"),
    _alias("query", '["/old/?page=privacy"]', "holds `?`"),
    _alias("fragment", '["/old/#privacy"]', "holds `#`"),
    _alias("percent-encoded", '["/%2e%2e/privacy/"]', "holds `%`, percent-encoding"),
    _alias("backslash", '["/old\\\\privacy/"]', "holds `\\`"),
    _alias("no-slash", "[privacy-policy/]", "alias `privacy-policy/` does not start with /"),
    _alias("hidden", '["/.well-known/privacy/"]', "has a hidden part `.well-known`"),
    _alias("marker", '["/.ppgen-site"]', "has a hidden part `.ppgen-site`"),
    _alias("line-separator", '["/old\\u2028/"]', "holds a line break (`\\u2028`)"),
    _alias("not-ascii", '["/datenschutzerklärung/"]', "holds `ä`, which an address of this site may"),
    _alias("too-long", f'["/{"a" * 300}/"]', "has a part longer than 200 characters"),
    # An address the site already has: the alias page would replace a real page or file.
    _alias(
        "policy-page",
        "[/privacy/]",
        "alias `/privacy/` is the address of privacy/index.html, which the site already publishes",
    ),
    _alias("history", "[/privacy/history/]", "is the address of privacy/history/index.html"),
    # A version's PDF, whether or not the site makes PDFs (`pdf = true` once wrote over the alias's folder).
    _alias(
        "version-pdf", "[/privacy/2025-01-01.pdf]", "is the address of privacy/2025-01-01.pdf, which the site"
    ),
    Bad(
        "alias-version-pdf-made",
        {"ppgen.toml": CONFIG + "pdf = true\n", **aliases("[/privacy/2025-03-01.pdf]")},
        AT,
        "is the address of privacy/2025-03-01.pdf",
    ),
    _alias("version-page", "[/privacy/2025-01-01/]", "is the address of privacy/2025-01-01/index.html"),
    _alias("index", "[/]", "alias `/` is the address of index.html"),
    _alias("index-html", "[/index.html]", "is the address of index.html"),
    _alias("not-found", "[/404.html]", "is the address of 404.html"),
    _alias(
        "feed",
        "[/feed.xml]",
        "alias `/feed.xml` is the address of feed.xml, which the site already publishes",
    ),
    _alias("policy-feed", "[/privacy/feed.xml]", "is the address of privacy/feed.xml"),
    _alias("versions-json", "[/privacy/versions.json]", "is the address of privacy/versions.json"),
    _alias("raw-text", "[/privacy/2025-01-01.md]", "is the address of privacy/2025-01-01.md"),
    _alias("sitemap", "[/sitemap.xml]", "is the address of sitemap.xml"),
    _alias("robots", "[/robots.txt/]", "is the address of robots.txt"),
    _alias(
        "headers",
        "[/_headers]",
        "alias `/_headers` is the address of _headers, which the site already publishes",
    ),
    _alias("redirects", "[/_redirects/]", "is the address of _redirects"),
    _alias("manifest", "[/ppgen-manifest.json]", "is the address of ppgen-manifest.json"),
    _alias(
        "static",
        "[/_static/old/]",
        "alias `/_static/old/` is inside _static/, the folder of the theme's files",
    ),
    _alias("static-folder", "[/_static]", "is inside _static/"),
    _alias("redlines", "[/privacy/diff/]", "is inside privacy/diff/, the folder of the redlines of privacy"),
    _alias(
        "under-a-file", "[/feed.xml/old/]", "needs a folder named feed.xml, a file the site already publishes"
    ),
    _alias(
        "letter-case",
        "[/Privacy/History/]",
        "is, letter case aside, the address of privacy/history/index.html",
    ),
    _alias(
        "list-item",
        "\n  - /privacy-policy/\n  - /privacy/history/",
        "alias `/privacy/history/` is the address of privacy/history/index.html",
    ),
    Bad(
        "alias-in-two-policies",
        {
            **aliases("[/old-privacy/]"),
            "content/terms/2025-01-01.md": body(
                "## Terms\n\nBe nice.\n", "title: Terms\naliases: [/old-privacy/]\n"
            ),
        },
        "content/terms/2025-01-01.md:3: ",
        f"alias `/old-privacy/` is also an alias of policy `privacy` ({SECOND})",
    ),
    Bad(
        "alias-of-another-policy-page",
        {
            **aliases("[/terms/]"),
            "content/terms/2025-01-01.md": body("## Terms\n\nBe nice.\n", "title: Terms\n"),
        },
        AT,
        "is the address of terms/index.html",
    ),
    # A policy whose name takes one of the site's own addresses (with pretty_urls = false: NAME.html).
    Bad(
        "policy-named-index",
        {
            "ppgen.toml": CONFIG + "pretty_urls = false\n",
            "content/index/2025-01-01.md": body("## Index\n\nText.\n", "title: Index\n"),
        },
        "content/index: ",
        "policy `index` would be published at index.html, the address of a page of the site's own",
    ),
    Bad(
        "policy-named-404",
        {
            "ppgen.toml": CONFIG + "pretty_urls = false\n",
            "content/404/2025-01-01.md": body("## Gone\n\nText.\n", "title: Gone\n"),
        },
        "content/404: ",
        "policy `404` would be published at 404.html",
    ),
    Bad(
        "alias-html-page-without-pretty-urls",
        {"ppgen.toml": CONFIG + "pretty_urls = false\n", **aliases("[/privacy/history]")},
        AT,
        "is the address of privacy/history.html",
    ),
]
