"""Bad input around the tolerance of real policy Markdown (issue 14): what stays an error.

Each case rewrites the good two-version site; with no front-matter keys, `body()` puts `## A` at line 4,
the paragraph after it at line 6 and a block after that at line 8.
"""

from __future__ import annotations

from badinput import CONFIG, FIRST, SECOND, Bad, body

CASES = [
    Bad(
        "template-syntax-setting-unknown",
        {"ppgen.toml": CONFIG + 'template_syntax = "ignore"\n'},
        "ppgen.toml:3: ",
        'template_syntax must be "error" or "text"',
    ),
    Bad(
        "template-syntax-setting-not-a-string",
        {"ppgen.toml": CONFIG + "template_syntax = true\n"},
        "ppgen.toml:3: ",
        'template_syntax must be "error" or "text"',
    ),
    Bad(
        "slug-differs-only-by-case",
        {"content/Privacy/2025-01-01.md": body("## A\n\nText.\n", "title: Privacy Policy\n")},
        "content/Privacy/2025-01-01.md:1: ",
        "differs only by letter case from the policy folder content/privacy/",
    ),
    Bad(
        "slug-file-differs-only-by-case",
        {"content/PRIVACY.md": body("## A\n\nText.\n", "title: Privacy Policy\neffective: 2025-01-01\n")},
        "content/PRIVACY.md:1: ",
        "differs only by letter case from the policy folder content/privacy/",
    ),
    Bad(
        # A form feed is white space in a body, not in front matter, where YAML would read it as text.
        "form-feed-in-front-matter",
        {SECOND: "---\nsummary: Adds\x0ccookies.\n---\n\n## A\n\nText.\n"},
        f"{SECOND}:2: ",
        "control character U+000C (form feed) in the front matter",
    ),
    Bad(
        # A heading with template syntax is not taken as the title: it stays in the text, where it is checked.
        "title-heading-with-template-syntax",
        {FIRST: "---\nsummary: First.\n---\n# {{ company }} Privacy Policy\n\nText.\n"},
        f"{FIRST}:1: ",
        "needs a title (add `title: …` to its front matter: its opening heading holds raw HTML or template",
    ),
    Bad(
        "template-syntax-in-a-level-one-section",
        {SECOND: body("## A\n\nText.\n\n# {% data reusables.title %}\n\nMore.\n")},
        f"{SECOND}:8: ",
        "template syntax `{% data reusables.title %}`",
    ),
]
