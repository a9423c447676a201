"""Bad translations (issue 18): a translation into a language the site does not list, one named for the
controlling language, one without the text it translates, and bad `languages` settings; each an error at
its `path:line` for both `build` and `check`."""

from __future__ import annotations

from badinput import CONFIG, Bad, body

_TOML = "ppgen.toml"
_LANGUAGES = {_TOML: CONFIG + 'languages = ["en", "de"]\n'}
_TEXT = body("## Wer wir sind\n\nWir sind Example Ltd.\n", "title: Datenschutz\n")

CASES: list[Bad] = [
    Bad(
        "translation into a language not listed",
        {**_LANGUAGES, "content/privacy/2025-01-01.fr.md": _TEXT},
        "content/privacy/2025-01-01.fr.md:1: ",
        "a translation into `fr`, which is not a language of this site (en, de)",
    ),
    Bad(
        "translation named for the controlling language",
        {**_LANGUAGES, "content/privacy/2025-01-01.en.md": _TEXT},
        "content/privacy/2025-01-01.en.md:1: ",
        "`.en` names the controlling language",
    ),
    Bad(
        "translation without its original",
        {**_LANGUAGES, "content/terms/2025-01-01.de.md": _TEXT},
        "content/terms/2025-01-01.de.md:1: ",
        "a translation without the text it translates",
    ),
    Bad(
        "translation on a site in one language",
        {"content/privacy/2025-01-01.de.md": _TEXT},
        "content/privacy/2025-01-01.de.md:1: ",
        "a translation into `de`, which is not a language of this site (en)",
    ),
    Bad(
        "languages not a list",
        {_TOML: CONFIG + 'languages = "de"\n'},
        f"{_TOML}:3: ",
        "`languages` must be a list",
    ),
    Bad(
        "languages with an unknown tag",
        {_TOML: CONFIG + 'languages = ["en", "qq-zz-bad"]\n'},
        f"{_TOML}:3: ",
        "`qq-zz-bad` in `languages` is not a language tag ppgen knows",
    ),
    Bad(
        "language other than the first of languages",
        {_TOML: CONFIG + 'language = "de"\nlanguages = ["en", "de"]\n'},
        f"{_TOML}:3: ",
        "`language` (de) is not the first of `languages` (en)",
    ),
]
"""Each case adds a file or a setting to the good site."""
