"""Raw text and its sha256 do not depend on the checkout's line endings (core.autocrlf, an editor's CRLF)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from badinput import CONFIG, GOOD, invoke
from conftest import tree_bytes
from gitrepo import ISOLATED, GitRepo, isolate_git

RAW = ("privacy/2025-01-01.md", "privacy/2025-03-01.md", "privacy/versions.json")


def build(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    monkeypatch.chdir(root)
    result = invoke("build", "-q", "-j", "1", "--as-of", "2025-06-01")
    assert result.exit_code == 0, result.stderr
    return tree_bytes(root / "site")


def crlf(files: dict[str, str | bytes]) -> dict[str, str | bytes]:
    return {name: str(text).replace("\n", "\r\n").encode() for name, text in files.items()}


def test_crlf_and_lf_sites_publish_the_same_bytes(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    lf = build(make_site(GOOD, CONFIG, folder="lf"), monkeypatch)
    windows = make_site(crlf(GOOD), CONFIG, folder="crlf")
    assert b"\r\n" in (windows / "content" / "privacy" / "2025-01-01.md").read_bytes()
    cr = {name: text.replace("\n", "\r") for name, text in GOOD.items() if isinstance(text, str)}
    old_mac = make_site(cr, CONFIG, folder="cr")
    for other in (build(windows, monkeypatch), build(old_mac, monkeypatch)):
        for name in RAW:
            assert other[name] == lf[name], name
        assert other == lf  # every page, feed and the manifest too
    versions = json.loads(lf["privacy/versions.json"])
    # Each entry of the manifest against its raw text (RAW less the manifest itself).
    for entry, name in zip(versions["versions"], RAW[:-1], strict=True):
        assert b"\r" not in lf[name] and entry["sha256"] == hashlib.sha256(lf[name]).hexdigest()


def test_an_autocrlf_checkout_publishes_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    repo = GitRepo(tmp_path / "origin", CONFIG)
    files = {name.replace("/", "__"): str(text) for name, text in GOOD.items()}
    repo.commit("2024-12-01T10:00:00+00:00", "Policy", **files)
    windows = tmp_path / "windows"
    env = {**os.environ, **ISOLATED}
    git = ["git", "-c", "core.autocrlf=true"]
    subprocess.run([*git, "clone", "-q", str(repo.root), str(windows)], check=True, env=env)
    subprocess.run(["git", "config", "core.autocrlf", "true"], cwd=windows, check=True, env=env)
    assert b"\r\n" in (windows / "content" / "privacy" / "2025-01-01.md").read_bytes()
    status = subprocess.run([*git, "status", "--porcelain"], cwd=windows, capture_output=True, env=env)
    assert status.stdout == b""  # git sees no change: the CRLF is the checkout's, not the text's
    published, converted = build(repo.root, monkeypatch), build(windows, monkeypatch)
    assert {name: converted[name] for name in RAW} == {name: published[name] for name in RAW}
    assert converted == published


def test_old_mac_line_endings_made_lf_in_git_change_nothing_a_reader_sees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files and git blobs are read the one way (chars.decode): a text committed with CR line endings and
    later saved with LF is the same text, so neither "Last updated" nor `ppgen check` sees a change."""
    isolate_git(monkeypatch)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    repo = GitRepo(tmp_path / "site", CONFIG)
    lf = {name.replace("/", "__"): str(text) for name, text in GOOD.items()}
    repo.commit(
        "2024-12-01T10:00:00+00:00",
        "Policy, old Mac line endings",
        **{k: v.replace("\n", "\r") for k, v in lf.items()},
    )
    repo.commit("2025-04-01T10:00:00+00:00", "Line endings made LF", **lf)
    monkeypatch.chdir(repo.root)
    checked = invoke("check", "--as-of", "2025-06-01", "--format", "json")
    assert checked.exit_code == 0, checked.stdout
    built = invoke("build", "-q", "--as-of", "2025-06-01")
    assert built.exit_code == 0, built.stderr
    versions = json.loads((repo.root / "site" / "privacy" / "versions.json").read_text(encoding="utf-8"))
    assert [v["last_updated"] for v in versions["versions"]] == ["2025-01-01", "2025-03-01"]
