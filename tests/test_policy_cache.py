"""The redline's cache (issue 13): one object per policy, made by whoever compares and passed in; the
documents stay pure data, and a container only the older version had says so by a flag, not a key."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from ppgen.core.document import Document
from ppgen.redline.cache import Derived, Kept, PolicyCache
from ppgen.redline.compare import align, compare
from ppgen.source.markdown import parse
from test_redline import THEME_WORDS, check, inline_view

EXAMPLE = sorted((Path(__file__).resolve().parent.parent / "content" / "privacy").glob("*.md"))


def _body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---", 2)[2]


def _same(one: object, other: object) -> bool:
    return pickle.dumps(one) == pickle.dumps(other)


def test_a_policy_cache_shared_by_every_pair_gives_the_redlines_of_a_fresh_one_each() -> None:
    """What one comparison keeps, the next uses: the redlines are those of comparisons that keep nothing."""
    docs = [parse(_body(path), path.name) for path in EXAMPLE]
    assert len(docs) >= 3
    pairs = [(a, b) for k, a in enumerate(docs) for b in docs[k + 1 :]] + [(docs[-1], docs[0])]
    cache = PolicyCache()
    shared = [compare(old, new, cache) for old, new in pairs]
    again = [compare(old, new, cache) for old, new in pairs]  # everything found in the cache now
    fresh = [compare(old, new, PolicyCache()) for old, new in pairs]
    assert _same(shared, fresh) and _same(again, fresh)
    assert [r.inline(THEME_WORDS) for r in shared] == [r.inline(THEME_WORDS) for r in fresh]


def test_a_document_is_pure_data_and_keeps_nothing_of_a_comparison() -> None:
    """A redline leaves its documents as they were: no memo on them, and equal documents pickle the same
    whatever was compared with them."""
    old, new = (
        parse("# T\n\nOne two three.\n\n- a\n- b\n", "old.md"),
        parse("# T\n\nOne two four.\n", "new.md"),
    )
    before = pickle.dumps(old)
    check(old, new)
    assert pickle.dumps(old) == before
    assert all(not isinstance(getattr(old, f.name), (dict, list, set)) for f in dataclasses.fields(Document))
    assert not hasattr(old, "memo") and not hasattr(old, "kept")


def test_the_cache_works_a_result_out_once_and_keeps_at_most_its_size() -> None:
    made: list[str] = []
    upper: Kept[str, str] = Kept("upper", lambda text: made.append(text) or text.upper(), size=2)
    cache = PolicyCache()
    assert [cache.get(upper, t) for t in ("a", "a", "b", "c", "a")] == ["A", "A", "B", "C", "A"]
    assert made == ["a", "b", "c", "a"], "a kept once; dropped (the oldest) when c came"
    doc = parse("Text.\n", "x.md")
    count: Derived[int] = Derived("blocks", lambda d: made.append("doc") or len(d.blocks))
    assert cache.of(count, doc) == cache.of(count, doc) == 1 and made.count("doc") == 1
    cache.keep_only([])
    assert cache.of(count, doc) == 1 and made.count("doc") == 2, "forgotten with its document"


def test_a_list_only_the_older_version_had_keeps_its_keys_and_is_flagged() -> None:
    """The merged text holds the older list under the older document's own keys, flagged `older_only`
    (never a negative key), and the newer containers unflagged, even where the keys are the same."""
    old = parse("Intro.\n\n- gone one\n- gone two\n\nOutro text here.\n", "old.md")
    new = parse("Intro.\n\n> A new quote that takes the place.\n\nOutro text here.\n", "new.md")
    ops = align(old, new, PolicyCache())
    deleted = [op for op in ops if op.kind == "delete" and op.old is not None and op.old.containers]
    assert deleted, [op.kind for op in ops]
    for op in deleted:
        assert op.old is not None
        assert all(c.older_only and c.key >= 0 for c in op.containers)
        assert [c.key for c in op.containers] == [c.key for c in op.old.containers]
    inserted = [op for op in ops if op.kind == "insert" and op.containers]
    assert inserted and all(not c.older_only for op in inserted for c in op.containers)
    assert {c.key for op in deleted for c in op.containers} & {
        c.key for op in inserted for c in op.containers
    }, "the keys meet: only the flag tells the two containers apart"
    html = inline_view(check(old, new).inline_html)
    assert html.count("<ul") == 1 and html.count("<blockquote") == 1


def test_the_preview_compares_many_redlines_at_once_in_runs_and_writes_what_a_build_writes(
    tmp_path: Path,
) -> None:
    """Enough deferred redlines for every core (`incremental._Redlines.prepare`: each policy's pairs in runs,
    a run with a cache of its own) give the pages of a full build, byte for byte."""
    import sys
    import tempfile
    from datetime import date

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from ppgen.pipeline.build import render_site
    from ppgen.pipeline.incremental import IncrementalRenderer
    from ppgen.pipeline.workers import PARALLEL_FROM
    from ppgen.site.pages import RedlinePage
    from ppgen.site.plan import SitePlan
    from ppgen.source.config import load_settings
    from ppgen.source.load import load_site
    from synthetic import make_site

    root = make_site(tmp_path / "site", policies=2, versions=8, words=150, config='diff_pairs = ["all"]')
    settings = load_settings(root / "ppgen.toml")
    loaded = load_site(settings, date(2026, 1, 1))
    plan = SitePlan.of(loaded, settings)
    assert len(plan.pairs) >= PARALLEL_FROM
    renderer = IncrementalRenderer()
    renderer.render(loaded, settings, defer=lambda spec: isinstance(spec, RedlinePage))
    result = renderer.render_pending(len(plan.pairs))
    assert not renderer.pending
    with tempfile.TemporaryDirectory() as folder:
        written, _, _ = render_site(plan, settings, Path(folder))
        built = {name: Path(folder, name).read_bytes() for name in written}
    assert result.files.keys() == built.keys()
    assert [name for name in built if result.files[name] != built[name]] == []


FIRST = "We keep your account data for as long as your account is open and for ninety days after."
SECOND = "You may ask us to delete it sooner by writing to our privacy team at any time."
OLD = f"## Keeping data\n\n{FIRST} {SECOND}\n\nAlpha one two three four five six seven.\n\nDelta stays.\n"
NEW = (
    f"## Keeping data\n\n{FIRST}\n\nYou may ask us to delete it sooner by email to our privacy team at any time."
    "\n\nAlpha one two three four five six eight.\n\nDelta stays.\n"
)  # a paragraph split (a stretch compared as running text) and a word changed (a word diff)
ADDED = NEW + "\nEpsilon, a paragraph added.\n"


def _counting(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often a word diff and a stretch are worked out (not found), from here on."""
    from ppgen.redline import runs, stretch

    calls = {"word diff": 0, "stretch": 0}

    def counted(module: object, name: str, what: str) -> None:
        original = getattr(module, name)

        def count(*args: object) -> object:
            calls[what] += 1
            return original(*args)

        monkeypatch.setattr(module, name, count)

    counted(runs, "diff_tokens", "word diff")
    counted(stretch, "diff_sequences", "stretch")
    counted(stretch, "diff_tokens", "stretch")
    return calls


def test_what_one_build_kept_serves_the_next_through_the_cache_and_changes_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`lasting` results (a stretch's steps, a word diff) pickled by one build and `absorb`ed by the next:
    the next build's comparisons against a version added find them, and write the same redlines."""
    old, new, added = (parse(text, "v.md") for text in (OLD, NEW, ADDED))
    calls = _counting(monkeypatch)
    first = PolicyCache()
    compare(old, new, first)
    assert calls["word diff"] and calls["stretch"], calls  # the pair has both: the test means something
    stored = pickle.dumps(first.lasting(), pickle.HIGHEST_PROTOCOL)
    assert set(first.lasting()) == {"a stretch's steps", "two blocks' word diff"}

    calls.update({"word diff": 0, "stretch": 0})
    fresh = compare(old, added, PolicyCache())
    assert calls["word diff"] and calls["stretch"], calls
    calls.update({"word diff": 0, "stretch": 0})
    later = PolicyCache()
    later.absorb(pickle.loads(stored))
    kept = compare(old, added, later)
    assert calls == {"word diff": 0, "stretch": 0}  # the version added changed nothing the pair before had
    assert _same(kept, fresh) and kept.inline(THEME_WORDS) == fresh.inline(THEME_WORDS)
    assert set(later.lasting()) == set(first.lasting())  # carried on to the build after


def test_a_table_that_is_not_what_a_policy_cache_keeps_is_ignored() -> None:
    old, new = parse(OLD, "v.md"), parse(NEW, "v.md")
    fresh = compare(old, new, PolicyCache())
    for stored in (None, [1, 2], {"two blocks' word diff": "not a table"}, {3: {}}):
        cache = PolicyCache()
        cache.absorb(stored)
        assert _same(compare(old, new, cache), fresh), stored


def test_tables_absorbed_from_several_tasks_are_merged_and_keep_the_newest() -> None:
    made: list[int] = []
    square = Kept("a lasting square", lambda n: made.append(n) or n * n, size=3, lasting=True)
    cache = PolicyCache()
    cache.absorb({"a lasting square": {1: 1, 2: 4}})  # another task's
    cache.absorb({"a lasting square": {3: 9, 4: 16}})  # the task's own, the newest
    assert [cache.get(square, n) for n in (2, 3, 4)] == [4, 9, 16] and made == []
    assert cache.get(square, 1) == 1 and made == [1]  # the oldest result did not fit the size
    assert cache.lasting() == {"a lasting square": {3: 9, 4: 16, 1: 1}}
    assert PolicyCache().lasting() == {} and Kept("not lasting", abs).lasting is False
