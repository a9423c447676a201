"""Bad input met by the theme, which `build` reports and `check` must report too (test_check_agrees)."""

from __future__ import annotations

from pathlib import Path

from badinput import Bad


def _static_link_outside(site: Path) -> None:
    outside = site.parent / "outside.css"
    outside.write_text("body { color: red }\n", encoding="utf-8")
    (site / "theme" / "static").mkdir(parents=True, exist_ok=True)
    (site / "theme" / "static" / "extra.css").symlink_to(outside)


CASES = [
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
