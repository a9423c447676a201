"""The build cache (`.ppgen-cache/`): a build through it writes the same bytes as a cold build, whatever
changed in between; what did not change is not made again; a damaged, foreign or unwritable cache is
ignored with one warning; builds sharing it at once do not corrupt it."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import tree_bytes
from ppgen.core.dates import build_today
from ppgen.pipeline.build import build as build_site
from ppgen.pipeline.cache import Keys, code_tag
from ppgen.site import pdf
from ppgen.site.themes import theme_folders
from ppgen.source.config import load_settings
from ppgen.source.load import load

AS_OF = "2025-06-01"
WORDS = [
    "data",
    "person",
    "service",
    "provider",
    "contract",
    "consent",
    "right",
    "access",
    "erasure",
    "controller",
    "transfer",
]


def _text(policy: int, version: int, paragraphs: int) -> str:
    lines = [f"# Policy {policy}", ""]
    for p in range(paragraphs):
        words = [
            WORDS[(policy * 7 + p * 3 + i + (version if (p + i) % 5 == 0 else 0)) % len(WORDS)]
            for i in range(40)
        ]
        lines += [
            f"## Part {p}" if p % 4 == 0 else "",
            " ".join(words).capitalize() + f" (v{version if p % 6 == 0 else 0}).",
            "",
        ]
    return "\n".join(lines)


def _site(root: Path, policies: int = 3, versions: int = 4, paragraphs: int = 12) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "ppgen.toml").write_text('title = "Cached"\nbase_url = "https://example.com/legal/"\n')
    for p in range(policies):
        for v in range(versions):
            _add_version(root, p, v, paragraphs)
    return root


def _add_version(root: Path, policy: int, version: int, paragraphs: int = 12) -> None:
    folder = root / "content" / f"policy-{policy}"
    folder.mkdir(exist_ok=True)
    (folder / f"{2020 + version}-01-01.md").write_text(
        f"---\nsummary: Version {version}\n---\n\n" + _text(policy, version, paragraphs)
    )


def _command(root: Path, out: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "ppgen", "build", "--as-of", AS_OF, "--out", str(root / out), *extra]


def _env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}


def _build(root: Path, out: str, *extra: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        _command(root, out, *extra),
        cwd=root,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result


def _cold(root: Path, out: str = "cold") -> dict[str, bytes]:
    _build(root, out, "--no-cache")
    return tree_bytes(root / out)


def _entries(root: Path) -> set[str]:
    folder = root / ".ppgen-cache" / code_tag()
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def _aged(root: Path) -> None:
    """Every cache entry last used an hour ago (as a cache restored from an earlier CI run has it)."""
    hour_ago = os.stat(root / ".ppgen-cache").st_mtime - 3600
    for entry in (root / ".ppgen-cache" / code_tag()).rglob("*"):
        os.utime(entry, (hour_ago, hour_ago))


def _cache_warnings(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if "warning: build cache" in line]


def test_a_rebuild_with_nothing_changed_comes_from_the_cache_byte_for_byte(tmp_path: Path) -> None:
    root = _site(tmp_path / "src")
    cold = _cold(root)
    assert not (root / ".ppgen-cache").exists()  # --no-cache neither reads nor writes it
    first = _build(root, "first")
    entries = _entries(root)
    kinds = {name.split("/")[0] for name in entries}
    assert kinds == {"doc", "parsed", "warned", "redline", "memo", "pages", "jinja"}, entries
    _aged(root)
    second = _build(root, "second")
    assert tree_bytes(root / "first") == cold
    assert tree_bytes(root / "second") == cold
    assert _entries(root) == entries  # nothing made again, nothing it used removed
    assert not _cache_warnings(first) and not _cache_warnings(second)
    # The build says so, and what the first made (the cold build, without a cache, says nothing of one).
    assert "(build cache: the pages of 3 of 3 policies made, 15 comparisons)" in first.stderr, first.stderr
    assert "(build cache: every policy's pages read from it)" in second.stderr, second.stderr
    assert (root / ".ppgen-cache" / "CACHEDIR.TAG").is_file()


def test_one_version_added_remakes_only_what_shows_it(tmp_path: Path) -> None:
    root = _site(tmp_path / "src")
    _build(root, "before")
    before = _entries(root)
    _add_version(root, 1, 4)
    cold = _cold(root)
    _aged(root)
    after = _build(root, "after")
    assert tree_bytes(root / "after") == cold
    made = "(build cache: the pages of 1 of 3 policies made, 4 comparisons; the rest read from it)"
    assert made in after.stderr, after.stderr
    new = _entries(root) - before
    kinds = sorted(name.split("/")[0] for name in new)
    # The new version parsed; its policy parsed whole and its pages made, and the site's own pages (the
    # index shows every policy); its redlines (adjacent, and to-current from each earlier version)
    # compared. No other policy's pages, no other redline. (And the policy's warnings, beside its documents.)
    assert kinds == ["doc", "pages", "pages", "parsed", *["redline"] * 4, "warned"], kinds
    # What those replace is gone: that policy's pages, parsed versions and warnings, and the site's own pages.
    gone = sorted(name.split("/")[0] for name in before - _entries(root))
    assert gone == ["pages", "pages", "parsed", "warned"], gone


def test_the_cache_keeps_what_the_next_builds_can_use_not_every_day_it_has_seen(tmp_path: Path) -> None:
    """A new day makes every policy's pages again (they show the day): the last day's go, and the cache
    stays the size of one day's; every parsed version and redline stays, for the days after."""
    root = _site(tmp_path / "src")
    _build(root, "first")
    first = _entries(root)
    sizes = []
    for day in ("2025-06-02", "2025-06-03", "2025-06-04"):
        _aged(root)
        _build(root, day, "--as-of", day)
        sizes.append(sum(p.stat().st_size for p in (root / ".ppgen-cache").rglob("*") if p.is_file()))
        now = _entries(root)
        assert {n for n in first if not n.startswith("pages/")} <= now  # all but the pages kept
        assert not {n for n in first if n.startswith("pages/")} & now  # the first day's pages gone
    assert max(sizes) - min(sizes) < 0.05 * min(sizes), sizes  # one day's pages, not one more a day
    # The folder, restored with every entry old, and built the next day without a change, is still used whole:
    # its redlines are neither removed nor made again (each entry is still the file a second link holds).
    folder, links = root / ".ppgen-cache" / code_tag(), tmp_path / "links"
    links.mkdir()
    redlines = [n for n in now if n.startswith("redline/")]
    for n in redlines:
        os.link(folder / n, links / n.replace("/", "-"))
    _aged(root)
    _build(root, "again", "--as-of", "2025-06-05")
    assert all((folder / n).samefile(links / n.replace("/", "-")) for n in redlines)


def test_a_failed_build_removes_nothing_from_the_cache(tmp_path: Path) -> None:
    root = _site(tmp_path / "src")
    _build(root, "first")
    before = _entries(root)
    _aged(root)
    bad = root / "content" / "policy-0" / "2030-01-01.md"
    bad.write_text("---\neffective: nonsense\n---\n\nText.\n")
    failed = subprocess.run(
        _command(root, "second", "--as-of", "2025-06-02"),
        cwd=root,
        env=_env(),
        capture_output=True,
        check=False,
    )
    assert failed.returncode == 1, failed.stderr
    assert before <= _entries(root)


def test_a_version_added_is_compared_with_what_the_last_build_worked_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a policy's comparisons worked out (word diffs, stretches: `Keys.memos`) goes to the next build:
    a version that adds a paragraph to the one in force is compared with every earlier one without working
    out again the changes those pairs share with the last build's, and the site is a cold build's bytes."""
    root = _site(tmp_path / "src")
    _build(root, "before")  # fills the cache
    latest = root / "content" / "policy-1" / "2023-01-01.md"
    (latest.parent / "2024-01-01.md").write_text(latest.read_text() + "\nA paragraph added.\n")
    cold = _cold(root)
    tag = root / ".ppgen-cache" / code_tag()
    without = tmp_path / "without-memos"
    shutil.copytree(root / ".ppgen-cache", without)
    shutil.rmtree(without / code_tag() / "memo")
    from ppgen.redline import runs

    worked: list[int] = []
    diff_tokens = runs.diff_tokens
    monkeypatch.setattr(runs, "diff_tokens", lambda *args: worked.append(1) or diff_tokens(*args))
    settings = load_settings(root / "ppgen.toml")

    def word_diffs_worked_out(out: str, cache: Path) -> int:
        worked.clear()
        build_site(
            dataclasses.replace(settings, output_dir=root / out),
            as_of=date.fromisoformat(AS_OF),
            jobs=1,
            cache=cache,
        )
        assert tree_bytes(root / out) == cold
        return len(worked)  # in this process (one job)

    assert word_diffs_worked_out("after", tag.parent) == 0
    assert word_diffs_worked_out("after-without", without) > 10


def test_a_changed_theme_file_is_never_served_stale(tmp_path: Path) -> None:
    root = _site(tmp_path / "src")
    _build(root, "before")
    default = (Path(__file__).parent.parent / "theme" / "templates" / "base.html").read_text()
    (root / "theme" / "templates").mkdir(parents=True)
    (root / "theme" / "templates" / "base.html").write_text(
        default.replace("</body>", "<!-- themed -->\n</body>")
    )
    cold = _cold(root)
    _build(root, "after")
    assert tree_bytes(root / "after") == cold
    assert b"<!-- themed -->" in cold["policy-1/index.html"]


def test_a_changed_setting_is_never_served_stale(tmp_path: Path) -> None:
    root = _site(tmp_path / "src")
    _build(root, "before")
    (root / "ppgen.toml").write_text('title = "Renamed legal"\nbase_url = "https://example.com/legal/"\n')
    cold = _cold(root)
    _build(root, "after")
    assert tree_bytes(root / "after") == cold
    assert b"Renamed legal" in cold["policy-1/index.html"]


def test_a_cache_from_another_ppgen_is_ignored_with_one_warning(tmp_path: Path) -> None:
    root = _site(tmp_path / "src")
    _build(root, "first")
    cache = root / ".ppgen-cache"
    (cache / code_tag()).rename(cache / "0123456789abcdef")
    (cache / "ppgen-version").write_text("0123456789abcdef\n")
    cold = _cold(root)
    result = _build(root, "after")
    assert tree_bytes(root / "after") == cold
    assert len(_cache_warnings(result)) == 1, result.stderr
    assert "another version of ppgen" in result.stderr
    assert not (cache / "0123456789abcdef").exists()
    assert not _cache_warnings(_build(root, "again"))


def _damage(root: Path, how: str) -> int:
    damaged = 0
    for path in (root / ".ppgen-cache" / code_tag()).rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if how == "truncate":
                path.write_bytes(data[: len(data) // 2])
            else:
                middle = len(data) // 2
                path.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :])
            damaged += 1
    return damaged


@pytest.mark.parametrize("how", ["corrupt", "truncate"])
def test_damaged_entries_are_made_again_with_one_warning(tmp_path: Path, how: str) -> None:
    root = _site(tmp_path / "src")
    _build(root, "first")
    assert _damage(root, how) > 10
    cold = _cold(root)
    result = _build(root, "after")
    assert tree_bytes(root / "after") == cold
    warnings = _cache_warnings(result)
    assert len(warnings) == 1 and "corrupt or truncated" in warnings[0], result.stderr
    again = _build(root, "again")  # the damaged entries were replaced
    assert not _cache_warnings(again) and tree_bytes(root / "again") == cold


@pytest.fixture
def unwritable(tmp_path: Path) -> Iterator[Path]:
    """An empty folder nothing can be created in (root included: immutable with chattr)."""
    folder = tmp_path / "locked-cache"
    folder.mkdir()
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(folder)], check=True)
    else:
        folder.chmod(0o500)
    try:
        yield folder
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o700)


def test_a_cache_folder_that_cannot_be_written_only_warns(tmp_path: Path, unwritable: Path) -> None:
    root = _site(tmp_path / "src")
    with pytest.raises(OSError):
        (unwritable / "probe").write_text("x")
    cold = _cold(root)
    result = _build(root, "out", "--cache", str(unwritable))
    assert tree_bytes(root / "out") == cold
    warnings = _cache_warnings(result)
    assert len(warnings) == 1 and "cannot be written" in warnings[0], result.stderr
    assert not list(unwritable.iterdir())


def test_two_builds_at_once_share_the_cache_safely(tmp_path: Path) -> None:
    root = _site(tmp_path / "src", policies=4, versions=12, paragraphs=30)
    cold = _cold(root)
    builds = [
        subprocess.Popen(
            _command(root, out, "-j", "2"),
            cwd=root,
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for out in ("one", "two")
    ]
    for build in builds:
        _, stderr = build.communicate(timeout=180)
        assert build.returncode == 0, stderr
        assert "warning: build cache" not in stderr, stderr
    assert tree_bytes(root / "one") == cold and tree_bytes(root / "two") == cold
    entries = _entries(root)
    assert not [name for name in entries if ".tmp-" in name]
    third = _build(root, "three")
    assert not _cache_warnings(third) and tree_bytes(root / "three") == cold
    assert _entries(root) == entries


def test_one_long_policy_is_spread_over_workers_with_the_same_bytes(tmp_path: Path) -> None:
    """A one-policy site: its render work is cut into runs of its redlines (one task each, the first with
    its other pages) when there are two workers, and the site is the same bytes as one process makes."""
    from ppgen.core.dates import build_today
    from ppgen.pipeline.build import parse_site
    from ppgen.pipeline.tasks import split, workers_for
    from ppgen.site.plan import SitePlan
    from ppgen.source.config import load_settings
    from ppgen.source.load import load

    root = _site(tmp_path / "src", policies=1, versions=16, paragraphs=6)
    settings = load_settings(root / "ppgen.toml")
    site = SitePlan.of(load(settings, build_today(settings.zone, date(2025, 6, 1))).site, settings)
    assert workers_for(site, 2) == 2
    parts = split(site, 2)
    assert len(parts) >= 2 and {part for _, part in parts} == {(i, len(parts)) for i in range(len(parts))}, (
        parts
    )
    assert split(site, 1) == [("policy-0", (0, 1))]
    assert parse_site(site, settings, 1).policies  # the site parses
    _build(root, "one", "-j", "1", "--no-cache")
    _build(root, "two", "-j", "2", "--no-cache")
    assert tree_bytes(root / "two") == tree_bytes(root / "one")
    _build(root, "cached", "-j", "2")
    _build(root, "again", "-j", "2")
    assert tree_bytes(root / "again") == tree_bytes(root / "one")


def test_a_theme_that_shows_every_policy_on_each_page_is_never_served_stale(tmp_path: Path) -> None:
    """A template of every page names `policies`: a version added to one policy changes the others' pages."""
    root = _site(tmp_path / "src")
    default = (Path(__file__).parent.parent / "theme" / "templates" / "base.html").read_text()
    counts = "<!-- {% for p in policies %}{{ p.slug }}={{ p.versions|length }} {% endfor %}-->\n</body>"
    (root / "theme" / "templates").mkdir(parents=True)
    (root / "theme" / "templates" / "base.html").write_text(default.replace("</body>", counts))
    _build(root, "before")
    assert b"policy-1=4 " in (root / "before" / "policy-0" / "index.html").read_bytes()
    _add_version(root, 1, 4)
    cold = _cold(root)
    _build(root, "after")
    assert tree_bytes(root / "after") == cold
    assert b"policy-1=5 " in cold["policy-0/index.html"]


def test_documents_whose_entry_went_between_the_phases_are_parsed_again(tmp_path: Path) -> None:
    """Phase 1 in a worker hands on only the key of the entry that holds a policy's documents; if the entry
    is gone (or damaged) when phase 2 reads it, the documents are parsed again, never missing."""
    from ppgen.core.dates import build_today
    from ppgen.pipeline.cache import BuildCache
    from ppgen.pipeline.cached import documents, parse_policy
    from ppgen.source.config import load_settings
    from ppgen.source.load import load

    root = _site(tmp_path / "src", policies=1)
    settings = load_settings(root / "ppgen.toml")
    versions = list(load(settings, build_today(settings.zone, date(2025, 6, 1))).site.policies[0].versions)
    store = BuildCache(tmp_path / "cache")
    store.prepare()
    key, problems, _ = parse_policy(versions, settings, store, pickled=True)
    assert isinstance(key, str) and not problems
    expected = parse_policy(versions, settings, None, pickled=False)[0]
    assert documents(key, versions, settings, store) == expected
    for entry in (store.entries / "parsed").iterdir():
        entry.unlink()
    assert documents(key, versions, settings, store) == expected
    assert not store.notes


def test_a_killed_build_s_temporary_files_are_swept_once_old(tmp_path: Path) -> None:
    root = _site(tmp_path / "src")
    _build(root, "first")
    pages = root / ".ppgen-cache" / code_tag() / "pages"
    old, fresh = pages / ".tmp-old", pages / ".tmp-fresh"
    old.write_bytes(b"half an entry")
    fresh.write_bytes(b"being written")
    os.utime(old, (1, 1))
    _build(root, "second")
    assert not old.exists() and fresh.exists()  # a running build's file is left alone


def test_pdfs_of_a_policy_cut_into_tasks_are_the_same_bytes(tmp_path: Path) -> None:
    """With `pdf = true`, each render task makes the PDFs of its own pages: cut or not, cached or not, the same site."""
    root = _site(tmp_path / "src", policies=1, versions=10, paragraphs=3)
    (root / "ppgen.toml").write_text((root / "ppgen.toml").read_text() + "pdf = true\n")
    _build(root, "one", "-j", "1", "--no-cache")
    one = tree_bytes(root / "one")
    assert sum(name.endswith(".pdf") for name in one) > 20
    _build(root, "two", "-j", "2")
    _build(root, "again", "-j", "2")
    assert tree_bytes(root / "two") == one and tree_bytes(root / "again") == one


def test_a_font_that_changes_makes_the_cached_pdfs_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PDF holds its fonts' glyphs: with `pdf = true`, the key of a policy's pages (its PDFs among them)
    holds the path, size and time of every font file fontconfig reads, so that a font changed, added or
    removed misses the cache; a site without PDFs never looks at the fonts."""
    fonts = tmp_path / "fonts"
    (fonts / "dejavu").mkdir(parents=True)
    sans = fonts / "dejavu" / "DejaVuSans.ttf"
    sans.write_bytes(b"glyphs")
    monkeypatch.setattr(pdf, "FONT_FOLDERS", (str(fonts), str(tmp_path / "no-such-folder")))
    settings = load_settings(_site(tmp_path / "site", policies=1, versions=2) / "ppgen.toml")
    site = load(settings, build_today(settings.zone, date(2025, 6, 1))).site
    printing = dataclasses.replace(settings, pdf=True)

    def key(settings: Any) -> str:
        return Keys.of(site, settings, theme_folders(settings.theme_dir)).pages(site.policies[0])

    seen, plain = {key(printing)}, key(settings)
    os.utime(sans, ns=(1, 1))  # the same bytes, installed again
    seen.add(key(printing))
    sans.write_bytes(b"other glyphs")  # upgraded
    seen.add(key(printing))
    (fonts / "dejavu" / "DejaVuSerif.ttf").write_bytes(b"serif")  # added
    seen.add(key(printing))
    sans.unlink()  # removed
    seen.add(key(printing))
    assert len(seen) == 5, "a change to the fonts left a PDF site's pages key as it was"
    assert key(settings) == plain  # no PDFs: the fonts are not part of the key
