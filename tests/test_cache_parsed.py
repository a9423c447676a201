"""Phase 1 of a cached build, for a policy none of whose versions changed, reads only the small entry of its
warnings and hands on the key of the entry that holds its documents: those are read when a page needs them
(never, when its pages come from the cache), and a damaged one is parsed again and replaced then."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ppgen.core.dates import build_today
from ppgen.pipeline.cache import BuildCache
from ppgen.pipeline.cached import documents, parse_policy
from ppgen.source.config import load_settings
from ppgen.source.load import load
from test_cache import _site


def test_a_policy_that_did_not_change_is_not_read_until_a_page_needs_it(tmp_path: Path) -> None:
    root = _site(tmp_path / "src", policies=1)
    settings = load_settings(root / "ppgen.toml")
    versions = list(load(settings, build_today(settings.zone, date(2025, 6, 1))).site.policies[0].versions)
    store = BuildCache(tmp_path / "cache")
    store.prepare()
    expected, problems, warnings = parse_policy(versions, settings, None, pickled=False)
    assert not problems
    assert parse_policy(versions, settings, store, pickled=False)[0] == expected  # parsed, and stored
    (entry,) = (store.entries / "parsed").iterdir()
    data = entry.read_bytes()
    entry.write_bytes(data[: len(data) // 2])  # damaged: phase 1 does not see it, it reads none of it

    key, problems, again = parse_policy(versions, settings, store, pickled=False)
    assert isinstance(key, str) and not problems and again == warnings
    assert not store.notes
    assert documents(key, versions, settings, store) == expected  # read now: damaged, parsed again…
    assert store.notes == ["a cache entry was corrupt or truncated: its work was done again"]
    store.notes.clear()
    assert documents(key, versions, settings, store) == expected  # …and replaced
    assert not store.notes
