"""Split a version file into YAML front matter and Markdown body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from ppgen.errors import Problem


try:
    from yaml import CSafeLoader as _SafeLoader  # libyaml: ~25x faster, which the preview server feels on every save
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class _Loader(_SafeLoader):
    """SafeLoader that keeps dates as strings, so `dates` parses them with clear errors."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class FrontMatter:
    """The parsed front matter of one file."""

    data: dict[str, Any]
    """Key → value (dates still strings)."""
    lines: dict[str, int]
    """Key → 1-based line in the file."""
    body: str
    """The text after the closing `---`."""
    body_line: int
    """1-based line where the body starts."""
    end_line: int
    """1-based line of the closing `---` (1 when there is no front matter)."""


def split(text: str, path: str) -> FrontMatter:
    """Parse `text` (LF line endings) into front matter and body; raise Problem-carrying ValueError on errors."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return FrontMatter({}, {}, text, 1, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        raise FrontMatterError(Problem("front matter is not closed", path, 1, "end it with a line holding only ---"))
    yaml_text = "\n".join(lines[1:index])
    try:
        loader = _Loader(yaml_text)
        try:  # one parse gives both the nodes (for key lines) and the data
            node = loader.get_single_node()
            data = None if node is None else loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(err, "problem", None) or str(err)
        raise FrontMatterError(Problem(f"malformed YAML front matter: {reason}", path, line, "check the indentation and quote values holding ':' or '#'")) from None
    if data is None:
        data, node = {}, None
    if not isinstance(data, dict):
        raise FrontMatterError(Problem("front matter must be a mapping of keys to values", path, 2, "write lines like `title: Privacy Policy`"))
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    body = "\n".join(lines[index + 1 :])
    return FrontMatter({str(k): v for k, v in data.items()}, key_lines, body, index + 2, index + 1)


class FrontMatterError(ValueError):
    """Front matter that cannot be read; carries the Problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem
