"""Bad input met by the theme, which `build` reports and `check` must report too (test_check_agrees)."""

from __future__ import annotations

from pathlib import Path

from badinput import Bad

REPO = Path(__file__).resolve().parents[2]
_WORDS = (REPO / "theme" / "templates" / "redline_words.html").read_text(encoding="utf-8")


def _static_link_outside(site: Path) -> None:
    outside = site.parent / "outside.css"
    outside.write_text("body { color: red }\n", encoding="utf-8")
    (site / "theme" / "static").mkdir(parents=True, exist_ok=True)
    (site / "theme" / "static" / "extra.css").symlink_to(outside)


CASES = [
    Bad(
        "theme-redline-word-missing",  # (and a brace in a word, which is a brace, not a field)
        {
            "theme/templates/redline_words.html": _WORDS.replace(
                '  "sr-inserted": _("inserted: "),\n', ""
            ).replace('_("Previous")', '"{Previous}"')
        },
        "theme/templates/redline_words.html: ",
        "theme's redline words have no `sr-inserted`",
    ),
    Bad(
        "theme-template-syntax",
        {
            "theme/templates/policy.html": '{% extends "default/policy.html" %}\n{% block footer %}\n'
            "{{ footer_note( }}\n{% endblock %}\n"
        },
        "theme/templates/policy.html:3: ",
        "theme template error",
    ),
    Bad(
        "theme-static-links-outside",
        {},
        "theme/static/extra.css: ",
        "static file links outside the theme folder",
        setup=_static_link_outside,
    ),
]
