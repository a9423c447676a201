"""`ppgen import git` and `ppgen import dir` through the command line, on real git repositories and real
files in tmp_path; each import is then built with `ppgen build`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from badinput import invoke, snapshot
from conftest import write_files
from gitrepo import GitRepo, isolate_git
from ppgen.importers.common import Kind, convert
from ppgen.importers.from_html import html_to_markdown

SITE_CONFIG = 'title = "Imported"\nbase_url = "https://example.com/legal/"\ntimezone = "America/New_York"\n'


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty site (ppgen.toml, no content yet) as the working folder, outside any git checkout."""
    isolate_git(monkeypatch)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = tmp_path / "site"
    root.mkdir()
    (root / "ppgen.toml").write_text(SITE_CONFIG, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def _built(site: Path) -> None:
    result = invoke("build", "--as-of", "2022-01-01", "-q")
    assert result.exit_code == 0, result.stderr


def _front(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    head = text.split("\n---\n", 1)[0].removeprefix("---\n")
    return {key: value.strip('"') for key, value in (line.split(": ", 1) for line in head.split("\n"))}


# --- git ---------------------------------------------------------------------------------------------


def _terms(words: str) -> str:
    return f"# Acme Terms\n\n## Scope\n\n{words}\n"


@pytest.fixture
def upstream(tmp_path: Path) -> tuple[GitRepo, dict[str, str]]:
    """A repository whose terms were renamed twice, edited twice on one day, and re-committed unchanged."""
    repo = GitRepo(tmp_path / "upstream")
    shas = {
        "first": repo.commit("2019-03-01T09:00:00Z", **{"terms.md": _terms("First text, with a typo.")}),
        "same-day": repo.commit("2019-03-01T15:00:00Z", **{"terms.md": _terms("First text.")}),
    }
    repo.git("mv", "terms.md", "legal-terms.md")
    shas["rename"] = repo.commit("2019-07-10T12:00:00Z", "Rename")
    shas["second"] = repo.commit("2020-01-15T12:00:00Z", **{"legal-terms.md": _terms("Second text.")})
    repo.commit("2020-02-01T12:00:00Z", **{"README.md": "Not the policy.\n"})
    (repo.root / "policies").mkdir()
    repo.git("mv", "legal-terms.md", "policies/acme.md")
    # The same text under its new name, now with front matter that says the same title: reads the same.
    shas["same-text"] = repo.commit(
        "2020-05-05T12:00:00Z",
        "Move",
        **{"policies/acme.md": "---\ntitle: Acme Terms\n---\n" + _terms("Second text.")},
    )
    # 02:00 UTC on the 2nd is the evening of June 1st in the site's time zone (America/New_York).
    shas["third"] = repo.commit("2020-06-02T02:00:00Z", **{"policies/acme.md": _terms("Third text.")})
    return repo, shas


def test_import_git_follows_the_given_names_one_version_a_day(
    site: Path, upstream: tuple[GitRepo, dict[str, str]]
) -> None:
    repo, shas = upstream
    paths = ["--path", "policies/acme.md", "--path", "terms.md", "--path", "legal-terms.md"]  # any order
    result = invoke("import", "git", "--repo", str(repo.root), *paths, "--policy", "acme")
    assert result.exit_code == 0, result.stderr
    folder = site / "content" / "acme"
    assert sorted(p.name for p in folder.iterdir()) == ["2019-03-01.md", "2020-01-15.md", "2020-06-01.md"]
    assert result.stdout.splitlines() == [
        "created content/acme/2019-03-01.md",
        "created content/acme/2020-01-15.md",
        "created content/acme/2020-06-01.md",
        "imported 3 versions of acme (1 identical versions dropped, 0 warnings)",
    ]
    first = folder / "2019-03-01.md"
    assert _front(first) == {
        "title": "Acme Terms",
        "effective": "2019-03-01",
        "source": f"upstream@{shas['same-day']}:terms.md",
    }
    assert first.read_text(encoding="utf-8").endswith(
        "---\n\n## Scope\n\nFirst text.\n"
    )  # the day's last commit
    assert _front(folder / "2020-01-15.md")["source"] == f"upstream@{shas['second']}:legal-terms.md"
    assert _front(folder / "2020-06-01.md")["source"] == f"upstream@{shas['third']}:policies/acme.md"
    _built(site)
    page = (site / "site" / "acme" / "2019-03-01" / "index.html").read_text(encoding="utf-8")
    assert "First text." in page and "Acme Terms" in page
    assert (
        shas["same-day"] not in page and "upstream@" not in page
    )  # `source` is for the record, not for readers


def test_import_git_without_the_older_names_starts_at_the_last_rename(
    site: Path, upstream: tuple[GitRepo, dict[str, str]]
) -> None:
    repo, _ = upstream
    result = invoke(
        "import", "git", "--repo", str(repo.root), "--path", "policies/acme.md", "--policy", "acme"
    )
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (site / "content" / "acme").iterdir()) == ["2020-05-05.md", "2020-06-01.md"]


def test_import_git_dates_from_the_text(site: Path, tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "upstream")
    repo.commit(
        "2021-01-01T12:00:00Z", **{"terms.md": "# Terms\n\n**Last updated:** March 1, 2019\n\nOne.\n"}
    )
    repo.commit("2021-02-01T12:00:00Z", **{"terms.md": "# Terms\n\n_Effective date: 2020-01-15_\n\nTwo.\n"})
    stale = repo.commit(
        "2021-03-01T12:00:00Z", **{"terms.md": "# Terms\n\nEffective as of 15 June 2020.\n\nThree.\n"}
    )
    last = repo.commit(
        "2021-04-01T12:00:00Z",
        **{"terms.md": "# Terms\n\nEffective as of 15 June 2020.\n\nThree, corrected.\n"},
    )
    result = invoke(
        "import",
        "git",
        "--repo",
        str(repo.root),
        "--path",
        "terms.md",
        "--policy",
        "terms",
        "--date-from-text",
    )
    assert result.exit_code == 0, result.stderr
    # A text replaced by a later one stating the same date is not imported: said, never silently.
    assert result.stderr.splitlines() == [
        f"upstream@{stale[:7]}:terms.md:3: warning: left out: a later text ({last[:7]}) states 2020-06-15 too,"
        " and replaces this one (import without --date-from-text to keep every text, dated by its commit)"
    ]
    assert (
        result.stdout.splitlines()[-1]
        == "imported 3 versions of terms (0 identical versions dropped, 1 warnings)"
    )
    folder = site / "content" / "terms"
    assert sorted(p.name for p in folder.iterdir()) == ["2019-03-01.md", "2020-01-15.md", "2020-06-15.md"]
    assert (
        (folder / "2020-06-15.md").read_text(encoding="utf-8").endswith("Three, corrected.\n")
    )  # the date's last text
    _built(site)


def test_import_git_date_from_text_missing_or_unreadable(site: Path, tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "upstream")
    repo.commit("2021-01-01T12:00:00Z", **{"terms.md": "# Terms\n\nLast updated: March 1, 2019\n\nOne.\n"})
    missing = repo.commit("2021-02-01T12:00:00Z", **{"terms.md": "# Terms\n\nTwo, with no date.\n"})
    bad = repo.commit(
        "2021-03-01T12:00:00Z",
        **{"terms.md": "# Terms\n\nIntro.\n\nEffective date: Octember 5, 2020\n\nThree.\n"},
    )
    before = snapshot(site)
    result = invoke(
        "import",
        "git",
        "--repo",
        str(repo.root),
        "--path",
        "terms.md",
        "--policy",
        "terms",
        "--date-from-text",
    )
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith(
        f"upstream@{missing[:7]}:terms.md: no line states the date this version takes effect ("
    )
    assert lines[1].startswith(
        f"upstream@{bad[:7]}:terms.md:5: no date ppgen can read in `Effective date: Octember 5, 2020` ("
    )
    assert "October 15, 2025" in lines[1]  # how the site's locale writes a date
    assert snapshot(site) == before


def test_import_git_errors(site: Path, tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "upstream")
    repo.commit("2021-01-01T12:00:00Z", **{"terms.md": "# Terms\n\nOne.\n"})
    before = snapshot(site)
    typo = invoke(
        "import",
        "git",
        "--repo",
        str(repo.root),
        "--path",
        "terms.md",
        "--path",
        "old-tems.md",
        "--policy",
        "terms",
    )
    assert typo.exit_code == 1
    assert typo.stderr.startswith(
        "upstream:old-tems.md: no commit on the first-parent history of HEAD has this file ("
    )
    not_git = invoke("import", "git", "--repo", str(tmp_path), "--path", "terms.md", "--policy", "terms")
    assert not_git.exit_code == 1 and "not a git repository (" in not_git.stderr
    bad_slug = invoke("import", "git", "--repo", str(repo.root), "--path", "terms.md", "--policy", "Terms.v2")
    assert bad_slug.exit_code == 1 and bad_slug.stderr.startswith(
        "--policy: `Terms.v2` is not a valid policy name ("
    )
    assert snapshot(site) == before


# --- a folder of snapshots -----------------------------------------------------------------------------

HTML = """<!doctype html>
<html><head><title>Acme Privacy</title><script>track()</script></head>
<body><nav>Home | About</nav>
<main>
<p>We keep <b>little</b> data. <a href="javascript:steal()">Opt out</a>.</p>
<script>evil()</script>
<button onclick="steal()">Accept</button>
<h2>Cookies</h2>
<ul><li>Session cookies</li><li>No trackers</li></ul>
</main>
<footer>© Acme</footer></body></html>
"""


def _snapshots(folder: Path) -> Path:
    folder.mkdir()
    (folder / "acme-privacy-2019-03-01.txt").write_text(
        "Acme Privacy\n\nWe keep your *e-mail* address\nand nothing else.\n\n1. This is not a list.\n# Nor a heading\n",
        encoding="utf-8",
    )
    (folder / "acme-privacy-2020-01-15.html").write_text(HTML, encoding="utf-8")
    (folder / "acme-privacy-2021-02-01.md").write_text(
        "# Acme Privacy\n\n## Cookies\n\nNone at all.\n", encoding="utf-8"
    )
    (folder / "Cookie Policy").mkdir()
    (folder / "Cookie Policy" / "2020-05-05.md").write_text("## Cookies\n\nWe use one.\n", encoding="utf-8")
    return folder


def test_import_dir_of_text_html_and_markdown(site: Path, tmp_path: Path) -> None:
    folder = _snapshots(tmp_path / "archive")
    result = invoke("import", "dir", str(folder))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "created content/acme-privacy/2019-03-01.md",
        "created content/acme-privacy/2020-01-15.md",
        "created content/acme-privacy/2021-02-01.md",
        "created content/cookie-policy/2020-05-05.md",
        "imported 3 versions of acme-privacy (0 identical versions dropped, 3 warnings)",
        "imported 1 version of cookie-policy (0 identical versions dropped, 1 warnings)",
    ]
    html_file = re.escape(
        str(folder / "acme-privacy-2020-01-15.html")
    )  # outside the working folder: shown whole
    warnings = result.stderr.splitlines()
    assert len(warnings) == 4, warnings
    # A title made up from the policy's name is said, once: the policy's pages and feeds show it.
    assert warnings.pop() == (
        "archive/Cookie Policy/2020-05-05.md: warning: no file of policy `cookie-policy` names its title:"
        " titled “Cookie policy” after its name (check it, or give the title with --title or `title:` in the file)"
    )
    assert re.match(
        rf"{html_file}:5: warning: dropped the link to \"javascript:steal\(\)\" \(its text is kept\) \(",
        warnings[0],
    )
    assert re.match(rf"{html_file}:6: warning: dropped <script> and its content \(", warnings[1])
    assert re.match(rf"{html_file}:7: warning: dropped <button> and its content \(", warnings[2])
    content = site / "content"
    text = (content / "acme-privacy" / "2019-03-01.md").read_text(encoding="utf-8")
    assert _front(content / "acme-privacy" / "2019-03-01.md") == {
        "title": "Acme Privacy",  # a text names no title: the next version's, from its <title>
        "effective": "2019-03-01",
        "source": "archive/acme-privacy-2019-03-01.txt",
    }
    assert text.endswith(
        "---\n\nAcme Privacy\n\nWe keep your \\*e-mail\\* address\nand nothing else.\n\n1\\. This is not a list.\n"
        "\\# Nor a heading\n"
    )
    html_version = (content / "acme-privacy" / "2020-01-15.md").read_text(encoding="utf-8")
    assert _front(content / "acme-privacy" / "2020-01-15.md")["title"] == "Acme Privacy"  # from <title>
    assert "Home" not in html_version and "© Acme" not in html_version  # only <main>
    assert (
        "We keep **little** data. Opt out." in html_version
        and "## Cookies" in html_version
        and "- No trackers" in html_version
    )
    assert "evil" not in html_version and "steal" not in html_version and "Accept" not in html_version
    assert (
        _front(content / "cookie-policy" / "2020-05-05.md")["title"] == "Cookie policy"
    )  # the slug humanised
    _built(site)
    page = (site / "site" / "acme-privacy" / "2019-03-01" / "index.html").read_text(encoding="utf-8")
    assert (
        "<p>We keep your *e-mail* address\nand nothing else.</p>" in page
    )  # a paragraph, its line break no <br>
    assert "<p>1. This is not a list.\n# Nor a heading</p>" in page


def test_import_dir_policy_and_title_options(site: Path, tmp_path: Path) -> None:
    folder = tmp_path / "snapshots"
    folder.mkdir()
    (folder / "2019-03-01.txt").write_text("Old.\n", encoding="utf-8")
    (folder / "2020-03-01.txt").write_text("Old.\n", encoding="utf-8")  # the same text again: dropped
    (folder / "2021-03-01.txt").write_text("New.\n", encoding="utf-8")
    result = invoke("import", "dir", str(folder), "--policy", "terms", "--title", "Terms of Sale")
    assert result.exit_code == 0, result.stderr
    assert (
        result.stdout.splitlines()[-1]
        == "imported 2 versions of terms (1 identical versions dropped, 0 warnings)"
    )
    assert _front(site / "content" / "terms" / "2021-03-01.md")["title"] == "Terms of Sale"
    _built(site)


PAGE = """<!doctype html>
<html><head><title>Acme Terms</title></head>
<body>
<header class="site"><a href="/">Acme</a> <a href="#text">Skip to the terms</a></header>
<div role="navigation"><a href="/shop">Shop</a></div>
<div id="text"><section>
<header><h1>Terms of Sale</h1><p>Last updated {day}</p></header>
<p>You may return anything within {days} days.</p>
<nav><a href="#returns">Returns</a></nav>
<footer>Questions: legal@acme.example</footer>
</section></div>
<footer>© {year} Acme</footer>
</body></html>
"""


def test_import_dir_of_html_pages_leaves_the_page_around_the_policy_out(site: Path, tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for day, days, year in (("2019-03-01", 30, 2019), ("2020-03-01", 30, 2020), ("2021-03-01", 60, 2021)):
        page = PAGE.format(day=day if days == 60 else "2019-03-01", days=days, year=year)
        (folder / f"terms-{day}.html").write_text(page, encoding="utf-8")
    result = invoke("import", "dir", str(folder))
    assert result.exit_code == 0, result.stderr
    # the second page differs from the first only in its footer's year: the same policy, dropped
    assert (
        result.stdout.splitlines()[-1]
        == "imported 2 versions of terms (1 identical versions dropped, 10 warnings)"
    )
    hint = "(the imported text does not have it: compare the result with the original page)"
    whole = (
        'no <main>, role="main" or <article> on the page: the whole page body was imported, so its menus, '
        "banners and footers are in the text unless they are <nav>, <header>, <footer>, ARIA landmarks "
        'or named so (id or class "header", "footer", "nav", "menu"…) '
        "(compare the result with the original page, or cut the snapshot down to the policy's element)"
    )
    assert [line for line in result.stderr.splitlines() if "2021-03-01" in line] == [
        f"{folder / 'terms-2021-03-01.html'}:3: warning: {whole}"
    ] + [
        f"{folder / 'terms-2021-03-01.html'}:{line}: warning: left out the page's {what} {hint}"
        for line, what in (
            (4, "banner (<header>)"),
            (5, "navigation (<div>)"),
            (9, "navigation (<nav>)"),
            (12, "footer (<footer>)"),
        )
    ]
    text = (site / "content" / "terms" / "2021-03-01.md").read_text(encoding="utf-8")
    assert "Last updated 2021-03-01" in text and "within 60 days" in text and "legal@acme.example" in text
    for chrome in ("Skip to the terms", "Shop", "© 2021", "Returns"):
        assert chrome not in text, chrome
    _built(site)


def test_import_says_at_once_what_a_build_would_stop_on(site: Path, tmp_path: Path) -> None:
    """Snapshots that kept another tool's template syntax import (the text is as it was), and the import
    lists each place `ppgen build` would stop on, at its line in the file written, with how to fix it."""
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "terms-2020-01-01.md").write_text("# Terms\n\nWrite to us.\n", encoding="utf-8")
    (folder / "terms-2021-01-01.md").write_text(
        "# Terms\n\nWrite to us.\n\nWrite to {{ site.email }}.\n", encoding="utf-8"
    )
    result = invoke("import", "dir", str(folder))
    assert result.exit_code == 0, result.stderr  # imported: the files are there to fix
    written = Path("content", "terms", "2021-01-01.md")
    line = written.read_text(encoding="utf-8").splitlines().index("Write to {{ site.email }}.") + 1
    assert result.stderr.splitlines() == [
        f"{written}:{line}: error: template syntax `{{{{ site.email }}}}` left in the text (replace it with"
        " the words it stood for; ppgen never runs content through a template engine, or set"
        ' template_syntax = "text" in ppgen.toml to show it as written, with a warning)',
        "`ppgen build` would stop on 1 problem in 1 of the imported versions (above, each with how to fix it)",
    ]
    assert invoke("build", "--as-of", "2022-01-01", "-q").exit_code == 1  # as it said
    Path("ppgen.toml").write_text(SITE_CONFIG + 'template_syntax = "text"\n', encoding="utf-8")
    _built(site)


def test_an_html_page_that_is_all_banner_keeps_its_text() -> None:
    page = b"<html><body><header><h1>Privacy</h1><p>We keep nothing.</p></header></body></html>"
    converted = html_to_markdown(page, "privacy.html")
    assert "We keep nothing." in converted.markdown
    assert [w.message.split(":")[0] for w in converted.warnings] == [
        'no <main>, role="main" or <article> on the page'
    ]


def test_import_never_overwrites(site: Path, tmp_path: Path) -> None:
    folder = _snapshots(tmp_path / "archive")
    existing = site / "content" / "acme-privacy" / "2020-01-15.md"
    existing.parent.mkdir(parents=True)
    existing.write_text("---\ntitle: Mine\n---\n\nHand-written.\n", encoding="utf-8")
    before = snapshot(site)
    result = invoke("import", "dir", str(folder))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "content/acme-privacy/2020-01-15.md: file exists already; ppgen import never overwrites ("
    )
    assert result.stdout == ""
    assert snapshot(site) == before  # nothing written, not even the files that did not exist


def test_import_dir_bad_names(site: Path, tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "acme-2019-03-01.txt").write_text("Fine.\n", encoding="utf-8")
    (folder / "notes.txt").write_text("Not a snapshot.\n", encoding="utf-8")
    (folder / "acme-2019-02-30.txt").write_text("No such day.\n", encoding="utf-8")
    (folder / "acme-2019-04-01.pdf").write_bytes(b"%PDF")
    (folder / "acme-2019-05-01.txt").write_bytes(b"caf\xe9\n")
    before = snapshot(site)
    result = invoke("import", "dir", str(folder))
    assert result.exit_code == 1
    shown = str(folder)
    assert result.stderr.splitlines() == [
        f"{shown}/acme-2019-02-30.txt: 2019-02-30 in the file name is not a date (write the date as YYYY-MM-DD)",
        f"{shown}/acme-2019-04-01.pdf: not a dated snapshot (name it <policy>-YYYY-MM-DD.md (or .txt, .html), or "
        "YYYY-MM-DD.md in a folder per policy)",
        f"{shown}/notes.txt: not a dated snapshot (name it <policy>-YYYY-MM-DD.md (or .txt, .html), or "
        "YYYY-MM-DD.md in a folder per policy)",
    ]
    (folder / "notes.txt").unlink()
    (folder / "acme-2019-02-30.txt").unlink()
    (folder / "acme-2019-04-01.pdf").unlink()
    (folder / "acme-2019-05-01.html").write_text("<p>Same day, another file.</p>", encoding="utf-8")
    result = invoke("import", "dir", str(folder))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{shown}/acme-2019-05-01.txt: two snapshots of `acme` for 2019-05-01: {shown}/acme-2019-05-01.html and "
        "this one (keep one of them)",
    ]
    assert snapshot(site) == before


def test_import_git_reads_an_old_revision_that_is_not_utf8_as_windows_1252_with_a_warning(
    site: Path, tmp_path: Path
) -> None:
    """A committed revision cannot be saved again as UTF-8: it is imported, read as windows-1252, and said."""
    repo = GitRepo(tmp_path / "upstream")
    (repo.root / "privacy.txt").write_bytes(b"Acme Privacy\n\nWe don\x92t sell your donn\xe9es.\n")
    repo.commit("2019-01-01T12:00:00Z")
    repo.commit("2020-01-01T12:00:00Z", **{"privacy.txt": "Acme Privacy\n\nWe don’t sell your data.\n"})
    result = invoke("import", "git", "--repo", str(repo.root), "--path", "privacy.txt", "--policy", "privacy")
    assert result.exit_code == 0, result.stderr
    assert "privacy.txt:3: warning: the file is not UTF-8; read as windows-1252" in result.stderr
    assert "We don’t sell your données." in (site / "content/privacy/2019-01-01.md").read_text(
        encoding="utf-8"
    )


def test_import_git_two_given_names_at_once(site: Path, tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "upstream")
    repo.commit("2021-01-01T12:00:00Z", **{"terms.md": "# Terms\n\nOne.\n"})
    both = repo.commit("2021-02-01T12:00:00Z", **{"terms-v2.md": "# Terms\n\nTwo, a different file.\n"})
    result = invoke(
        "import",
        "git",
        "--repo",
        str(repo.root),
        "--path",
        "terms-v2.md",
        "--path",
        "terms.md",
        "--policy",
        "terms",
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"upstream@{both[:7]}: the commit has two of the given paths at once: terms-v2.md and terms.md ("
    )
    assert not (site / "content").exists()


@pytest.mark.parametrize(
    ("text", "locale", "day"),
    [
        ("October 15, 2025", "en_US", "2025-10-15"),
        ("Oct. 15th, 2025.", "en_US", "2025-10-15"),
        ("10/15/2025", "en_US", "2025-10-15"),
        ("15/10/2025", "en_GB", "2025-10-15"),
        ("15. Oktober 2025", "de_DE", "2025-10-15"),
        ("15 октября 2025 г.", "ru_RU", "2025-10-15"),
        ("2025-10-15 (the Effective Date)", "fr_FR", "2025-10-15"),
        ("February 30, 2025", "en_US", None),
        ("October 2025", "en_US", None),
        ("soon", "en_US", None),
    ],
)
def test_written_dates(text: str, locale: str, day: str | None) -> None:
    from ppgen.core.dates import written_date

    found = written_date(text, locale)
    assert (found.isoformat() if found else None) == day


@pytest.mark.parametrize(
    ("kind", "source", "title", "body"),
    [
        # The title the file declares differs from its opening heading: the heading is a section, kept.
        (
            "md",
            "---\ntitle: Acme Terms of Service\n---\n\n# 1. Introduction\n\nThese terms govern.\n\n# 2. Liability\n",
            "Acme Terms of Service",
            "# 1. Introduction\n\nThese terms govern.\n\n# 2. Liability\n",
        ),
        (
            "md",
            "---\ntitle: privacy  policy\n---\n\n# Privacy Policy\n\nWe keep nothing.\n",
            "Privacy Policy",
            "We keep nothing.\n",
        ),
        ("md", "# Privacy Policy\n\nWe keep nothing.\n", "Privacy Policy", "We keep nothing.\n"),
        (
            "html",
            "<title>Acme Terms of Service</title><main><h1>1. Introduction</h1><p>These terms govern.</p></main>",
            "Acme Terms of Service",
            "# 1\\. Introduction\n\nThese terms govern.\n",  # markdownify escapes what would read as a list
        ),
        # A page's <title> adds the site's name to the heading: the heading is the title.
        (
            "html",
            "<title>Privacy Policy | Acme</title><main><h1>Privacy Policy</h1><p>We keep nothing.</p></main>",
            "Privacy Policy",
            "We keep nothing.\n",
        ),
    ],
)
def test_an_opening_heading_is_the_title_only_when_nothing_else_names_another(
    kind: Kind, source: str, title: str, body: str
) -> None:
    converted = convert(source.encode(), kind, f"snapshot.{kind}")
    assert (converted.title, converted.body) == (title, body)


def test_a_snapshot_that_names_no_title_takes_the_one_before_it_not_the_policy_name(
    site: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "terms-2019-01-01.md").write_text("# GitHub Terms of Service\n\nOne.\n", encoding="utf-8")
    (folder / "terms-2020-01-01.txt").write_text("Two.\n", encoding="utf-8")
    (folder / "terms-2021-01-01.md").write_text("# GitHub Terms of Service\n\nThree.\n", encoding="utf-8")
    result = invoke("import", "dir", str(folder))
    assert result.exit_code == 0, result.stderr
    titles = [_front(path)["title"] for path in sorted((site / "content" / "terms").iterdir())]
    assert titles == ["GitHub Terms of Service"] * 3


def _imported_titles(site: Path, tmp_path: Path, snapshots: dict[str, str | bytes]) -> dict[str, list[str]]:
    """`ppgen import dir` of these snapshots (file name → text): each policy's titles, oldest first."""
    folder = tmp_path / "snap"
    write_files(folder, snapshots)
    result = invoke("import", "dir", str(folder))
    assert result.exit_code == 0, result.stderr
    return {
        policy.name: [_front(path)["title"] for path in sorted(policy.iterdir())]
        for policy in sorted((site / "content").iterdir())
    }


def test_a_pages_title_with_the_sites_name_takes_the_title_another_version_has(
    site: Path, tmp_path: Path
) -> None:
    """Slack's privacy pages were all titled "Privacy Policy | Slack"; the 2016 page's heading "Privacy
    Policy" made it that version's title, and the 2015 page (a heading "Policies" over tabs) kept the
    `<title>`: its redline began "The title changed from “Privacy Policy | Slack” to “Privacy Policy”"."""
    page = "<html><head><title>Privacy Policy | Slack</title></head><body><h1>{h1}</h1><h2>Data</h2><p>{what}</p>"
    titles = _imported_titles(
        site,
        tmp_path,
        {
            "privacy-2015-03-16.html": page.format(h1="Policies", what="We keep logs."),
            "privacy-2016-03-16.html": page.format(h1="Privacy Policy", what="We keep less."),
            "terms-2016-03-16.html": "<html><head><title>Terms | Slack</title></head><body><p>Be kind.</p>",
        },
    )
    assert titles["privacy"] == ["Privacy Policy", "Privacy Policy"]
    assert titles["terms"] == ["Terms | Slack"]  # nothing to go by


def test_two_page_titles_with_the_sites_name_keep_the_part_they_share(site: Path, tmp_path: Path) -> None:
    """Etsy's privacy pages were titled "Etsy :: Privacy Policy" (2007) and "Privacy Policy - Etsy Help"
    (2014), and no heading of either said "Privacy Policy" alone: every redline from 2007 began "The title
    changed", though only the site's name around it had. The part both `<title>`s share is the title."""
    page = "<html><head><title>{title}</title></head><body><h2>Data</h2><p>{what}</p>"
    titles = _imported_titles(
        site,
        tmp_path,
        {
            "privacy-2007-06-08.html": page.format(title="Etsy :: Privacy Policy", what="We keep logs."),
            "privacy-2014-06-30.html": page.format(title="Privacy Policy - Etsy Help", what="We keep less."),
            "privacy-2015-07-21.html": page.format(
                title="Privacy Policy - Etsy Help", what="We keep little."
            ),
        },
    )
    assert titles["privacy"] == ["Privacy Policy"] * 3


def test_import_keeps_a_one_line_description_and_reports_the_other_keys(site: Path, tmp_path: Path) -> None:
    """Jekyll and Hugo front matter name a description, which the index and `<meta name="description">` show:
    it is carried over (folded to one line); the generator's other keys are reported, as before."""
    folder = tmp_path / "snap"
    folder.mkdir()
    front = "---\nlayout: page\ntitle: Privacy policy\ndescription: >\n  How we handle\n  your data\n---\n\n"
    (folder / "privacy-2020-04-13.md").write_text(front + "## Data\n\nWe keep little.\n", encoding="utf-8")
    (folder / "privacy-2020-06-25.md").write_text(front + "## Data\n\nWe keep less.\n", encoding="utf-8")
    result = invoke("import", "dir", str(folder))
    assert result.exit_code == 0, result.stderr
    written = site / "content" / "privacy" / "2020-04-13.md"
    assert _front(written) == {
        "title": "Privacy policy",
        "description": "How we handle your data",
        "effective": "2020-04-13",
        "source": "snap/privacy-2020-04-13.md",
    }
    assert "front matter not imported: layout" in result.stderr and "description" not in result.stderr
    _built(site)
    page = (site / "site" / "privacy" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="How we handle your data">' in page
