"""The shared real corpus (../shared/corpora/github-site-policy.tar.xz: 90 of GitHub's policies, 952
versions, 2017–2026) built as it is, quirks included (issue 14).

With `template_syntax = "text"` every policy builds, with no error and no traceback; without it the
build fails, listing every Liquid leftover at its line, and leaves nothing behind. The corpus lives
in shared/, beside the repository, where every developer's machine and CI have it; a checkout
without it (a user's clone) says so instead of pretending to have tested real data.
"""

from __future__ import annotations

import re
import tarfile
from pathlib import Path

import pytest

from badinput import invoke

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "github-site-policy.tar.xz"
PROBLEM_LINE = re.compile(r"^[^:\n]+:\d+: .+ \(.+\)$")

pytestmark = pytest.mark.skipif(not CORPUS.is_file(), reason=f"the shared corpus is not at {CORPUS}")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus extracted into a site folder with a ppgen.toml (no template_syntax yet)."""
    root = tmp_path_factory.mktemp("corpus")
    with tarfile.open(CORPUS) as archive:
        archive.extractall(root, filter="data")
    (root / "ppgen.toml").write_text(
        'title = "GitHub site policy"\nbase_url = "https://example.com/policies/"\ncontent = "github-site-policy"\n',
        encoding="utf-8",
    )
    return root


def leftovers(lines: list[str]) -> int:
    """How many leftovers the lines report (one repeated on a line is one line: "… 3 times on this line")."""
    return sum(
        int(m.group(1)) if (m := re.search(r" (\d+) times on this line", line)) else 1 for line in lines
    )


def test_without_template_syntax_text_the_build_lists_every_leftover(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(corpus)
    result = invoke("build", "--as-of", "2026-12-01", "--out", "site-strict")
    assert result.exit_code == 1, result.stderr[-2000:]
    lines = result.stderr.splitlines()
    assert leftovers(lines) > 600, len(lines)  # the corpus README: Liquid leftovers in many versions
    assert all(PROBLEM_LINE.match(line) for line in lines), [
        line for line in lines if not PROBLEM_LINE.match(line)
    ][:5]
    assert all("template syntax" in line for line in lines), [
        line for line in lines if "template syntax" not in line
    ][:5]
    assert not (corpus / "site-strict").exists()
    assert not list(corpus.glob(".site-strict.ppgen-*"))


def test_with_template_syntax_text_every_policy_builds(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus)
    config = corpus / "ppgen.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'template_syntax = "text"\n', encoding="utf-8")
    result = invoke("build", "--as-of", "2026-12-01")
    assert result.exit_code == 0, result.stderr[-3000:]
    said = (result.stdout + result.stderr).splitlines()
    warnings = [line for line in said if ": warning: " in line]
    others = [line for line in warnings if "template syntax" not in line]
    assert leftovers(warnings) > 600, warnings[:5]
    # The one paragraph of the corpus indented into a code block (pasted with its indentation), and the table
    # rows with more cells than their header (two rows of the CCPA notice written on one line, in each of its
    # 12 versions: a category of personal information the page would drop).
    indented = [line.split(": warning: ")[0] for line in others if "indented text" in line]
    assert indented == ["github-site-policy/github-privacy-statement/2022-09-01.md:252"], others
    rows = [line.split(": warning: ")[0] for line in others if "table row has" in line]
    # Three policies each under two folders (GitHub renamed the file): one title, two addresses.
    titles = [
        line.split(" have one title")[0].split("policies ")[-1] for line in others if "have one title" in line
    ]
    assert "github-enterprise-agreement, github-enterprise-subscription-agreement" in titles
    assert len(rows) == 30 and len(titles) == 3 and len(others) == 34, others
    assert (
        "github-site-policy/githubs-notice-about-the-california-consumer-privacy-act/2020-10-01.md:63" in rows
    )
    assert [line for line in said if ": warning: " not in line][-1].startswith("Built "), said[-3:]
    slugs = sorted(p.name for p in (corpus / "github-site-policy").iterdir() if p.is_dir())
    assert len(slugs) == 90
    site = corpus / "site"
    for slug in slugs:
        page = (site / slug / "index.html").read_text(encoding="utf-8")
        assert 'id="policy-text"' in page and 'id="last-updated"' in page, slug
        assert (site / slug / "versions.json").is_file() and (
            site / slug / "history" / "index.html"
        ).is_file()
    versions = sum(1 for p in (corpus / "github-site-policy").glob("*/*.md"))
    assert versions == 952
    assert len(list(site.glob("*/*.md"))) == versions  # every version's raw text is published
