"""The ids a section's heading had in earlier versions, which its page answers too.

A heading's id comes from its text, so a section renumbered when another is inserted before it ("2. Sharing"
becoming "3. Sharing") changes address, and a link to `/privacy/#2-sharing` kept from last year would land
at the top of the page. A version page answers the ids its sections had in the policy's earlier versions,
where a section is known by its heading's text after its label (`labels.unlabelled`): "2. Sharing", "3.
Sharing" and "Sharing" are one section. An earlier id is left out where it would be ambiguous: when this
version uses it (for another section, or as GitHub's id of a heading), when two headings of this version
read alike, or when two headings of the version that used it last read alike. A renamed section keeps only
what its heading's new text gives it: telling a renamed section from a new one is the redline's work.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ppgen.core.document import Document
from ppgen.redline.labels import unlabelled
from ppgen.source.headings import document_aliases, slugify

FormerIds = Mapping[str, tuple[str, ...]]
"""A heading's id → the ids its section had before, most recently used first."""

_ID = re.compile(r'\sid="([^"]*)"')


def _sections(doc: Document) -> dict[str, str]:
    """Each heading's id → the section it names (its slugged text after its label), or "" where two
    headings of the document name the same section."""
    named = {heading.id: slugify(unlabelled(heading.text)) for heading in doc.headings}
    seen: dict[str, int] = {}
    for section in named.values():
        seen[section] = seen.get(section, 0) + 1
    return {ident: section if seen[section] == 1 else "" for ident, section in named.items()}


def former_ids(docs: Sequence[Document]) -> list[FormerIds]:
    """For each of a policy's versions, oldest first: its headings' former ids (see the module)."""
    named: dict[str, str] = {}  # every id used so far → the section it named in the last version using it
    found: list[FormerIds] = []
    for doc in docs:
        sections = _sections(doc)
        taken = set(_ID.findall(doc.html)) | set(document_aliases(doc).values())
        earlier: dict[str, list[str]] = {}
        for ident, section in reversed(named.items()):  # most recently added first
            if section and ident not in taken:
                earlier.setdefault(section, []).append(ident)
        found.append(
            {
                ident: tuple(earlier[section])
                for ident, section in sections.items()
                if section and section in earlier
            }
        )
        for ident, section in sections.items():
            named.pop(ident, None)  # moved to the end: the last used
            named[ident] = section
    return found
