"""The hash chain of versions.json: what an entry's hash covers, and how it is computed.

Each version's entry in `<policy>/versions.json` carries `previous_entry_sha256`, the sha256 of
the entry before it (null for the first). An entry's sha256 is taken over the UTF-8 bytes of a JSON
object holding only its *recorded* keys (CHAINED), keys sorted, no white space, non-ASCII
characters as themselves: `json.dumps({k: entry[k] for k in CHAINED}, sort_keys=True,
separators=(",", ":"), ensure_ascii=False).encode("utf-8")`. Every value is a string or null, so
these bytes are also the entry's RFC 8785 (JSON Canonicalization Scheme) form, which any language
can reproduce.

The recorded keys are what a version *is*: its date, title, summary, the sha256 of its text, the
commit of that text, and the link to the entry before. The other keys (`status`, `in_force_until`,
`last_updated`, `url`, `raw_url`, `diff_from_previous_url`) follow from those, from later versions or
from the build's day and base URL, so they change while the version does not. Leaving them out keeps
an entry's hash fixed for as long as the version is: a hash saved from an earlier download still
names the same chain, and a new version only adds a link.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

CHAINED = ("commit", "effective", "previous_entry_sha256", "sha256", "summary", "title")
"""The keys of a versions.json entry that its hash covers (the others follow from them, see above)."""


def canonical(entry: Mapping[str, object]) -> bytes:
    """The bytes an entry's hash is taken over: its CHAINED keys as JSON, sorted, no white space, UTF-8."""
    recorded = {key: entry[key] for key in CHAINED}
    return json.dumps(recorded, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def entry_sha256(entry: Mapping[str, object]) -> str:
    """The sha256 (hex) of an entry, as the next entry's `previous_entry_sha256` records it."""
    return hashlib.sha256(canonical(entry)).hexdigest()
