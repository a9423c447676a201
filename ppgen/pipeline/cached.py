"""Parsing and comparing, through the build cache when there is one: a version is parsed, and a pair of
versions compared, once for as long as its cache entry lives."""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ppgen.core.document import Document
from ppgen.core.errors import PpgenError, Problem
from ppgen.core.model import Version
from ppgen.pipeline.cache import BuildCache, Keys
from ppgen.redline import compare as redline
from ppgen.redline.cache import PolicyCache
from ppgen.site.hosting import Written
from ppgen.site.plan import SitePlan
from ppgen.source import markdown, texts
from ppgen.source.config import Settings

DocKey = tuple[str, date]
Docs = dict[DocKey, Document]


def safe_parse(args: tuple[Version, str | None, str, str, markdown.Parts]) -> Document | PpgenError:
    """One version parsed from its body (None: read it, see `texts`), or what is wrong with it."""
    version, body, raw_html, template_syntax, parts = args
    try:
        text = texts.body(version) if body is None else body
        return markdown.parse(
            text, version.path, version.body_line, raw_html, parts, template_syntax=template_syntax
        )
    except PpgenError as err:
        return err


def _bodies(versions: list[Version]) -> list[str | None]:
    """The versions' bodies read together (one git process for a policy's blobs); None for each when one
    cannot be read, so that each is read alone and says what is wrong with it."""
    try:
        return list(texts.bodies(versions))
    except PpgenError:
        return [None] * len(versions)


def gather(
    versions: list[Version], results: Iterable[Document | PpgenError]
) -> tuple[Docs, list[Problem], list[Problem]]:
    """The documents of the versions that parsed, the problems of the others, and the warnings."""
    docs: Docs = {}
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for version, result in zip(versions, results, strict=True):
        if isinstance(result, PpgenError):
            problems.extend(result.problems)
        else:
            docs[(version.policy, version.effective)] = result
            warnings.extend(result.warnings)
    return docs, problems, warnings


def _load(store: BuildCache, kind: str, key: str) -> object | None:
    data = store.get(kind, key)
    if data is None:
        return None
    try:
        found: object = pickle.loads(data)
        return found
    except (
        pickle.UnpicklingError,
        EOFError,
        AttributeError,
        ImportError,
        IndexError,
        TypeError,
        ValueError,
    ):  # not ppgen's
        store.note("a cache entry was corrupt or truncated: its work was done again")
        return None


Parsed = Docs | bytes | str | Path
"""Parsed versions: the documents, pickled, the key of the cache entry that holds them, or the file
(in a spill folder, see `spilled`) that holds them pickled."""


def spilled(blob: bytes, spill: Path | None) -> bytes | Path:
    """Pickled documents put in a new file of the folder `spill`, so that the main process keeps only its
    name between the phases; the bytes themselves if there is no such folder or it cannot be written."""
    if spill is None:
        return blob
    try:
        handle, name = tempfile.mkstemp(suffix=".pickle", dir=spill)
        with os.fdopen(handle, "wb") as file:
            file.write(blob)
    except OSError:
        return blob
    return Path(name)


def parse_policy(
    versions: list[Version],
    settings: Settings,
    store: BuildCache | None,
    *,
    pickled: bool,
    spill: Path | None = None,
) -> tuple[Parsed, list[Problem], list[Problem]]:
    """A policy's versions parsed together, so that they share their parts (see `markdown.Parts`): the
    documents that parsed (pickled when `pickled`), the problems and the warnings. With a cache, when
    none of its versions changed: only the key of the entry that holds the documents, which are read
    when a page needs them (see `documents`), and the warnings from an entry of their own; else each
    version from its own entry, or parsed, and the whole stored (in a worker, `pickled`, only its key is
    returned, so that the documents never pass through the main process); without one (or when its
    entry could not be written), pickled documents go to a file in the folder `spill` if given (see
    `spilled`)."""
    parts: markdown.Parts = {}
    if store is None:
        results: Iterable[Document | PpgenError] = (
            safe_parse((v, body, settings.raw_html, settings.template_syntax, parts))
            for v, body in zip(versions, _bodies(versions), strict=True)
        )
        docs, problems, warnings = gather(versions, results)
        if not pickled or problems:
            return docs, problems, warnings
        return spilled(pickle.dumps(docs, pickle.HIGHEST_PROTOCOL), spill), problems, warnings
    whole = Keys.parsed(versions, settings)
    warned = _load(store, "warned", whole) if store.has("parsed", whole) else None
    if isinstance(warned, tuple):  # the documents are not read until a page needs them (`documents`)
        return whole, [], list(warned)
    found: list[Document | PpgenError] = []
    for version in versions:
        key = Keys.version(version, settings)
        doc = _load(store, "doc", key)
        if not isinstance(doc, Document):
            doc = safe_parse((version, None, settings.raw_html, settings.template_syntax, parts))
            if isinstance(doc, Document):
                store.put("doc", key, pickle.dumps(doc, pickle.HIGHEST_PROTOCOL))
        found.append(doc)
    docs, problems, warnings = gather(versions, found)
    if problems:
        return docs, problems, warnings
    blob = pickle.dumps(docs, pickle.HIGHEST_PROTOCOL)
    # The documents, then their warnings (what phase 1 reads of a policy none of whose versions changed).
    stored = store.put("parsed", whole, blob)
    stored = stored and store.put("warned", whole, pickle.dumps(tuple(warnings), pickle.HIGHEST_PROTOCOL))
    return (whole if pickled and stored else spilled(blob, spill) if pickled else docs), problems, warnings


def documents(docs: Parsed, versions: list[Version], settings: Settings, store: BuildCache | None) -> Docs:
    """Parsed versions, unpickled if need be, read from the cache or their spill file if it holds them
    (parsed again if the entry or file has gone or was damaged since)."""
    if isinstance(docs, Path):
        try:
            docs = docs.read_bytes()
        except OSError:  # gone since: parsed again
            docs = _again(versions, settings)
    if isinstance(docs, str):
        found = _load(store, "parsed", docs) if store is not None else None
        if isinstance(found, dict):
            return found
        again = _again(versions, settings)
        if store is not None and store.has("parsed", docs):  # damaged (noted): replaced
            store.put("parsed", docs, pickle.dumps(again, pickle.HIGHEST_PROTOCOL))
        return again
    if isinstance(docs, bytes):
        loaded: Docs = pickle.loads(docs)
        return loaded
    assert isinstance(docs, dict)
    return docs


def _again(versions: list[Version], settings: Settings) -> Docs:
    again, problems, _ = parse_policy(versions, settings, None, pickled=False)
    if problems:
        raise PpgenError(*problems)
    assert isinstance(again, dict)
    return again


def compare(
    pairs: list[tuple[Version, Version]],
    docs: Mapping[DocKey, Document],
    settings: Settings,
    store: BuildCache | None,
    cache: PolicyCache,
    memos: Sequence[str] = (),
) -> tuple[list[redline.Redline], int]:
    """The redline of each (older, newer) pair of versions (of one policy), from the build cache `store` or
    compared (and stored), and how many comparisons that took; what a comparison works out from a text is
    kept in `cache` for the next. A pair
    whose texts read the same as a pair's compared before (a version that changed only its front matter,
    against the same version) takes that pair's redline: comparing is a function of the two documents (and the
    first of equal documents is the one compared, so that what `cache` works out from it serves them all).
    With `store` and the `memos` keys of the policy (`Keys.memos`), what the last build's comparisons of it
    kept (`PolicyCache.lasting`) is there for these, and what these kept goes to the first key, when anything
    was compared."""
    redlines: list[redline.Redline] = []
    alike: dict[DocKey, DocKey] | None = None
    made: dict[tuple[DocKey, DocKey], redline.Redline] = {}
    for old, new in pairs:
        key = Keys.pair(old, new, settings) if store is not None else ""
        found = _load(store, "redline", key) if store is not None else None
        if not isinstance(found, redline.Redline):
            if alike is None and store is not None:  # the first comparison of the task
                for memo in reversed(memos):  # its own last, so that its own tables win
                    cache.absorb(_load(store, "memo", memo))
            alike = _alike(docs) if alike is None else alike
            same = alike[(old.policy, old.effective)], alike[(new.policy, new.effective)]
            found = made.get(same)
            if found is None:
                found = made[same] = redline.compare(docs[same[0]], docs[same[1]], cache)
            if store is not None:
                store.put("redline", key, pickle.dumps(found, pickle.HIGHEST_PROTOCOL))
        redlines.append(found)
    if alike is not None and store is not None and memos:
        store.put("memo", memos[0], pickle.dumps(cache.lasting(), pickle.HIGHEST_PROTOCOL))
    return redlines, len(made)


def _alike(docs: Mapping[DocKey, Document]) -> dict[DocKey, DocKey]:
    """Each version → the first version whose document reads the same to a comparison (`_read`). Texts are
    told apart by their HTML first (each hashed once)."""
    firsts: dict[str, list[tuple[DocKey, Document]]] = {}
    alike: dict[DocKey, DocKey] = {}
    for key, doc in docs.items():
        seen = firsts.setdefault(doc.html, [])
        alike[key] = next((first for first, other in seen if _read(other) == _read(doc)), key)
        if alike[key] == key:
            seen.append((key, doc))
    return alike


def _read(doc: Document) -> tuple[object, ...]:
    """What a comparison reads of a document: all but its warnings and where it is in its file (a version
    whose front matter grew by a line reads the same as the one before it)."""
    return (
        doc.sections_at is None,
        tuple((b.kind, b.containers, b.open, b.inner, b.close, b.text, b.section) for b in doc.blocks),
        tuple((h.level, h.id, h.text) for h in doc.headings),
    )


@dataclass(frozen=True)
class Cuts:
    """What the build cache says about cutting a policy's render work into tasks (see `tasks.split`): the
    redlines of each policy it does not hold, and into how many tasks the last build through it cut each
    policy it cut (whose pages entries are for that cut)."""

    store: BuildCache
    left: dict[str, int]
    last: dict[str, int]
    share: int
    """One worker's share of the redlines left to compare (8 at least)."""

    @classmethod
    def of(
        cls, site_plan: SitePlan, settings: Settings, store: BuildCache | None, workers: int
    ) -> Cuts | None:
        if store is None:
            return None
        policies = site_plan.site.policies
        versions = {(p.slug, v.effective): Keys.version(v, settings) for p in policies for v in p.versions}
        held = store.keys("redline")  # one listing, no entry read
        left = dict.fromkeys((policy.slug for policy in policies), 0)
        for slug, old, new in site_plan.pairs:
            if Keys.of_pair(versions[(slug, old)], versions[(slug, new)]) not in held:
                left[slug] += 1
        found = _load(store, "cuts", "last")
        last = found if isinstance(found, dict) else {}
        return cls(store, left, last, max(8, -(-sum(left.values()) // workers)))

    def cut(self, slug: str, count: int, cut: int) -> int:
        """Into how many runs a policy's `count` redlines are cut (0: not cut), given the `cut` their count
        makes: more when those left to compare are more than a worker's share of them; with none left, as
        the last build cut it."""
        left, last = self.left.get(slug, 0), self.last.get(slug)
        if not left and isinstance(last, int) and 1 < last <= -(-count // 8):
            return last
        return max(cut, -(-left // self.share) if left > self.share else 0)

    def keep(self, tasks: list[tuple[str, tuple[int, int]]]) -> None:
        """Note the policies these tasks cut, for the next build (unless the last build cut them so)."""
        made = {slug: parts for slug, (_, parts) in tasks if parts > 1}
        if made != self.last:
            self.store.put("cuts", "last", pickle.dumps(made, pickle.HIGHEST_PROTOCOL))


Pages = tuple[dict[str, bytes], dict[str, Written]]
"""A policy's pages (output path → bytes), and their digests for the manifest."""


def load_pages(store: BuildCache, key: str) -> Pages | None:
    """A policy's pages from the cache, if they are there whole."""
    found = _load(store, "pages", key)
    if (
        isinstance(found, tuple)
        and len(found) == 2
        and isinstance(found[0], dict)
        and isinstance(found[1], dict)
    ):
        files, digests = found
        if all(isinstance(v, bytes) for v in files.values()) and files.keys() == digests.keys():
            return files, digests
    if found is not None:
        store.note("a cache entry was corrupt or truncated: its work was done again")
    return None


def store_pages(store: BuildCache, key: str, pages: Pages) -> None:
    """Keep a policy's pages for the next build."""
    store.put("pages", key, pickle.dumps(pages, pickle.HIGHEST_PROTOCOL))
