"""Memory flat in the size of the site (issue 16): between the phases, the main process holds only small
handles to each policy's parsed documents, not the documents themselves."""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
import tempfile
import threading
import tracemalloc
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gitrepo import GitRepo, isolate_git, version
from ppgen.core.dates import build_today
from ppgen.core.errors import PpgenError, display_path
from ppgen.pipeline import build as build_module
from ppgen.pipeline.build import build, parse_site
from ppgen.pipeline.cached import documents, parse_policy
from ppgen.pipeline.spill import Spill
from ppgen.site.plan import SitePlan
from ppgen.source.config import Settings, load_settings
from ppgen.source.load import Loaded, load
from ppgen.source.texts import body, source
from test_cache import _site


def _plan(root: Path) -> tuple[SitePlan, Settings]:
    settings = load_settings(root / "ppgen.toml")
    return SitePlan.of(load(settings, build_today(settings.zone, date(2025, 6, 1))).site, settings), settings


@pytest.mark.parametrize("start", ["fork", "forkserver"])
def test_without_a_cache_workers_leave_the_documents_on_disk_until_the_site_is_rendered(
    tmp_path: Path, start: str
) -> None:
    """Forked workers inherit the spill folder; with another thread alive the pool starts its workers from a
    fork server, and they must be told it."""
    root = _site(tmp_path / "src", policies=8, versions=4, paragraphs=6)
    site, settings = _plan(root)
    stop = threading.Event()
    alive = threading.Thread(target=stop.wait) if start == "forkserver" else None
    if alive:
        alive.start()
    try:
        parsed = parse_site(site, settings, 2, None)
    finally:
        stop.set()
    assert parsed.spill is not None
    folder = parsed.spill.folder
    for policy in parsed.policies:
        assert policy.docs and all(isinstance(run, Path) and run.parent == folder for run in policy.docs), (
            policy.docs
        )
        versions = list(site.site.policy(policy.slug).versions)
        expected = parse_policy(versions, settings, None, pickled=False)[0]
        assert policy.documents(site, settings, None) == expected
    assert len(list(folder.iterdir())) == len(parsed.policies)
    del parsed, policy
    gc.collect()
    assert not folder.exists()  # the folder goes with the parsed site


def test_documents_whose_spill_file_went_between_the_phases_are_parsed_again(tmp_path: Path) -> None:
    root = _site(tmp_path / "src", policies=1)
    site, settings = _plan(root)
    versions = list(site.site.policies[0].versions)
    spill = tmp_path / "spill"
    spill.mkdir()
    handle, problems, _ = parse_policy(versions, settings, None, pickled=True, spill=spill)
    assert isinstance(handle, Path) and handle.parent == spill and not problems
    expected = parse_policy(versions, settings, None, pickled=False)[0]
    assert documents(handle, versions, settings, None) == expected
    handle.unlink()
    assert documents(handle, versions, settings, None) == expected


def _marked_site(root: Path, policies: int, versions: int, size: int) -> Path:
    """A site whose every version's body carries the word MARKER-<policy>-<version> and about `size` bytes."""
    (root / "content").mkdir(parents=True)
    (root / "ppgen.toml").write_text('title = "Marked"\n')
    filler = "Plain words of a legal text, said again and again. " * (size // 52)
    for p in range(policies):
        folder = root / "content" / f"policy-{p}"
        folder.mkdir()
        for v in range(versions):
            body = f"# Policy {p}\n\nMARKER-{p}-{v} opens the text.\n\n{filler}\n"
            (folder / f"{2020 + v}-01-01.md").write_text(f"---\nsummary: Version {v}\n---\n\n{body}")
    return root


def test_the_loaded_site_holds_no_version_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The model says where each text is and what its digest is; the text is read where it is needed, so
    that the main process (and every worker it forks) does not hold the whole site's text (issue 16). Git
    mode too: an older version's text is a commit's, read again from git."""
    isolate_git(monkeypatch)
    repo = GitRepo(tmp_path / "site")
    _marked_site(tmp_path / "files", 2, 2, 2000)
    for path in sorted((tmp_path / "files" / "content").rglob("*.md")):
        repo.write(path.relative_to(tmp_path / "files").as_posix(), path.read_text())
    first = version("MARKER-terms-1 text.", effective="2024-01-01", title="Terms")
    repo.commit("2024-01-01T10:00:00+00:00", "Files", **{"content__terms.md": first})
    second = version("MARKER-terms-2 text.", effective="2024-06-01")
    repo.commit("2024-06-01T10:00:00+00:00", "Terms", **{"content__terms.md": second})
    settings = load_settings(repo.root / "ppgen.toml")
    site = load(settings, build_today(settings.zone, date(2025, 6, 1))).site
    assert [len(p.versions) for p in site.policies] == [2, 2, 2]
    held = pickle.dumps(site)
    assert b"MARKER" not in held and len(held) < 6_000, len(held)
    bodies = {(p.slug, v.effective): body(v) for p in site.policies for v in p.versions}
    assert "MARKER-0-1 opens the text." in bodies[("policy-0", date(2021, 1, 1))]
    assert "MARKER-terms-1" in bodies[("terms", date(2024, 1, 1))]  # from git: the file holds the newer text
    assert source(site.policy("terms").versions[0]).startswith(b"---\neffective: 2024-01-01\ntitle: Terms\n")
    assert not body(site.policy("policy-0").versions[0]).startswith(
        "# Policy 0"
    )  # the title, as loading read it


def test_loading_holds_one_policys_text_at_a_time(tmp_path: Path) -> None:
    """Loading reads each policy's files, validates them and keeps none of their bytes: its peak memory is
    a small share of the site's text (it held every file's bytes, then every version's source and body)."""
    root = _marked_site(tmp_path, 30, 2, 40_000)
    markdown = sum(path.stat().st_size for path in (root / "content").rglob("*.md"))
    settings = load_settings(root / "ppgen.toml")
    today = build_today(settings.zone, date(2025, 6, 1))
    tracemalloc.start()
    try:
        site = load(settings, today).site
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(site.policies) == 30
    assert peak < markdown / 4, (peak, markdown)


def test_a_text_changed_during_a_build_fails_it_and_leaves_the_site_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The text read again must be the text loaded (its digest): an edit saved while a build runs fails the
    build, saying which file and what to do, rather than publish pages of two states of one version."""
    root = _site(tmp_path / "src", policies=2, versions=2, paragraphs=3)
    settings = load_settings(root / "ppgen.toml")
    build(settings, as_of=date(2025, 6, 1), jobs=1)
    before = {p: p.read_bytes() for p in sorted(settings.output_dir.rglob("*")) if p.is_file()}
    edited = root / "content" / "policy-1" / "2021-01-01.md"

    def load_then_edit(*args: Any, **options: Any) -> Loaded:
        loaded = real_load(*args, **options)
        edited.write_text(edited.read_text() + "\nA sentence saved during the build.\n")
        return loaded

    real_load = build_module.load
    monkeypatch.setattr(build_module, "load", load_then_edit)
    with pytest.raises(PpgenError) as caught:
        build(settings, as_of=date(2025, 6, 1), jobs=1)
    [problem] = caught.value.problems
    assert (problem.code, problem.path) == ("content-changed", display_path(edited))
    assert "changed while ppgen was building" in str(caught.value)
    assert {p: p.read_bytes() for p in sorted(settings.output_dir.rglob("*")) if p.is_file()} == before


def test_in_one_process_too_the_documents_wait_on_disk_for_phase_2(tmp_path: Path) -> None:
    """`-j 1` parses every policy in the main process: with a spill folder it keeps only their files' names,
    as the workers do, not every policy's documents until the pages are rendered."""
    root = _site(tmp_path / "src", policies=8, versions=4, paragraphs=6)
    site, settings = _plan(root)
    parsed = parse_site(site, settings, 1, None)
    assert parsed.spill is not None
    assert all(isinstance(run, Path) for policy in parsed.policies for run in policy.docs)
    for policy in parsed.policies:
        versions = list(site.site.policy(policy.slug).versions)
        assert (
            policy.documents(site, settings, None) == parse_policy(versions, settings, None, pickled=False)[0]
        )


def test_a_killed_builds_spill_folder_is_removed_by_the_next(tmp_path: Path, monkeypatch: Any) -> None:
    """A build killed between its phases leaves its pickled documents (the site's text) in the temporary
    folder; the next build's spill removes the folders whose process is gone, and no other."""
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = tmp_path / f"ppgen-parsed-{int(gone.stdout)}-abc"
    alive = tmp_path / f"ppgen-parsed-{os.getppid()}-def"  # the test runner's parent: alive
    other = tmp_path / "ppgen-parsed-notapid-x"
    for folder in (dead, alive, other):
        folder.mkdir()
        (folder / "policy.pickle").write_bytes(b"the site's text")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    spill = Spill()
    assert spill.folder.parent == tmp_path and spill.folder.name.startswith(f"ppgen-parsed-{os.getpid()}-")
    assert not dead.exists() and alive.exists() and other.exists()


RELATIVE = """
import multiprocessing.forkserver, os, sys, threading, time
from datetime import date
from pathlib import Path
from ppgen.pipeline.build import build
from ppgen.source.config import load_settings

if __name__ == "__main__":
    site, elsewhere, start = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    if start == "forkserver":  # another thread runs (as in `ppgen serve`): workers from a fork server,
        threading.Thread(target=time.sleep, args=(300,), daemon=True).start()
        os.chdir(elsewhere)
        multiprocessing.forkserver.ensure_running()  # started in another folder than the build's
    os.chdir(site)
    print(build(load_settings(Path("ppgen.toml")), as_of=date(2025, 6, 1), jobs=2).pages)
"""


@pytest.mark.parametrize("start", ["fork", "forkserver"])
def test_a_build_inside_the_site_reads_its_texts_again_by_their_relative_paths(
    tmp_path: Path, start: str
) -> None:
    """Run from the site's folder, a version's path is shown relative to it, and the model keeps no second,
    absolute path (`Text.file` is empty): the workers read the texts again through the shown path, from the
    build's working folder, also when they come from a fork server started in another folder."""
    root = _marked_site(tmp_path / "site", 5, 8, 500)
    settings = load_settings(root / "ppgen.toml")
    here = os.getcwd()
    try:
        os.chdir(root)
        versions = load(settings, build_today(settings.zone, date(2025, 6, 1))).site.policies[0].versions
    finally:
        os.chdir(here)
    assert versions[0].path == "content/policy-0/2020-01-01.md" and versions[0].text.file == ""
    (tmp_path / "elsewhere").mkdir()
    script = tmp_path / "relative.py"
    script.write_text(RELATIVE, encoding="utf-8")
    command = [sys.executable, str(script), str(root), str(tmp_path / "elsewhere"), start]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    page = (root / "site" / "policy-3" / "2024-01-01" / "index.html").read_text()
    assert "MARKER-3-4 opens the text." in page
