"""The redline's words in the page's language (issues 16 and 18): the word table worked out once per theme and
language, the counts of a fold in the plural form the language gives them, and the side-by-side view's
narrow-screen labels ("Older", "Newer") as the catalog's words in the page, which a site's catalog overrides."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ppgen.pipeline.build import build
from ppgen.redline.compare import said
from ppgen.redline.folds import say
from ppgen.site.templates import Theme
from ppgen.source.config import load_settings, with_overrides

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def test_fold_counts_take_the_plural_form_of_the_language() -> None:
    theme = Theme(None, "en_US", ("en", "de", "ar"))
    arabic = theme.wording("ar", "ar")[0]
    folds = {n: said(say("fold-context", w=n), arabic) for n in (0, 1, 2, 3, 11, 100)}
    assert folds[0] == "نص غير متغيّر (لا كلمات): اقرأه في النسخة الأحدث"  # zero
    assert folds[1] == "نص غير متغيّر (كلمة واحدة): اقرأه في النسخة الأحدث"  # one
    assert folds[2] == "نص غير متغيّر (كلمتان): اقرأه في النسخة الأحدث"  # two
    assert folds[3] == "نص غير متغيّر (3 كلمات): اقرأه في النسخة الأحدث"  # few (3–10)
    assert folds[11] == "نص غير متغيّر (11 كلمة): اقرأه في النسخة الأحدث"  # many (11–99)
    assert folds[100] == "نص غير متغيّر (100 كلمة): اقرأه في النسخة الأحدث"  # other
    two_sections = said(say("fold-sections", w=1, s=2), arabic)
    assert two_sections == "قسمان غير متغيّرين (كلمة واحدة): انظر النسخة الأحدث"
    german = theme.wording("de", "de_DE")[0]
    assert (
        said(say("fold-section", w=1), german)
        == "Unveränderter Text dieses Abschnitts (1 Wort): in der neueren Fassung lesen"
    )
    assert (
        said(say("fold-sections", w=1234, s=1), german)
        == "1 unveränderter Abschnitt (1.234 Wörter): in der neueren Fassung lesen"
    )
    english = theme.wording("en", "en_US")[0]
    assert said(say("fold-context", w=1), english) == "Unchanged text (1 word): read it in the newer version"
    assert (
        said(say("fold-sections", w=97, s=2), english)
        == "2 unchanged sections (97 words): see the newer version"
    )
    assert (
        said(say("fold-sections", w=1234, s=1), english)
        == "1 unchanged section (1,234 words): see the newer version"
    )
    assert theme.wording("de", "de_DE")[0] is german  # once per theme and language


def test_forget_lets_go_of_every_answer_kept_for_the_pages_so_far() -> None:
    theme = Theme(None, "en_US")
    english, kind_name = theme.wording("en", "en_US")
    said(say("fold-context", w=7), english)
    kind_name("moved", 2)
    assert english.filled and english.counted is not None
    assert english.counted("w", 7) == "7 words"
    theme.forget()
    assert (english.filled, english.counted.answers, kind_name.answers) == ({}, {}, {})


def test_a_site_catalog_overrides_the_side_by_side_labels(
    make_site: Callable[..., Path], browser: Any, http_server: Callable[[Path], str], monkeypatch: Any
) -> None:
    files: dict[str, str | bytes] = {
        "content/privacy/2025-01-01.md": "---\ntitle: Privacy\n---\n\n## Data\n\nWe keep your e-mail address.\n",
        "content/privacy/2025-03-01.md": "---\nsummary: More\n---\n\n## Data\n\nWe keep your address and name.\n",
        "theme/locale/en/LC_MESSAGES/messages.po": HEADER
        + 'msgid "Older"\nmsgstr "Before the change"\n\nmsgid "Newer"\nmsgstr "After the change"\n',
    }
    root = make_site(files, 'title = "Site"\nbase_url = "https://s.example/"\n')
    monkeypatch.chdir(root)
    out = root / "site"
    build(with_overrides(load_settings(root / "ppgen.toml"), output=out), as_of=date(2025, 6, 1))
    page = (out / "privacy" / "diff" / "2025-01-01...2025-03-01" / "index.html").read_text()
    assert '<span class="rl-note rl-side">Before the change</span>' in page
    assert '<span class="rl-note rl-side">After the change</span>' in page
    assert ">Older<" not in page and ">Newer<" not in page
    for path in (out / "_static").iterdir():  # no style sheet draws a label of its own any more
        assert not re.search(rb"content: *\"(Older|Newer)", path.read_bytes()), (
            f"{path.name} still draws a label"
        )
    base = http_server(out)
    labels = "#redline .rl-row .rl-side"
    for width, shown in ((390, True), (1280, False)):
        context = browser.new_context(viewport={"width": width, "height": 800})
        try:
            view = context.new_page()
            view.goto(base + "privacy/diff/2025-01-01...2025-03-01/#side-by-side")
            shown_text = "els => els.map(e => e.offsetParent !== null ? e.innerText : null)"
            seen = view.eval_on_selector_all(labels, shown_text)
            assert seen == (["Before the change", "After the change"] if shown else [None, None]), (
                width,
                seen,
            )
        finally:
            context.close()


def test_a_translated_page_labels_its_section_links_in_its_language(make_site: Callable[..., Path]) -> None:
    """The permalink beside each heading says "Link to this section" in the page's language (it was always in
    the controlling one), and headings the versions share are wrapped once, the same on every page."""
    files: dict[str, str | bytes] = {
        "content/privacy/2025-01-01.md": "---\ntitle: Privacy\n---\n\n## Data\n\nWe keep data.\n",
        "content/privacy/2025-01-01.de.md": "---\ntitle: Datenschutz\n---\n\n## Daten\n\nWir speichern Daten.\n",
        "content/privacy/2025-03-01.de.md": "---\n---\n\n## Daten\n\nWir speichern weniger Daten.\n",
    }
    root = make_site(files, 'title = "T"\nbase_url = "https://t.example/"\nlanguages = ["en", "de"]\n')
    out = root / "site"
    build(with_overrides(load_settings(root / "ppgen.toml"), output=out), as_of=date(2025, 6, 1))
    label = 'aria-label="Link zu diesem Abschnitt: Daten"'
    for page in (
        "de/privacy/index.html",
        "de/privacy/2025-01-01/index.html",
        "de/privacy/2025-03-01/index.html",
    ):
        assert label in (out / page).read_text(), page
    assert 'aria-label="Link to this section: Data"' in (out / "privacy" / "index.html").read_text()


def test_a_formatting_note_on_quoted_words_quotes_them_once() -> None:
    """A defined term written **“Affiliate”** made bold: the note said ““Affiliate””: bold added."""
    from ppgen.redline.compare import compare
    from ppgen.source.markdown import parse
    from test_redline import THEME_WORDS

    older = parse("The term “Affiliate” means any entity, and 'Data' means data.\n", "p.md")
    newer = parse("The term **“Affiliate”** means any entity, and *'Data'* means data.\n", "p.md")
    notes = re.findall(r'rl-fmt-note">([^<]*)<', compare(older, newer).inline(THEME_WORDS, "newer"))
    assert notes == ["Formatting: “Affiliate”: bold added; “Data”: italic added"]
