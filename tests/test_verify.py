"""A record anyone can verify: versions.json's hash chain and commits, and `ppgen verify` on a folder and
on the site served by nginx under /legal/ (the fixtures of tests/conftest.py, started once here)."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from pytest import MonkeyPatch

from badinput import invoke
from conftest import free_port
from gitrepo import POLICY, V2, GitRepo, isolate_git, two_version_repo, version
from ppgen.pipeline.build import build
from ppgen.site.chain import CHAINED, canonical, entry_sha256
from ppgen.source.config import load_settings, with_overrides

EFFECTIVE = ("2025-02-01", "2025-06-01", "2025-10-15")
"""The example's versions."""
# The two policies: privacy and de/privacy.
SUMMARY = "2 policies, 4 versions: every raw text has its recorded sha256, every chain link holds"
"""What verify says of the example when all is well."""


def entries(site: Path, slug: str = "privacy") -> list[dict[str, Any]]:
    data = json.loads((site / slug / "versions.json").read_text(encoding="utf-8"))
    versions: list[dict[str, Any]] = data["versions"]
    return versions


def rewrite(site: Path, change: Callable[[list[dict[str, Any]]], Any]) -> None:
    """Edit privacy/versions.json as a hand would: load, change, write back (indented like ppgen's)."""
    path = site / "privacy" / "versions.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data["versions"])
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def flip_one_byte(path: Path, at: int = -2) -> bytes:
    """Change one byte of a file (a letter near its end); return the original bytes."""
    original = path.read_bytes()
    data = bytearray(original)
    data[at] = ord("X") if data[at] != ord("X") else ord("Y")
    path.write_bytes(bytes(data))
    return original


@pytest.fixture
def copy(legal_site: Path, tmp_path: Path) -> Path:
    """A copy of the built example that a test may tamper with."""
    return Path(shutil.copytree(legal_site, tmp_path / "site"))


@contextmanager
def tampered(path: Path, at: int = -2) -> Iterator[None]:
    """One byte of a served file changed, for the length of a `with`."""
    original = flip_one_byte(path, at)
    try:
        yield
    finally:
        path.write_bytes(original)


# --- the chain in versions.json ----------------------------------------------------------------------


def test_an_entry_hash_is_sha256_of_its_recorded_keys_as_sorted_compact_json() -> None:
    entry = {
        "effective": "2025-06-01",
        "status": "archived",
        "title": "Política de privacidad",
        "summary": None,
        "sha256": "ab" * 32,
        "commit": None,
        "previous_entry_sha256": "cd" * 32,
        "url": "https://example.com/privacy/2025-06-01/",
    }
    written = (
        '{"commit":null,"effective":"2025-06-01","previous_entry_sha256":"'
        + "cd" * 32
        + '","sha256":"'
        + "ab" * 32
        + '","summary":null,"title":"Política de privacidad"}'
    )
    assert canonical(entry) == written.encode("utf-8")
    assert entry_sha256(entry) == hashlib.sha256(written.encode("utf-8")).hexdigest()
    for key in CHAINED:  # every recorded key counts …
        assert entry_sha256({**entry, key: "changed"}) != entry_sha256(entry), key
    # … and what follows from them, later versions or the build day does not.
    derived = {**entry, "status": "in force", "url": "https://elsewhere.example/"}
    assert entry_sha256(derived) == entry_sha256(entry)


def test_each_entry_records_the_hash_of_the_one_before(legal_site: Path) -> None:
    versions = entries(legal_site)
    assert [v["effective"] for v in versions] == list(EFFECTIVE)
    assert versions[0]["previous_entry_sha256"] is None
    for before, after in pairwise(versions):
        # Computed here from the README's definition, not through ppgen.site.chain.
        keys = ("commit", "effective", "previous_entry_sha256", "sha256", "summary", "title")
        recorded = {key: before[key] for key in keys}
        compact = json.dumps(recorded, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert after["previous_entry_sha256"] == hashlib.sha256(compact.encode("utf-8")).hexdigest()
    for entry in versions:
        raw = (legal_site / "privacy" / f"{entry['effective']}.md").read_bytes()
        assert entry["sha256"] == hashlib.sha256(raw).hexdigest()
        assert entry["commit"] is None  # built from a copy, outside git


def test_a_new_version_adds_a_link_and_leaves_the_earlier_hashes_alone(tmp_path: Path) -> None:
    """An entry's hash stays the same when later versions come (status and in_force_until change)."""
    from conftest import copy_example

    root = copy_example(tmp_path / "example")
    (root / "content" / "privacy" / "2025-10-15.md").rename(tmp_path / "later.md")
    settings = with_overrides(load_settings(root / "ppgen.toml"), output=root / "before")
    before = entries(build(settings, as_of=date(2025, 7, 1)).out)
    (tmp_path / "later.md").rename(root / "content" / "privacy" / "2025-10-15.md")
    after = entries(build(with_overrides(settings, output=root / "after"), as_of=date(2026, 1, 1)).out)
    assert before[1]["status"] == "in force" and after[1]["status"] == "archived"
    assert [entry_sha256(e) for e in before] == [entry_sha256(e) for e in after[:2]]
    assert after[2]["previous_entry_sha256"] == entry_sha256(before[1])


# --- the commit of each version's text ---------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    isolate_git(monkeypatch)
    repo = two_version_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.root)
    return repo


def test_commit_is_the_newest_commit_that_changed_the_version(repo: GitRepo) -> None:
    first = repo.git("log", "--format=%H", "--", "content/privacy/2025-01-01.md").split()[0]
    typo = version(POLICY.replace("your name", "your full  name"))
    edit = repo.commit("2025-05-02T10:00:00+00:00", "Fix a typo\n\nPolicy-Change: editorial", **{V2: typo})
    settings = 'title = "Test!"\nbase_url = "https://example.com/legal/"\n'
    unrelated = repo.commit("2025-05-03T10:00:00+00:00", "Settings", **{"ppgen.toml": settings})
    assert invoke("build", "--as-of", "2026-01-01", "-q").exit_code == 0
    versions = entries(repo.root / "site")
    assert [v["commit"] for v in versions] == [first, edit]
    assert unrelated not in (first, edit)
    assert invoke("verify", "site").exit_code == 0


def test_an_uncommitted_draft_has_no_commit(repo: GitRepo) -> None:
    draft = version(POLICY + "\nA draft sentence.\n")
    (repo.root / V2.replace("__", "/")).write_text(draft, encoding="utf-8")
    assert invoke("build", "--as-of", "2026-01-01", "-q", "--allow-dirty").exit_code == 0
    committed = repo.git("rev-parse", "HEAD~1").strip()
    assert [v["commit"] for v in entries(repo.root / "site")] == [committed, None]


def test_a_single_file_policy_records_the_newest_commit_of_each_date(
    tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    isolate_git(monkeypatch)
    repo = GitRepo(tmp_path / "repo")
    monkeypatch.chdir(repo.root)

    def terms(when: str, body: str, effective: str) -> str:
        text = version(body, effective=effective, title="Terms")
        return repo.commit(when, "Terms", **{"content__terms.md": text})

    terms("2024-12-01T10:00:00+00:00", POLICY, "2025-01-01")
    revised = terms("2024-12-05T10:00:00+00:00", POLICY + "\nMore.\n", "2025-01-01")
    second = terms("2025-05-01T10:00:00+00:00", POLICY, "2025-06-01")
    assert invoke("build", "--as-of", "2026-01-01", "-q").exit_code == 0
    assert [v["commit"] for v in entries(repo.root / "site", "terms")] == [revised, second]


# --- ppgen verify on a folder ------------------------------------------------------------------------


def test_verify_passes_on_a_built_folder(legal_site: Path) -> None:
    result = invoke("verify", str(legal_site))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{legal_site}: {SUMMARY}\n"


def test_one_byte_changed_in_a_raw_file_is_named(copy: Path) -> None:
    flip_one_byte(copy / "privacy" / "2025-06-01.md")
    result = invoke("verify", str(copy))
    assert result.exit_code == 1
    actual = hashlib.sha256((copy / "privacy" / "2025-06-01.md").read_bytes()).hexdigest()
    recorded = entries(copy)[1]["sha256"]
    assert result.stderr == (
        f"{copy}/privacy/2025-06-01.md: privacy 2025-06-01: the raw text's sha256 is {actual}"
        f" but versions.json says {recorded} (the published text was changed after it was recorded)\n"
    )


def test_a_changed_summary_breaks_the_chain_at_that_version(copy: Path) -> None:
    def change(versions: list[dict[str, Any]]) -> None:
        versions[1]["summary"] = "Nothing changed."

    rewrite(copy, change)
    result = invoke("verify", str(copy))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{copy}/privacy/versions.json: privacy 2025-06-01: its entry hashes to ")
    assert "the next (2025-10-15) records" in result.stderr
    hint = "(the entry of 2025-06-01 was changed, or one after it removed, after 2025-10-15 was recorded)"
    assert hint in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_changed_text_with_its_sha256_replaced_is_caught_by_the_chain(copy: Path) -> None:
    raw = copy / "privacy" / "2025-02-01.md"
    flip_one_byte(raw)

    def change(versions: list[dict[str, Any]]) -> None:
        versions[0]["sha256"] = hashlib.sha256(raw.read_bytes()).hexdigest()

    rewrite(copy, change)
    result = invoke("verify", str(copy))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{copy}/privacy/versions.json: privacy 2025-02-01: its entry hashes to ")
    assert "sha256 is" not in result.stderr  # the text matches its (replaced) record: only the chain tells


UNLISTED = "its raw text is published, but versions.json does not list it"


@pytest.mark.parametrize(
    ("removed", "expected"),
    [
        (1, ["privacy 2025-02-01: its entry hashes to", f"privacy 2025-06-01: {UNLISTED}"]),
        (0, ["privacy 2025-06-01: the first entry records a previous", f"privacy 2025-02-01: {UNLISTED}"]),
        (2, [f"privacy 2025-10-15: {UNLISTED}"]),
    ],
    ids=["middle", "first", "last"],
)
def test_a_removed_entry_is_named(copy: Path, removed: int, expected: list[str]) -> None:
    rewrite(copy, lambda versions: versions.pop(removed))
    result = invoke("verify", str(copy))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == len(expected), result.stderr
    for line, start in zip(lines, expected, strict=True):
        assert line.startswith(f"{copy}/privacy/versions.json: {start}"), line


def test_policy_names_the_policies_when_there_is_no_manifest(copy: Path) -> None:
    (copy / "ppgen-manifest.json").unlink()
    result = invoke("verify", str(copy))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{copy}/ppgen-manifest.json: no ppgen-manifest.json here, so the policies are not known"
        " (publish the ppgen-manifest.json that ppgen build writes,"
        " or name the policies with --policy SLUG)\n"
    )
    assert invoke("verify", str(copy), "--policy", "privacy").exit_code == 0


JSON = "privacy/versions.json"
RAW = "privacy/2025-06-01.md"
MANIFEST = "ppgen-manifest.json"
BROKEN: dict[str, tuple[Callable[[Path], Any], str]] = {
    "bad-json": (
        lambda s: (s / JSON).write_text('{"versions": [', "utf-8"),
        f"{JSON}:1: not valid JSON: Expecting",
    ),
    "no-versions-json": (lambda s: (s / JSON).unlink(), f"{JSON}: privacy: versions.json not found"),
    "no-raw-text": (lambda s: (s / RAW).unlink(), f"{RAW}: privacy 2025-06-01: its raw text is not"),
    "no-chain": (
        lambda s: rewrite(s, lambda v: v[0].pop("previous_entry_sha256")),
        f"{JSON}: version 1 has no `previous_entry_sha256`",
    ),
    "bad-date": (
        lambda s: rewrite(s, lambda v: v[1].update(effective="../../x")),
        f"{JSON}: version 2: `effective`",
    ),
    "bad-sha256": (
        lambda s: rewrite(s, lambda v: v[1].update(sha256="0")),
        f"{JSON}: privacy 2025-06-01: `sha256`",
    ),
    "nested-too-deep": (
        lambda s: (s / JSON).write_text("[" * 100_000, "utf-8"),
        f"{JSON}: not JSON ppgen can read",
    ),
    "bad-manifest": (lambda s: (s / MANIFEST).write_text("[]", "utf-8"), f"{MANIFEST}: not a ppgen manifest"),
}
"""Records ppgen cannot read: how each is made from a good site, and the start of the message it gets."""


@pytest.mark.parametrize("case", BROKEN)
def test_unreadable_records_are_errors_with_their_path(copy: Path, case: str) -> None:
    setup, expected = BROKEN[case]
    setup(copy)
    result = invoke("verify", str(copy))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{copy}/{expected}"), result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("no-such-folder", "no-such-folder: not found (pass the folder a build wrote"),
        ("ftp://example.com/", "ftp://example.com/: not an http(s) address"),
        ("http://[::1/", "http://[::1/: not an address: "),
        ("https://example.com/?x=1", "https://example.com/?x=1: a site's address has no ?query or #fragment"),
    ],
)
def test_bad_addresses(where: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("verify", where)
    assert result.exit_code == 1
    assert result.stderr.startswith(expected), result.stderr


def test_a_server_that_does_not_answer_is_named() -> None:
    url = f"http://127.0.0.1:{free_port()}/legal/"
    result = invoke("verify", url)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{url}ppgen-manifest.json: cannot download it: "), result.stderr
    assert result.stderr.endswith("(check the address and that the server is up)\n")


# --- ppgen verify over HTTP, the site served by nginx under /legal/ ---------------------------------------


def test_verify_passes_on_the_site_served_under_a_sub_path(nginx: str) -> None:
    for where in (nginx, nginx.rstrip("/")):
        result = invoke("verify", where)
        assert result.exit_code == 0, result.output
        assert result.stdout == f"{where}: {SUMMARY}\n"


def test_verify_over_http_names_a_changed_raw_file(nginx: str, legal_site: Path) -> None:
    with tampered(legal_site / "privacy" / "2025-06-01.md"):
        result = invoke("verify", nginx)
    assert result.exit_code == 1
    where = f"{nginx}privacy/2025-06-01.md"
    assert result.stderr.startswith(f"{where}: privacy 2025-06-01: the raw text's sha256 is "), result.stderr
    assert result.stderr.count("\n") == 1


def test_verify_over_http_names_a_changed_entry(nginx: str, legal_site: Path) -> None:
    path = legal_site / "privacy" / "versions.json"
    original = path.read_bytes()
    try:
        rewrite(legal_site, lambda versions: versions[0].update(title="Privacy Notice"))
        result = invoke("verify", nginx)
    finally:
        path.write_bytes(original)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{nginx}{JSON}: privacy 2025-02-01: its entry hashes to "), result.stderr
    assert invoke("verify", nginx).exit_code == 0


def test_verify_over_http_names_a_missing_file(nginx: str) -> None:
    result = invoke("verify", nginx, "--policy", "terms")
    assert result.exit_code == 1
    hint = "(is the policy published at this address?)"
    assert result.stderr == f"{nginx}terms/versions.json: terms: versions.json not found {hint}\n"


def test_a_shallow_clone_built_anyway_records_no_commit(repo: GitRepo, tmp_path: Path) -> None:
    """In a shallow clone every older file seems added by its first commit: better no commit than that one."""
    first = repo.git("rev-parse", "HEAD~1").strip()
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone))
    config = str(clone / "ppgen.toml")
    result = invoke("build", "--config", config, "--as-of", "2026-01-01", "-q", "--allow-shallow")
    assert result.exit_code == 0, result.output
    commits = [v["commit"] for v in entries(clone / "site")]
    assert first not in commits and commits == [None, None]
