"""What the redline works out from one policy's texts, kept for the next pair of its versions: the cache
object a build makes for each policy and passes to every comparison of that policy (`redline.compare`).

The versions of a policy share most of their blocks, so a block's word diff, tokens and words recur
from pair to pair; a document's block signatures and unchanged HTML are needed by every pair it is in.
The cache is visible state: made by whoever compares, dropped with the policy, never global (a
benchmark makes a fresh one for a cold comparison). It keeps results only; what it returns is what
`make` returns, so a build with it writes the same bytes as one without it. The results of the costliest
functions (`lasting`: a stretch's steps, a word diff) also go from one build to the next through the build
cache, so that a version added compares against the texts before it with what the last build worked out.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from ppgen.core.document import Document

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass(frozen=True, eq=False)
class Kept(Generic[K, V]):
    """A pure function of one key whose results a `PolicyCache` keeps (compared by identity: one per function)."""

    name: str
    """What it works out, for a reader and a profile."""
    make: Callable[[K], V]
    """The function; its result must depend on the key alone."""
    size: int = 16384
    """At most this many results kept; the oldest goes first."""
    lasting: bool = False
    """Worth keeping from one build to the next (the build cache stores it: `PolicyCache.lasting`)."""


@dataclass(frozen=True, eq=False)
class Worked(Generic[K, V]):
    """A `Kept` whose function uses the cache itself for its own steps (what it works out from one text)."""

    name: str
    """What it works out, for a reader and a profile."""
    make: Callable[[K, PolicyCache], V]
    """The function; its result must depend on the key alone."""
    size: int = 512
    """At most this many results kept; the oldest goes first."""
    lasting: bool = False
    """Worth keeping from one build to the next (the build cache stores it: `PolicyCache.lasting`)."""


@dataclass(frozen=True, eq=False)
class Derived(Generic[V]):
    """A pure function of a whole document whose result a `PolicyCache` keeps for that document."""

    name: str
    """What it works out, for a reader and a profile."""
    make: Callable[[Document], V]
    """The function; its result must depend on the document alone."""


class PolicyCache:
    """Results of `Kept` and `Derived` functions for one policy's comparisons (not thread-safe: one
    per policy per process)."""

    __slots__ = ("_tables", "_documents", "_waiting")

    def __init__(self) -> None:
        self._tables: dict[Kept[Any, Any] | Worked[Any, Any], dict[Any, Any]] = {}
        self._documents: dict[tuple[Derived[Any], int], tuple[Document, Any]] = {}
        """(function, id of the document) → (the document, kept alive so its id stays its own; the result)."""
        self._waiting: dict[str, dict[Any, Any]] = {}
        """Tables of `lasting` functions from an earlier build, by name, until their function is first asked."""

    def lasting(self) -> dict[str, dict[Any, Any]]:
        """The results of the `lasting` functions asked here, by function name: what a later build of the policy
        may `absorb` (the build cache stores them; the code that made them is in its key)."""
        return {entry.name: table for entry, table in self._tables.items() if entry.lasting and table}

    def absorb(self, tables: object) -> None:
        """Add `lasting` results worked out by the same code for an earlier build, those absorbed last the newest
        (anything else is ignored: a table from the cache is only ever a shortcut)."""
        if isinstance(tables, dict):
            for name, table in tables.items():
                if isinstance(name, str) and isinstance(table, dict):
                    self._waiting.setdefault(name, {}).update(table)

    def get(self, kept: Kept[K, V], key: K) -> V:
        """`kept.make(key)`, worked out once."""
        return self._once(kept, key, lambda: kept.make(key))

    def work(self, worked: Worked[K, V], key: K) -> V:
        """`worked.make(key, self)`, worked out once."""
        return self._once(worked, key, lambda: worked.make(key, self))

    def _once(self, entry: Kept[K, V] | Worked[K, V], key: K, make: Callable[[], V]) -> V:
        """`make()`, kept in `entry`'s table by `key` (its oldest answer dropped when the table is full)."""
        table = self._tables.get(entry)
        if table is None:
            table = self._tables[entry] = self._absorbed(entry)
        if key in table:
            found: V = table[key]
            return found
        if len(table) >= entry.size:
            del table[next(iter(table))]
        made = table[key] = make()
        return made

    def _absorbed(self, entry: Kept[Any, Any] | Worked[Any, Any]) -> dict[Any, Any]:
        """A new table for `entry`: the newest `entry.size` results absorbed for it, if any."""
        found = self._waiting.pop(entry.name, {}) if entry.lasting else {}
        return dict(list(found.items())[-entry.size :]) if len(found) > entry.size else found

    def of(self, derived: Derived[V], doc: Document) -> V:
        """`derived.make(doc)`, worked out once per document (found by identity: hashing a whole document
        would cost more than most results)."""
        slot = (derived, id(doc))
        entry = self._documents.get(slot)
        if entry is None:
            entry = self._documents[slot] = (doc, derived.make(doc))
        result: V = entry[1]
        return result

    def keep_only(self, docs: Iterable[Document]) -> None:
        """Forget what was worked out from any document but these (a preview's cache outlives its edits)."""
        alive = {id(doc) for doc in docs}
        self._documents = {slot: entry for slot, entry in self._documents.items() if slot[1] in alive}
