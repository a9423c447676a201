"""A parsed policy text: leaf blocks inside their containers. Pure data, no Markdown here.

A document is kept as a flat list of *leaf blocks* (headings, paragraphs, table cells,
code, raw HTML, rules), each carrying the containers (lists, list items, quotes, tables)
it sits in. The page HTML is assembled from those blocks, so the redline, which works
on the same blocks, always shows the document's own structure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ppgen.errors import Problem


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

    @property
    def text(self) -> str:
        """The plain text a reader sees, one block a line."""
        return "\n".join(block.text for block in self.blocks)


def assemble(blocks: Sequence[Block], render: Callable[[Block], str] | None = None) -> str:
    """HTML for a run of blocks, re-opening their containers; `render(block)` may replace a block's own HTML."""
    out: list[str] = []
    open_stack: list[Container] = []
    for block in blocks:
        common = 0
        while common < min(len(open_stack), len(block.containers)) and open_stack[common].key == block.containers[common].key:
            common += 1
        while len(open_stack) > common:
            out.append(open_stack.pop().close)
        for container in block.containers[common:]:
            out.append(container.open)
            open_stack.append(container)
        out.append(render(block) if render else block.open + block.inner + block.close)
    while open_stack:
        out.append(open_stack.pop().close)
    return "".join(out)
