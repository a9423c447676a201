"""A site's own theme/ overrides default templates and static files by name; an override can extend the default."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ppgen.commands.cli import main
from ppgen.site.themes import default_theme

CONFIG = 'title = "Test legal"\nbase_url = "https://example.com/legal/"\n'
CONTENT = {
    "content/privacy/2025-01-01.md": "---\ntitle: Privacy Policy\n---\n\n## Scope\n\nWe collect little.\n",
    "content/privacy/2025-06-01.md": "---\nsummary: Clearer.\n---\n\n## Scope\n\nWe collect very little.\n",
}
POLICY_OVERRIDE = """{% extends "default/policy.html" %}
{% block footer %}
<p id="custom-footer">Questions about the {{ version.title }}? Write to privacy@example.com.</p>
{{ super() }}
{% endblock %}
"""


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def build(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, theme: dict[str, str | bytes]
) -> tuple[Result, Path]:
    root = make_site({**CONTENT, **{f"theme/{name}": data for name, data in theme.items()}}, CONFIG)
    monkeypatch.chdir(root)
    return invoke("build", "--as-of", "2026-01-01", "-q"), root / "site"


def test_an_override_extends_the_default_template_and_changes_a_block(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    result, site = build(make_site, monkeypatch, {"templates/policy.html": POLICY_OVERRIDE})
    assert result.exit_code == 0, result.stderr
    for page in ("privacy/index.html", "privacy/2025-01-01/index.html"):
        html = (site / page).read_text()
        assert (
            '<p id="custom-footer">Questions about the Privacy Policy? Write to privacy@example.com.</p>'
            in html
        )
        assert (
            'id="policy-text"' in html and "We collect" in html
        )  # the default template's blocks are all there
        assert "Every version of every policy stays available" in html  # super() kept the default footer
    history = (site / "privacy" / "history" / "index.html").read_text()
    assert "custom-footer" not in history  # only policy.html was overridden


def test_an_override_of_base_reaches_every_page(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = (
        '{% extends "default/base.html" %}\n'
        '{% block footer %}{{ super() }}<p class="theme-check">Example Ltd, 1 Main St.</p>{% endblock %}\n'
    )
    result, site = build(make_site, monkeypatch, {"templates/base.html": base})
    assert result.exit_code == 0, result.stderr
    for page in ("index.html", "privacy/index.html", "privacy/history/index.html", "404.html"):
        assert '<p class="theme-check">Example Ltd, 1 Main St.</p>' in (site / page).read_text(), page


def test_a_static_override_replaces_the_default_file_by_name(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    css = b"body { color: #123456; }\n"
    result, site = build(
        make_site, monkeypatch, {"static/style.css": css, "static/site.css": b"p { margin: 0; }\n"}
    )
    assert result.exit_code == 0, result.stderr
    published = {p.name: p.read_bytes() for p in (site / "_static").iterdir()}
    styles = [name for name in published if re.fullmatch(r"style\.[0-9a-f]+\.css", name)]
    assert len(styles) == 1 and published[styles[0]] == css
    assert (default_theme() / "static" / "style.css").read_bytes() not in published.values()
    assert any(re.fullmatch(r"site\.[0-9a-f]+\.css", name) for name in published)
    assert f'href="../_static/{styles[0]}"' in (site / "privacy" / "index.html").read_text()


def test_a_template_error_in_an_override_names_its_file_and_line(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = (
        '{% extends "default/policy.html" %}\n{% block footer %}\n{{ version.title | no_such_filter }}\n'
        "{% endblock %}\n"
    )
    result, site = build(make_site, monkeypatch, {"templates/policy.html": broken})
    assert result.exit_code == 1
    assert re.search(r"theme/templates/policy\.html:3: theme template error", result.stderr), result.stderr
    assert not site.exists()


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("{{ nothere.x }}", "'nothere' is undefined"),
        ('{% include "default/nothere.html" %}', "template default/nothere.html not found"),
        ("{{ 1 / 0 }}", "ZeroDivisionError: division by zero"),  # the template's own code: not a ppgen bug
        ('{{ "%d" % version.title }}', "TypeError: %d format: a real number is required, not str"),
    ],
)
def test_an_error_while_rendering_an_override_names_its_file_and_line(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, line: str, says: str
) -> None:
    """Errors that only show when a page renders (not syntax) are found in the traceback's template frames."""
    broken = '{% extends "default/policy.html" %}\n{% block footer %}\n' + line + "\n{% endblock %}\n"
    result, site = build(make_site, monkeypatch, {"templates/policy.html": broken})
    assert result.exit_code == 1
    assert result.stderr.startswith(f"theme/templates/policy.html:3: theme template error: {says} ("), (
        result.stderr
    )
    assert not site.exists()


def test_a_static_file_linking_outside_the_theme_is_refused(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET\n")
    root = make_site({**CONTENT, "theme/static/.keep": ""}, CONFIG)
    (root / "theme" / "static" / "leak.txt").symlink_to(secret)
    monkeypatch.chdir(root)
    result = invoke("build", "--as-of", "2026-01-01", "-q")
    assert result.exit_code == 1
    assert "theme/static/leak.txt: static file links outside the theme folder (" in result.stderr
    assert not (root / "site").exists()


def test_the_feeds_words_come_from_the_theme(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Feed and entry titles, summaries and the redline link's title are the theme's (feed.txt), not Python's:
    a translation overrides them like any template."""
    words = """{% macro feed_title(policy, today) %}{{ policy.title(today) }} : modifications{% endmacro %}
{% macro site_feed_title(site) %}{{ site.title }} : toutes les modifications{% endmacro %}
{% macro entry_title(version, upcoming) %}{{ version.title }}, {{ "à venir" if upcoming else "en vigueur" }} \
le {{ version.effective|iso }}{% endmacro %}
{% macro entry_summary(version, first) %}{{ version.summary or "Première version." }}{% endmacro %}
{% macro related_title() %}Ce qui a changé{% endmacro %}
"""
    result, site = build(make_site, monkeypatch, {"templates/feed.txt": words})
    assert result.exit_code == 0, result.stderr
    feed = (site / "privacy" / "feed.xml").read_text()
    assert "<title>Privacy Policy : modifications</title>" in feed
    assert "<title>Privacy Policy, en vigueur le 2025-06-01</title>" in feed
    assert "<summary>Première version.</summary>" in feed and 'title="Ce qui a changé"' in feed
    assert "<title>Test legal : toutes les modifications</title>" in (site / "feed.xml").read_text()
    assert "What changed" not in feed and "version effective" not in feed


def test_a_theme_without_a_feed_macro_is_an_error_naming_it(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    result, site = build(
        make_site,
        monkeypatch,
        {"templates/feed.txt": "{% macro feed_title(policy, today) %}x{% endmacro %}\n"},
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("theme/templates/feed.txt: theme template has no macro `"), result.stderr
    assert not site.exists()
    checked = invoke("check", "--as-of", "2026-01-01")
    assert checked.exit_code == 1 and result.stderr.splitlines()[0] in checked.stdout, checked.stdout
