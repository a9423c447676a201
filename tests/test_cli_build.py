"""`ppgen build` through its command line (click's CliRunner, real files in tmp_path).

Every bad input from DESIGN.md's last section must give `path:line: message (hint)` on stderr,
exit code 1, and leave everything on disk (the previous site above all) exactly as it was.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from badinput import CONFIG, FIRST, GOOD, SECOND, Bad, body, invoke, run_bad, snapshot
from ppgen import __version__

# --- a good build -------------------------------------------------------------------------------


def test_build_prints_one_summary_line(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(GOOD, CONFIG)
    monkeypatch.chdir(root)
    result = invoke("build", "--as-of", "2025-06-01")
    assert result.exit_code == 0, result.output
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    made = r"\(build cache: the pages of (\d+) of \1 polic(y|ies) made, \d+ comparisons?\)"  # the first build
    assert re.fullmatch(rf"Built \d+ pages \(\d+ files\) in \d+\.\d+ s into site {made}", lines[0]), lines[0]
    assert (root / "site" / "privacy" / "2025-03-01" / "index.html").is_file()
    assert "Last updated" in (root / "site" / "privacy" / "index.html").read_text(encoding="utf-8")


def test_build_format_json_prints_its_warnings_on_success(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Like check, a build asked for JSON prints one document on stdout, also when it succeeds: its
    warnings, each with its code (CI reads them), and `{"problems": []}` when there are none."""
    import json

    root = make_site(GOOD, 'title = "No base URL"\n')
    monkeypatch.chdir(root)
    result = invoke("build", "-q", "--as-of", "2025-06-01", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["problems"]
    assert [row["code"] for row in rows] == ["no-base-url"], rows
    assert rows[0]["message"].startswith("no base_url") and rows[0]["hint"]
    (root / "ppgen.toml").write_text(CONFIG, encoding="utf-8")
    clean = invoke("build", "-q", "--as-of", "2025-06-01", "--format", "json")
    assert clean.exit_code == 0 and json.loads(clean.stdout) == {"problems": []}, clean.output


def test_build_quiet_prints_nothing(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_site(GOOD, CONFIG)
    monkeypatch.chdir(root)
    result = invoke("build", "-q", "--as-of", "2025-06-01")
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""
    assert (root / "site" / "index.html").is_file()


def test_build_options_content_out_config(
    make_site: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(GOOD, CONFIG)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "elsewhere" / "public"
    result = invoke(
        "build",
        "-q",
        "--config",
        str(root / "ppgen.toml"),
        "--content",
        str(root / "content"),
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    assert (out / "privacy" / "history" / "index.html").is_file()
    assert not (root / "site").exists()


def test_warning_without_base_url(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_site(GOOD, "")
    monkeypatch.chdir(root)
    result = invoke("build", "--as-of", "2025-06-01")
    assert result.exit_code == 0
    assert "base_url" in result.stderr
    assert not (root / "site" / "feed.xml").exists()


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"ppgen, version {__version__}"


def test_python_dash_m_help() -> None:
    repo = Path(__file__).resolve().parent.parent
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(repo), os.environ.get("PYTHONPATH")])),
    }
    run = subprocess.run(
        [sys.executable, "-m", "ppgen", "--help"],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "Usage:" in run.stdout and "build" in run.stdout


# --- bad input ------------------------------------------------------------------------------------


BAD = [
    Bad(
        "malformed-yaml",
        {SECOND: "---\nsummary: Adds cookies.\ntitle: Privacy: the policy\n---\n\n## A\n\nText.\n"},
        f"{SECOND}:3: ",
        "malformed YAML",
    ),
    Bad(
        "yaml-not-closed",
        {SECOND: "---\nsummary: Adds cookies.\n\n## A\n\nText.\n"},
        f"{SECOND}:1: ",
        "not closed",
    ),
    Bad(
        "impossible-date-in-name",
        {"content/privacy/2025-02-30.md": body("## A\n\nText.\n")},
        "content/privacy/2025-02-30.md: ",
        "impossible date",
    ),
    Bad(
        "impossible-effective",
        {SECOND: body("## A\n\nText.\n", "summary: x\neffective: 2025-13-01\n")},
        f"{SECOND}:3: ",
        "not a date",
    ),
    Bad(
        "empty-effective",
        {SECOND: body("## A\n\nText.\n", "summary: x\neffective:\n")},
        f"{SECOND}:3: ",
        "effective",
    ),
    Bad(
        "effective-not-file-name",
        {SECOND: body("## A\n\nText.\n", "effective: 2025-03-02\n")},
        f"{SECOND}:2: ",
        "does not match the file name",
    ),
    Bad(
        "effective-datetime-other-day",
        {SECOND: body("## A\n\nText.\n", "effective: 2025-03-01T23:30:00-05:00\n")},
        f"{SECOND}:2: ",
        "does not match the file name",
    ),
    # Two versions with one date cannot arise in folder mode (the file name is the date and must agree
    # with `effective`); what can arise is a second copy of a version under a name that is not a date.
    Bad(
        "copy-of-a-version",
        {"content/privacy/2025-03-01 copy.md": GOOD[SECOND]},
        "content/privacy/2025-03-01 copy.md: ",
        "not a version file",
    ),
    Bad(
        "slug-upper-case",
        {"content/Cookies/2025-01-01.md": body("## A\n\nText.\n", "title: Cookies\n")},
        "content/Cookies/2025-01-01.md:1: ",
        "not a valid policy name",
    ),
    Bad(
        "slug-with-dot",
        {"content/cookies.v2/2025-01-01.md": body("## A\n\nText.\n", "title: Cookies\n")},
        "content/cookies.v2/2025-01-01.md:1: ",
        "not a valid policy name",
    ),
    Bad(
        "not-utf8",
        {SECOND: "---\nsummary: Caf\u00e9 cookies.\n---\n\n## A\n\nText.\n".encode("latin-1")},
        f"{SECOND}:2: ",
        "not UTF-8",
    ),
    Bad(
        "unclosed-comment",
        {SECOND: body("## A\n\nText.\n\n<!-- editor's note\n\n## B\n\nHidden text.\n")},
        f"{SECOND}:8: ",
        "never closed",
    ),
    Bad(
        "template-braces",
        {SECOND: body("## A\n\nContact {{ company_name }} today.\n")},
        f"{SECOND}:6: ",
        "template syntax",
    ),
    Bad(
        "template-tag",
        {SECOND: body("## A\n\nText.\n\n{% if eu %}\nEU text.\n{% endif %}\n")},
        f"{SECOND}:8: ",
        "template syntax",
    ),
    Bad(
        "script-block",
        {SECOND: body("## A\n\nText.\n\n<script>alert(1)</script>\n")},
        f"{SECOND}:8: ",
        "<script>",
    ),
    Bad(
        "iframe",
        {SECOND: body('## A\n\nText.\n\n<iframe src="https://example.com/"></iframe>\n')},
        f"{SECOND}:8: ",
        "<iframe>",
    ),
    Bad(
        "onclick",
        {SECOND: body('## A\n\nText with\na <span onclick="steal()">handler</span>.\n')},
        f"{SECOND}:7: ",
        "onclick",
    ),
    Bad(
        "javascript-markdown-link",
        {SECOND: body("## A\n\nSee [this](javascript:alert(1)).\n")},
        f"{SECOND}:6: ",
        "javascript:",
    ),
    Bad(
        "javascript-html-link",
        {SECOND: body('## A\n\nSee <a href="javascript:alert(1)">this</a>.\n')},
        f"{SECOND}:6: ",
        "javascript:",
    ),
    Bad(
        "unknown-config-key",
        {"ppgen.toml": CONFIG + 'colour = "blue"\n'},
        "ppgen.toml:3: ",
        "unknown setting",
    ),
    Bad(
        "unknown-front-matter-key",
        {SECOND: body("## A\n\nText.\n", "summary: x\ntitel: Privacy\n")},
        f"{SECOND}:3: ",
        "unknown front-matter key",
    ),
    Bad(
        "first-version-without-title",
        {FIRST: body("## A\n\nText.\n", "summary: First.\n")},
        f"{FIRST}:1: ",
        "needs a title",
    ),
    Bad("first-version-empty-title", {FIRST: body("## A\n\nText.\n", "title:\n")}, f"{FIRST}:2: ", "title"),
    Bad(
        "pinned-id-twice",
        {SECOND: body("## A {#a}\n\nText.\n\n## B {#a}\n\nMore.\n")},
        f"{SECOND}:8: ",
        "used twice",
    ),
    Bad(
        "pinned-id-of-the-page",
        {SECOND: body("## A\n\nText.\n\n## B {#main}\n\nMore.\n")},
        f"{SECOND}:8: ",
        "the page uses for itself",
    ),
    Bad("out-is-content", {}, "content: ", "content folder", ("--out", "content"), check_too=False),
    Bad("out-contains-content", {}, ".: ", "content folder", ("--out", "."), check_too=False),
    Bad(
        "out-inside-content",
        {},
        "content/privacy/site: ",
        "content folder",
        ("--out", "content/privacy/site"),
        check_too=False,
    ),
    Bad(
        "out-under-a-file",
        {"notes.txt": "my notes\n"},
        "notes.txt/site: ",
        "notes.txt, which is a file",
        ("--out", "notes.txt/site"),
        check_too=False,
    ),
    Bad(
        "out-not-made-by-ppgen",
        {"docs/notes.txt": "my notes\n"},
        "docs: ",
        "not made by ppgen",
        ("--out", "docs"),
        check_too=False,
    ),
]


@pytest.mark.parametrize("bad", BAD, ids=[b.name for b in BAD])
def test_bad_input(site: Path, bad: Bad) -> None:
    run_bad(site, bad)


def test_strip_turns_active_content_into_a_warning(site: Path) -> None:
    (site / "ppgen.toml").write_text(CONFIG + 'raw_html = "strip"\n', encoding="utf-8")
    (site / SECOND).write_text(
        body('## A\n\nText with\na <span onclick="steal()">handler</span>.\n\n<script>alert(1)</script>\n'),
        encoding="utf-8",
    )
    result = invoke("build", "--as-of", "2025-06-01")
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert any(w.startswith(f"{SECOND}:7: ") and "onclick" in w for w in warnings), result.stderr
    assert any(w.startswith(f"{SECOND}:9: ") and "<script>" in w for w in warnings), result.stderr
    page = (site / "site" / "privacy" / "index.html").read_text(encoding="utf-8")
    assert "handler" in page
    assert "onclick" not in page and "<script" not in page and "alert(1)" not in page


def test_every_problem_in_the_files_is_reported_at_once(site: Path) -> None:
    """Problems in two files are reported together, and a broken first version does not make up
    a second, false problem (its title is still known, so the next version is not "without a title")."""
    (site / FIRST).write_text(
        body("## A\n\nText.\n", "title: Privacy Policy\ntitel: Privacy Policy\n"), encoding="utf-8"
    )
    (site / SECOND).write_text(body("## A\n\nText.\n", "effective: 2025-03-02\n"), encoding="utf-8")
    result = invoke("build", "--as-of", "2025-06-01")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"{FIRST}:3: unknown front-matter key `titel`") for line in lines), lines
    assert any(line.startswith(f"{SECOND}:2: effective date 2025-03-02 does not match") for line in lines), (
        lines
    )
    assert len(lines) == 2, lines


def test_every_problem_in_the_text_is_reported_at_once(site: Path) -> None:
    (site / FIRST).write_text(
        body("## A\n\nContact {{ name }}.\n", "title: Privacy Policy\n"), encoding="utf-8"
    )
    (site / SECOND).write_text(body("## A\n\n<script>x</script>\n\n## Main {#main}\n"), encoding="utf-8")
    result = invoke("build", "--as-of", "2025-06-01")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"{FIRST}:7: template syntax") for line in lines), lines
    assert any(line.startswith(f"{SECOND}:6: active content <script>") for line in lines), lines
    assert any(line.startswith(f"{SECOND}:8: heading id `main`") for line in lines), lines
    assert len(lines) == 3, lines


def test_failed_build_keeps_the_previous_site_without_leftovers(site: Path) -> None:
    before = snapshot(site / "site")
    (site / SECOND).write_text(body("## A\n\n<iframe></iframe>\n"), encoding="utf-8")
    assert invoke("build", "--as-of", "2025-06-01").exit_code == 1
    assert snapshot(site / "site") == before
    assert sorted(p.name for p in site.iterdir()) == [
        ".ppgen-cache",
        "content",
        "ppgen.toml",
        "site",
    ]  # the build cache stays


def test_rebuild_replaces_the_site_whole(site: Path) -> None:
    (site / "content" / "privacy" / "2025-03-01.md").unlink()
    result = invoke("build", "-q", "--as-of", "2025-06-01")
    assert result.exit_code == 0, result.stderr
    assert not (site / "site" / "privacy" / "2025-03-01").exists()
    assert sorted(p.name for p in site.iterdir()) == [".ppgen-cache", "content", "ppgen.toml", "site"]


def test_keys_of_other_generators_are_reported_in_the_file_s_order_with_what_to_do(site: Path) -> None:
    """A version copied from a Jekyll or Hugo site: each key ppgen does not know, at its line and in the
    file's order, with ppgen's name for it (`date` is `effective`, `lastmod` is `updated`, a `permalink` is
    kept by `aliases`), the known key a misspelling meant, or else to remove it."""
    front = "title: Terms\nlayout: page\ndate: 2025-01-01\nlastmod: 2025-02-01\n"
    front += "permalink: /terms/\nefective: 2025-01-01\n"
    (site / FIRST).write_text(body("## A\n\nText.\n", front), encoding="utf-8")
    result = invoke("build", "--as-of", "2025-06-01")
    assert result.exit_code == 1
    found = [line for line in result.stderr.splitlines() if "unknown front-matter key" in line]
    assert found == [
        f"{FIRST}:3: unknown front-matter key `layout` (remove it: ppgen knows only title, effective, updated,"
        " summary, description, aliases, id, corrections, source)",
        f"{FIRST}:4: unknown front-matter key `date` (ppgen calls it `effective`: rename it, or remove it)",
        f"{FIRST}:5: unknown front-matter key `lastmod` (ppgen calls it `updated`: rename it, or remove it)",
        f"{FIRST}:6: unknown front-matter key `permalink` (to keep that old address working, list it under"
        " `aliases: [/old-address/]`; else remove the key)",
        f"{FIRST}:7: unknown front-matter key `efective` (did you mean `effective`?)",
    ]
