"""Real policy Markdown, held (issue 14): what files that already exist contain builds, and reads right.

A leading `# Title` is the title; `#` used for sections moves every heading one level down;
`template_syntax = "text"` shows leftovers as written; heading ids keep letters of every script (Latin
ids exactly as before); BOMs, line and paragraph separators, NBSP, form feeds, zero-width characters,
right-to-left text, empty (with a warning) and heading-less bodies, 1 MB versions and 65,000-character lines build; a
version identical to the one before gets a redline page that says so. Bad inputs of this area are in
tests/bad_cases/tolerance.py.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bad_cases.tolerance import CASES
from badinput import AS_OF, CONFIG, FIRST, SECOND, Bad, body, invoke, run_bad
from ppgen.core.errors import PpgenError
from ppgen.pipeline.incremental import IncrementalRenderer
from ppgen.source import markdown, titles
from ppgen.source.config import load_settings
from ppgen.source.headings import ESCAPE, Ids, is_page_id, slugify
from ppgen.source.load import load_site

# --- helpers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", CASES, ids=[b.name for b in CASES])
def test_bad_input(site: Path, bad: Bad) -> None:
    run_bad(site, bad)


def build(root: Path, files: dict[str, str | bytes], config: str = CONFIG) -> str:
    """Write `files` over `root` (the working folder), build, and return stderr (the build must succeed)."""
    (root / "ppgen.toml").write_text(config, encoding="utf-8")
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    result = invoke("build", *AS_OF)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def page(root: Path, address: str) -> str:
    return (root / "site" / address / "index.html").read_text(encoding="utf-8")


def policy_text(html: str) -> str:
    """The inside of `#policy-text` (the default theme closes it right before the page's footer)."""
    match = re.search(r'<div id="policy-text"[^>]*>(.*?)</div>\n<footer class="policy-footer">', html, re.S)
    assert match is not None, html
    return match.group(1)


def check(*args: str) -> tuple[int, list[dict[str, object]], str]:
    """`ppgen check --format json`: exit code, the findings, stderr."""
    result = invoke("check", *AS_OF, "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)["problems"], result.stderr


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty site folder, the working folder."""
    folder = tmp_path / "site-src"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return folder


# --- 1. a leading title heading ---------------------------------------------------------------------


def test_a_leading_atx_heading_is_the_title(root: Path) -> None:
    build(root, {FIRST: "---\nsummary: First.\n---\n# Privacy Policy\n\n## Who we are\n\nExample Ltd.\n"})
    html = page(root, "privacy")
    assert re.search(r'<h1 id="policy-title"[^>]*>\s*Privacy Policy', html), html
    text = policy_text(html)
    assert "Privacy Policy" not in text and "<h1" not in text and '<h2 id="who-we-are">' in text
    versions = json.loads((root / "site/privacy/versions.json").read_text(encoding="utf-8"))
    assert versions["title"] == "Privacy Policy"


def test_a_setext_title_after_a_bom_blank_lines_and_a_comment(root: Path) -> None:
    first = "---\nsummary: First.\n---\n\ufeff\n<!-- imported\n from the old site -->\n\n"
    first += "Terms  of\n  Service\n=====\n\nText.\n"
    build(root, {"content/terms/2025-01-01.md": first})
    html = page(root, "terms")
    assert re.search(r'<h1 id="policy-title"[^>]*>\s*Terms of Service', html), html
    assert "Service" not in policy_text(html) and "<p>Text.</p>" in policy_text(html)


def test_a_title_after_link_reference_definitions_is_the_title(root: Path) -> None:
    """Basecamp's privacy policy (2018-12) opened with `[support]: https://basecamp.com/support` above its
    `# Basecamp privacy policy`: the heading became a section, every heading moved down a level, and the
    redline said a section was added. A link reference definition shows nothing; the links using it still
    work."""
    text = '[support]: https://example.com/support\n[faq]: /faq "Questions"\n\n# Privacy Policy\n\n'
    build(root, {FIRST: text + "## Contact\n\nPlease [get in touch][support].\n"})
    html = page(root, "privacy")
    assert re.search(r'<h1 id="policy-title"[^>]*>\s*Privacy Policy', html), html
    text = policy_text(html)
    assert '<h2 id="contact">Contact</h2>' in text and 'href="https://example.com/support"' in text, text
    code, findings, _ = check()
    assert code == 0 and findings == []


def test_front_matter_title_and_heading_that_agree_show_once(root: Path) -> None:
    build(root, {FIRST: "---\ntitle: Privacy  policy\n---\n\n# PRIVACY POLICY\n\nText.\n"})
    html = page(root, "privacy")
    assert re.search(r'<h1 id="policy-title"[^>]*>\s*Privacy policy', html)  # the front matter's spelling
    assert "PRIVACY" not in policy_text(html)
    code, findings, _ = check()
    assert code == 0 and findings == []


def test_a_heading_that_differs_from_the_title_stays_a_section_and_check_says_so(root: Path) -> None:
    text = "# Cookies\n\n## What are cookies\n\nSmall files.\n"
    build(root, {FIRST: body(text, "title: GitHub Cookies\n")})
    html = page(root, "privacy")
    assert re.search(r'<h1 id="policy-title"[^>]*>\s*GitHub Cookies', html)
    text = policy_text(html)
    assert '<h2 id="cookies">Cookies</h2>' in text and '<h3 id="what-are-cookies">' in text
    assert html.count("<h1") == 1
    code, findings, _ = check()
    assert code == 1
    assert [(f["rule"], f["path"], f["line"]) for f in findings] == [("title-mismatch", FIRST, 5)]
    assert "“Cookies”" in str(findings[0]["message"]) and "“GitHub Cookies”" in str(findings[0]["message"])


def test_titles_that_change_between_versions(root: Path) -> None:
    build(
        root,
        {
            FIRST: "---\nsummary: First.\n---\n# Privacy Policy\n\nText.\n",
            SECOND: "---\nsummary: Renamed.\n---\n# Privacy Notice\n\nText.\n",
        },
    )
    assert re.search(r'<h1 id="policy-title"[^>]*>\s*Privacy Policy', page(root, "privacy/2025-01-01"))
    assert re.search(r'<h1 id="policy-title"[^>]*>\s*Privacy Notice', page(root, "privacy"))
    redline = page(root, "privacy/diff/2025-01-01...2025-03-01")
    assert "The title changed from “Privacy Policy” to “Privacy Notice”." in redline
    assert "No change to the text" in redline
    versions = json.loads((root / "site/privacy/versions.json").read_text())["versions"]
    assert [v["title"] for v in versions] == ["Privacy Policy", "Privacy Notice"]


def test_what_is_not_a_title_heading() -> None:
    assert titles.leading_heading("## A\n# B\n") is None
    assert titles.leading_heading("Text first.\n\n# B\n") is None
    assert titles.leading_heading("    # indented code\n") is None
    assert titles.leading_heading("#\n\nText.\n") is None
    assert titles.leading_heading("<!-- never closed\n# A\n") is None
    heading = titles.leading_heading("# {{ company }} Terms\n")
    assert heading is not None and not heading.plain  # stays in the text, where template syntax is checked
    heading = titles.leading_heading("\n\n# Terms {#terms}\nText.\n")
    assert heading is not None and (heading.text, heading.line, heading.lines) == ("Terms", 2, 1)
    assert titles.without("\n\n# Terms {#terms}\nText.\n", heading) == "\n\n\nText.\n"


# --- 2. level-1 headings used for sections ----------------------------------------------------------


def test_level_one_sections_move_down_and_the_page_keeps_one_h1(root: Path) -> None:
    text = "# Privacy Policy\n\n# Who we are\n\nExample.\n\n## Contact\n\nWrite.\n\n"
    text += "# What we collect\n\nE-mail.\n"
    build(root, {FIRST: "---\nsummary: First.\n---\n" + text})
    html = page(root, "privacy")
    assert html.count("<h1") == 1
    inner = policy_text(html)
    assert '<h2 id="who-we-are">' in inner and '<h3 id="contact">' in inner
    assert '<h2 id="what-we-collect">' in inner
    code, findings, stderr = check()
    assert code == 0 and findings == [], findings
    assert f"{FIRST}:6: warning: level-1 headings are used for sections" in stderr


# --- 3. template_syntax -------------------------------------------------------------------------------


def test_template_syntax_text_shows_leftovers_as_written_with_a_warning_each(root: Path) -> None:
    files: dict[str, str | bytes] = {
        FIRST: body(
            "## A\n\nWrite to {{ site.data.contact }} or <b>{% data reusables.x %}</b>.\n\n{{ <i> }}\n",
            "title: P\n",
        ),
    }
    stderr = build(root, files, CONFIG + 'template_syntax = "text"\n')
    warnings = [line for line in stderr.splitlines() if "template syntax" in line]
    assert [w.split(" left")[0] for w in warnings] == [
        f"{FIRST}:7: warning: template syntax `{{{{ site.data.contact }}}}`",
        f"{FIRST}:7: warning: template syntax `{{% data reusables.x %}}`",
        f"{FIRST}:9: warning: template syntax `{{{{ <i> }}}}`",
    ]
    inner = policy_text(page(root, "privacy"))
    assert "Write to {{ site.data.contact }} or <b>{% data reusables.x %}</b>." in inner
    code, findings, check_stderr = check()
    assert code == 0 and findings == [] and check_stderr.count("warning: template syntax") == 3


def test_a_leftover_repeated_on_one_line_is_one_warning_that_counts_them(root: Path) -> None:
    """Cut at 40 characters, two leftovers on a line printed the same line twice; now each is shown up to 60
    characters, and one repeated on a line is one warning that says how many times."""
    long_one = "{{ site.data.variables.contact.contact_support_portal_page }}"
    other = "{{ site.data.variables.contact.contact_support_email }}"
    files: dict[str, str | bytes] = {
        FIRST: body(f"## A\n\nWrite to {long_one}, {other} or {long_one}.\n", "title: P\n"),
    }
    stderr = build(root, files, CONFIG + 'template_syntax = "text"\n')
    assert [line.split(" (")[0] for line in stderr.splitlines() if "template syntax" in line] == [
        f"{FIRST}:7: warning: template syntax `{long_one[:59]}…` left in the text 2 times on this line, "
        "shown as written",
        f"{FIRST}:7: warning: template syntax `{other}` left in the text, shown as written",
    ]


def test_github_docs_autotitle_link_is_a_leftover_too(root: Path) -> None:
    """GitHub Docs fills `[AUTOTITLE](…)` with the title of the page it leads to; anywhere else a reader sees
    the word AUTOTITLE (72 such links in GitHub's site-policy history). A link with real words is no leftover."""
    text = "## A\n\nSee [AUTOTITLE](/site-policy/terms#fees), [the terms](/site-policy/terms) and {{ x }}.\n"
    stderr = build(root, {FIRST: body(text, "title: P\n")}, CONFIG + 'template_syntax = "text"\n')
    assert [line.split(" left")[0] for line in stderr.splitlines() if "template syntax" in line] == [
        f"{FIRST}:7: warning: template syntax `[AUTOTITLE](/site-policy/terms#fees)`",
        f"{FIRST}:7: warning: template syntax `{{{{ x }}}}`",
    ]
    assert ">AUTOTITLE</a>" in policy_text(page(root, "privacy"))  # shown as written, as the warning says


def test_attributes_of_pandoc_and_kramdown_are_leftovers_and_word_s_tracked_changes_say_so(
    root: Path,
) -> None:
    """pandoc (commonmark_x, `--track-changes=all`) and kramdown (Jekyll) write attributes that Markdown here
    shows as words; a Word document's tracked changes would publish both texts and their authors' names.
    Braces that are the policy's own words, and a heading's `{#id}`, are no leftover."""
    text = (
        '## Scope {#scope}\n\nWe collect [your name]{.insertion author="Jane Roe"}[your age]{.deletion'
        ' author="Jane Roe"}.\n\n[]{#_Toc123 .anchor}See [the terms](https://t.example/){:target="_blank"}'
        " and [these words]{.underline}.\n\nWe write {braces}, f(x){y} and [brackets] {like these}.\n"
    )
    (root / "ppgen.toml").write_text(CONFIG, encoding="utf-8")
    (root / FIRST).parent.mkdir(parents=True)
    (root / FIRST).write_text(body(text, "title: P\n"), encoding="utf-8")
    result = invoke("build", *AS_OF)
    assert result.exit_code == 1 and not (root / "site").exists()
    found = [line.split(" left in the text")[0] for line in result.stderr.splitlines() if " left in " in line]
    tracked = f"{FIRST}:7: a tracked change or comment of a word processor"
    other = f"{FIRST}:9: attributes of another Markdown tool"
    assert found == [
        f'{tracked} `{{.insertion author="Jane Roe"}}`',
        f'{tracked} `{{.deletion author="Jane Roe"}}`',
        f"{other} `{{#_Toc123 .anchor}}`",
        f'{other} `{{:target="_blank"}}`',
        f"{other} `{{.underline}}`",
    ]
    assert "accept or reject every tracked change and delete the comments" in result.stderr
    assert "`[words]{.class}` becomes `words`" in result.stderr
    stderr = build(root, {}, CONFIG + 'template_syntax = "text"\n')  # shown as written, with warnings
    assert stderr.count("warning: attributes of another Markdown tool") == 3
    assert "[your age]{.deletion" in policy_text(page(root, "privacy"))


def test_template_syntax_error_is_the_default(root: Path) -> None:
    (root / "ppgen.toml").write_text(CONFIG, encoding="utf-8")
    (root / FIRST).parent.mkdir(parents=True)
    (root / FIRST).write_text(body("## A\n\nWrite to {{ contact }}.\n", "title: P\n"), encoding="utf-8")
    result = invoke("build", *AS_OF)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{FIRST}:7: template syntax `{{{{ contact }}}}` left in the text")
    assert 'template_syntax = "text"' in result.stderr


def test_template_syntax_in_the_front_matter_is_an_error_at_its_key_too(root: Path) -> None:
    """A title or summary with `{{ company }}` went to the page's <h1>, the index and the feeds as written."""
    (root / "ppgen.toml").write_text(CONFIG, encoding="utf-8")
    (root / FIRST).parent.mkdir(parents=True)
    front = 'title: "{{ company }} Privacy"\nsummary: Updated for {% product %}\n'
    (root / FIRST).write_text(body("## A\n\nText.\n", front), encoding="utf-8")
    result = invoke("build", *AS_OF)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{FIRST}:2: template syntax `{{{{ company }}}}` left in `title`"), (
        result.stderr
    )
    assert lines[1].startswith(f"{FIRST}:3: template syntax `{{% product %}}` left in `summary`"), (
        result.stderr
    )
    (root / "ppgen.toml").write_text(CONFIG + 'template_syntax = "text"\n', encoding="utf-8")
    assert invoke("build", *AS_OF).exit_code == 0


# --- 4. heading ids in every script -------------------------------------------------------------------


def old_slugify(text: str) -> str:
    """ppgen's slugger before issue 14, kept here as the reference Latin ids must match."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "section"


LATIN_VOCABULARY = [
    "Données personnelles",
    "Über uns",
    "Straße & Co.",
    "Ærø — Øresund",
    "Łódź, Kraków",
    "İstanbul Şube",
    "Façade naïve résumé",
    "Año 2025: ¿Qué datos?",
    "Ğüşöç ıİ",
    "Ĳssel ŀ Œuvre",
    "Þór Ðóra",
    "ǅungla ǈ ǋ",
    "ﬁnancial ﬂows",
    "Ｆｕｌｌ ｗｉｄｔｈ １２３",
    "x² + ½ − ¼",
    "Ⅻ Chapter ⅳ",
    "Section §3 (a)",
    "50 % off — now!",
    "Hawaiʻi O‘ahu",
    "C'est l'été",
    "e\u0301te\u0301 (decomposed)",
    "Vietnamese: Tiếng Việt",
    "Dạy ẞ ỳ",
    "Ça va?  Très\u00a0bien",
    "Tab\there",
    "ℌ ℓ ™ ℠ №",
    "Cookies 🍪 policy",
    "Zero\u200bwidth\u200djoin",
    "Right\u200fto\u200eleft marks",
    "DMCA Takedown Policy",
    "1. Safe Harbor Terms",
    "F. Submitting Notices",
    "What Is the DMCA?",
    "GitHub's Use of Cookies",
    "A.B.C",
    "__init__ & --flag",
    "ǲ ǳ Ǆ",
    "ꞌ Ꞌ ꝼ",
]


@pytest.mark.parametrize("text", LATIN_VOCABULARY)
def test_latin_ids_are_exactly_as_before(text: str) -> None:
    assert slugify(text) == old_slugify(text)


def test_every_latin_and_symbol_character_keeps_its_old_id() -> None:
    """Every code point of the Latin and symbol blocks, alone and between words, as the old slugger had it."""
    blocks = [
        (0x20, 0x36F),
        (0x1D00, 0x1EFF),
        (0x2000, 0x2BFF),
        (0x2C60, 0x2C7F),
        (0xA720, 0xA7FF),
        (0xAB30, 0xAB6F),
        (0xFB00, 0xFB06),
        (0xFF00, 0xFF60),
        (0x1D400, 0x1D7FF),
    ]
    differ = []
    for low, high in blocks:
        for code in range(low, high + 1):
            char = chr(code)
            if unicodedata.category(char) in ("Cs", "Co", "Cn"):
                continue
            for text in (char, f"Data {char}x use", f"A{char}"):
                if slugify(text) != old_slugify(text):
                    differ.append(f"U+{code:04X} {text!r}: {slugify(text)} != {old_slugify(text)}")
    assert not differ, differ[:20]


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(max_codepoint=0x24F, blacklist_categories=("Cs",)), max_size=40))
def test_latin_text_keeps_its_old_ids(text: str) -> None:
    assert slugify(text) == old_slugify(text)


@pytest.mark.parametrize(
    ("text", "ident"),
    [
        ("個人情報の取り扱い", "個人情報の取り扱い"),
        ("Политика конфиденциальности", "политика-конфиденциальности"),
        ("第1条（目的）", "第1条-目的"),
        ("개인정보 처리방침", "개인정보-처리방침"),
        ("سياسة الخصوصية", "سياسة-الخصوصية"),
        ("מדיניות פרטיות", "מדיניות-פרטיות"),
        ("हिन्दी नीति", "हिन्दी-नीति"),  # vowel signs and virama are kept with their letters
        ("Πολιτική Απορρήτου", "πολιτική-απορρήτου"),
        ("データ・ベース", "データベース"),
        ("GDPR 個人情報", "gdpr-個人情報"),
        ("Ｃｏｏｋｉｅ が", "cookie-が"),
    ],
)
def test_ids_keep_the_letters_of_every_script(text: str, ident: str) -> None:
    assert slugify(text) == ident


def test_non_latin_ids_are_stable_when_a_section_is_added_before(root: Path) -> None:
    first = (
        "---\ntitle: プライバシーポリシー\n---\n\n## 個人情報の取り扱い\n\n本文。\n\n## Политика\n\nТекст.\n"
    )
    second = (
        "---\nsummary: 新しい節\n---\n\n## はじめに\n\n新しい。\n\n"
        "## 個人情報の取り扱い\n\n本文。\n\n## Политика\n\nТекст.\n"
    )
    third = second.replace("本文。", "本文。[戻る](#個人情報の取り扱い)")
    build(root, {FIRST: first, SECOND: second, "content/privacy/2025-04-01.md": third})
    for address in ("privacy/2025-01-01", "privacy/2025-03-01"):
        html = page(root, address)
        assert '<h2 id="個人情報の取り扱い">' in html and '<h2 id="политика">' in html
    code, findings, _ = check()
    assert not [f for f in findings if f["rule"] == "broken-link"], findings  # a link to a CJK id lands


def test_a_redline_keeps_links_to_sections_of_other_scripts(root: Path) -> None:
    """Markdown percent-encodes `#個人情報` in a link: the redline still finds the section it leads to."""
    text = "## はじめに\n\n{}[詳しくは](#個人情報の取り扱い)。\n\n## 個人情報の取り扱い\n\n本文。\n"
    build(root, {FIRST: body(text.format(""), "title: P\n"), SECOND: body(text.format("新しい。"))})
    redline = page(root, "privacy/diff/2025-01-01...2025-03-01")
    assert '<a href="#%E5%80%8B%E4%BA%BA' in redline and "data-rl-href" not in redline


def test_reserved_ids_still_hold_for_ids_of_other_scripts() -> None:
    for base in ("rl-データ", "compare-条項", "change-٣"):
        ids = Ids()
        ident = ids.take(base, pinned=False)
        assert not is_page_id(ident)
        assert ident == (ESCAPE + base if is_page_id(base) else base)
    assert slugify("RL データ") == "rl-データ" and is_page_id("rl-データ")
    doc = markdown.parse("## RL データ\n\nText.\n\n## Main\n\nText.\n", "p.md")
    assert [h.id for h in doc.headings] == ["section-rl-データ", "main-2"]


# --- 5. real-world oddities -----------------------------------------------------------------------------


def test_a_bom_after_the_front_matter(root: Path) -> None:
    build(root, {FIRST: "---\ntitle: P\n---\n\ufeff## Who we are\n\nText.\n"})
    inner = policy_text(page(root, "privacy"))
    assert '<h2 id="who-we-are">Who we are</h2>' in inner and "\ufeff" not in inner


def test_form_feeds_are_white_space(root: Path) -> None:
    build(root, {FIRST: "---\ntitle: P\n---\n\n## A\n\nPage one.\n\f\nPage\ftwo.\n\n\f## B\n\nText.\n"})
    inner = policy_text(page(root, "privacy"))
    assert "<p>Page one.</p>" in inner and "<p>Page two.</p>" in inner and '<h2 id="b">B</h2>' in inner
    assert "\f" not in inner


ZERO_WIDTH = "Zero\u200bwidth\u200cnon\u200djoiner\u2060\ufeffend"
RIGHT_TO_LEFT = "\u202bسياسة الخصوصية\u202c and עברית"


@pytest.mark.parametrize(
    ("name", "text", "shown"),
    [
        ("line and paragraph separators", "One\u2028two\u2029three.", "One\u2028two\u2029three."),
        ("no-break spaces", "Art.\u00a05\u00a0GDPR", "Art.\u00a05\u00a0GDPR"),
        ("zero-width characters", ZERO_WIDTH, ZERO_WIDTH),
        ("right-to-left text", RIGHT_TO_LEFT, RIGHT_TO_LEFT),
        ("CJK text", "個人情報は、法令に基づき取り扱います。", "個人情報は、法令に基づき取り扱います。"),
    ],
)
def test_oddities_in_the_text_build_and_show_as_written(root: Path, name: str, text: str, shown: str) -> None:
    files: dict[str, str | bytes] = {FIRST: body(f"## A\n\n{text}\n", f"title: P {name}\n")}
    build(root, {**files, SECOND: body(f"## A\n\n{text} More.\n")})
    assert shown in policy_text(page(root, "privacy/2025-01-01"))
    json.loads((root / "site/privacy/versions.json").read_text(encoding="utf-8"))
    assert "<ins" in page(root, "privacy/diff/2025-01-01...2025-03-01")


def test_an_empty_body_and_a_body_with_no_heading(root: Path) -> None:
    """An empty version builds, as a real history may hold one, but with a warning at its line (issue 16's
    review: it published an empty policy in force, silently)."""
    stderr = build(
        root, {FIRST: "---\ntitle: P\n---\n", SECOND: body("Just one paragraph.\n", "summary: Last.\n")}
    )
    assert [line.split(": its page")[0] for line in stderr.splitlines() if "no text" in line] == [
        f"{FIRST}:3: warning: the version has no text"
    ]
    assert policy_text(page(root, "privacy/2025-01-01")).strip() == ""
    assert "<p>Just one paragraph.</p>" in policy_text(page(root, "privacy"))
    assert "<ins" in page(root, "privacy/diff/2025-01-01...2025-03-01")


def test_a_version_identical_to_the_one_before_says_no_change(root: Path) -> None:
    same = "## A\n\nText.\n"
    build(root, {FIRST: body(same, "title: P\n"), SECOND: body(same, "summary: Dates only.\n")})
    redline = page(root, "privacy/diff/2025-01-01...2025-03-01")
    assert "No change to the text" in redline and "<ins" not in redline.split('id="redline"')[1]
    # not an empty page: the unchanged text is a link to it in the newer version (issue 16: folds are links)
    assert re.search(
        r'<p class="rl-note rl-fold"><a href="\.\./\.\./2025-03-01/#a">Unchanged',
        redline.split('id="redline"')[1],
    )


def test_an_empty_body_twice_says_no_change(root: Path) -> None:
    stderr = build(root, {FIRST: "---\ntitle: P\n---\n", SECOND: "---\nsummary: Still nothing.\n---\n"})
    assert stderr.count("warning: the version has no text") == 2
    assert "No change to the text" in page(root, "privacy/diff/2025-01-01...2025-03-01")


def test_a_1_mb_version_and_a_65000_character_line(root: Path) -> None:
    paragraph = "The controller processes personal data lawfully, fairly and transparently. " * 12
    big = "".join(f"## Section {n}\n\nClause {n}: {paragraph}\n\n" for n in range(1100))  # no two parts alike
    assert len(big.encode()) > 1_000_000
    line = ("word " * 13_000)[:65_000]
    build(
        root,
        {
            FIRST: body(big + line + "\n", "title: P\n"),
            SECOND: body(big.replace("Section 500\n", "Section 500 (amended)\n") + line + " end\n"),
        },
    )
    redline = page(root, "privacy/diff/2025-01-01...2025-03-01")
    assert "(amended)" in redline and "end" in redline


def test_the_preview_follows_a_change_of_template_syntax(root: Path) -> None:
    """`ppgen serve` keeps parsed texts between saves: one parsed with "text" must not pass for "error"."""
    files: dict[str, str | bytes] = {FIRST: body("## A\n\nWrite to {{ contact }}.\n", "title: P\n")}
    build(root, files, CONFIG + 'template_syntax = "text"\n')
    renderer = IncrementalRenderer()
    lenient = load_settings(root / "ppgen.toml")
    renderer.render(load_site(lenient, date(2025, 6, 1)), lenient)
    (root / "ppgen.toml").write_text(CONFIG, encoding="utf-8")
    strict = load_settings(root / "ppgen.toml")
    with pytest.raises(PpgenError, match="template syntax"):
        renderer.render(load_site(strict, date(2025, 6, 1)), strict)


def test_the_contents_list_the_texts_top_level_and_a_text_with_no_headings_has_none(root: Path) -> None:
    """A text whose sections start at ### had an empty Contents box (387 pages of the corpus); one with no
    heading has no Contents at all. Two entries or fewer list the level under them too (`site/contents`)."""
    build(
        root,
        {
            FIRST: body("### Data\n\nText.\n\n#### Detail\n\nMore.\n\n### Rights\n\nText.\n", "title: P\n"),
            SECOND: body("Just one paragraph.\n", "summary: Last.\n"),
        },
    )
    first = page(root, "privacy/2025-01-01")
    contents = re.search(r'<nav class="toc".*?</nav>', first, re.S)
    assert contents is not None
    assert re.findall(r'<li><a href="#([^"]+)">', contents.group(0)) == ["data", "detail", "rights"]
    assert re.search(
        r'<a href="#data">Data</a>\s*<ol>\s*<li><a href="#detail">Detail</a></li>\s*</ol></li>', contents[0]
    )
    assert 'class="toc"' not in page(root, "privacy")


def test_the_contents_of_a_few_headings_around_many_list_those_too(root: Path) -> None:
    """WordPress.com's terms: "The gist", "Terms of Service" and "Other" around 19 numbered clauses in ####.
    The contents listed the three and none of the clauses a reader looks for."""
    clauses = "".join(f"#### {n}. Clause {n}\n\nText {n}.\n\n" for n in range(1, 13))
    build(
        root,
        {
            FIRST: body(f"### The gist\n\nShort.\n\n### Terms\n\n{clauses}### Other\n\nEnd.\n", "title: P\n"),
            SECOND: body("Just one paragraph.\n", "summary: Last.\n"),
        },
    )
    contents = re.search(r'<nav class="toc".*?</nav>', page(root, "privacy/2025-01-01"), re.S)
    assert contents is not None
    listed = re.findall(r'<li><a href="#([^"]+)">', contents.group(0))
    assert listed[:3] == ["the-gist", "terms", "1-clause-1"] and len(listed) == 3 + 12
