"""Memory flat in the size of the site (issue 16): between the phases, the main process holds only small
handles to each policy's parsed documents, not the documents themselves."""

from __future__ import annotations

import gc
import threading
from datetime import date
from pathlib import Path

import pytest
from test_cache import _site

from ppgen.build import parse_site
from ppgen.cached import documents, parse_policy
from ppgen.config import Settings, load_settings
from ppgen.dates import build_today
from ppgen.load import load
from ppgen.siteplan import SitePlan


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
        assert policy.docs and all(isinstance(run, Path) and run.parent == folder for run in policy.docs), policy.docs
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
