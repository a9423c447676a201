"""A parsed policy text: leaf blocks inside their containers. Pure data, no Markdown here.

A document is kept as a flat list of *leaf blocks* (headings, paragraphs, table cells,
code, raw HTML, rules), each carrying the containers (lists, list items, quotes, tables)
it sits in. The page HTML is assembled from those blocks, so the redline, which works
on the same blocks, always shows the document's own structure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ppgen.core.errors import Problem


@dataclass(frozen=True)
class Container:
    """An element that holds blocks (a list, list item, quote, table, row…)."""

    key: int
    """Identity within its document: blocks in the same container share the key."""
    kind: str
    """Token type without `_open`, e.g. `bullet_list`, `list_item`, `tr`."""
    open: str
    """The rendered opening tag(s)."""
    close: str
    """The rendered closing tag(s)."""
    older_only: bool = False
    """True for a container only the older version had, written into a redline's merged text (its `key`
    is then the older document's, which a newer container may share)."""

    @property
    def identity(self) -> tuple[int, bool]:
        """What tells this container from every other in a redline's merged text."""
        return self.key, self.older_only


@dataclass(frozen=True)
class Block:
    """A leaf block of a document: the unit the redline aligns."""

    kind: str
    """`heading`, `paragraph`, `th`, `td`, `fence`, `code_block`, `html_block`, `hr`…"""
    containers: tuple[Container, ...]
    """Enclosing containers, outermost first."""
    open: str
    """Rendered opening tag (empty for self-contained blocks and tight-list paragraphs)."""
    inner: str
    """Sanitised inner HTML (the whole element for self-contained blocks)."""
    close: str
    """Rendered closing tag."""
    text: str
    """Plain text, as a reader sees it."""
    line: int
    """1-based line in the source file."""
    section: str | None
    """Id of the heading this block is under (its own id for a heading)."""

    @property
    def level(self) -> int:
        """A heading's level, as its tag draws it (`<h3 …>`: 3); 0 for any other block."""
        return int(self.open[2:3]) if self.open[2:3].isdigit() else 0


@dataclass(frozen=True)
class Heading:
    """A heading of the policy text, with its stable id."""

    level: int
    id: str
    text: str
    line: int


@dataclass(frozen=True)
class Document:
    """A parsed version body."""

    html: str
    """The sanitised HTML of the body."""
    blocks: tuple[Block, ...]
    """The leaf blocks, in order."""
    headings: tuple[Heading, ...]
    """Every heading, in order."""
    warnings: tuple[Problem, ...]
    """Things stripped or doubtful, when the settings allow them."""
    sections_at: int | None = None
    """The line of the first level-1 heading when the text uses them for sections (every heading then
    moved one level down, see `markdown.parse`); None otherwise."""

    @property
    def text(self) -> str:
        """The plain text a reader sees, one block a line."""
        return "\n".join(block.text for block in self.blocks)


class Assembler:
    """Writes blocks in order, closing and opening their containers as it goes."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.stack: list[Container] = []
        self.size = 0
        """Characters written so far."""

    def write(self, text: str) -> None:
        """Text at the current place (inside the containers entered last)."""
        self.parts.append(text)
        self.size += len(text)

    def enter(self, containers: Sequence[Container]) -> None:
        """Close what the next block is not in and open what it is in (containers match by key)."""
        stack = self.stack
        if not stack and not containers:
            return
        common = 0
        while (
            common < len(stack)
            and common < len(containers)
            and stack[common].key == containers[common].key
            and stack[common].older_only == containers[common].older_only
        ):
            common += 1
        while len(stack) > common:
            self.write(stack.pop().close)
        for container in containers[common:]:
            self.write(container.open)
            stack.append(container)

    def add(self, containers: Sequence[Container], html: str) -> None:
        """A block's own HTML, inside its containers."""
        self.enter(containers)
        self.write(html)

    def splice(self, html: str, containers: Sequence[Container]) -> None:
        """HTML written earlier by an Assembler, from inside its first block's containers (entered
        already) to the end of its last block, which sits in `containers`."""
        self.write(html)
        self.stack = list(containers)

    def html(self) -> str:
        """Everything written, every container closed."""
        self.enter(())
        return "".join(self.parts)


def assemble(blocks: Sequence[Block]) -> str:
    """HTML for a run of blocks, re-opening their containers."""
    out = Assembler()
    for block in blocks:
        out.add(block.containers, block.open + block.inner + block.close)
    return out.html()
