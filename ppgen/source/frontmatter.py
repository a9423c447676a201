"""Split a version file into YAML front matter and Markdown body, keeping line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from ppgen.core.chars import control_hint, find_control
from ppgen.core.errors import PpgenError, Problem

try:
    from yaml import (
        CSafeLoader as _SafeLoader,
    )  # libyaml: ~25x faster, which the preview server feels on every save
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
    """Parse `text` (LF line endings) into front matter and body; FrontMatterError (a PpgenError) when it cannot."""
    first = text.find("\n")  # line by line, up to the closing line only (the body is most of the text)
    if (text if first < 0 else text[:first]).rstrip() != "---":
        return FrontMatter({}, {}, text, 1, 1)
    index, start, end = 0, first + 1, first  # the line number `index` (0-based) runs from `start` to `end`
    while end >= 0:
        index, end = index + 1, text.find("\n", start)
        if (text[start:] if end < 0 else text[start:end]).rstrip() in ("---", "..."):
            break
        start = end + 1
    else:
        raise FrontMatterError(
            Problem(
                "front matter is not closed",
                path,
                1,
                "end it with a line holding only ---",
                code="front-matter",
            )
        )
    yaml_text = text[first + 1 : max(start - 1, first + 1)]
    control = find_control(yaml_text)
    if control is not None:  # before YAML, whose own message names no line
        message = f"control character {control.name} in the front matter"
        raise FrontMatterError(
            Problem(message, path, control.line + 2, control_hint(control), code="control-character")
        )
    try:
        loader = _Loader(yaml_text)
        try:  # one parse gives both the nodes (for key lines) and the data
            node = loader.get_single_node()
            if node is not None:
                _check_nodes(node, path, _LINE_BREAK.split(yaml_text))
            data = None if node is None else loader.construct_document(node)
        finally:
            loader.dispose()
    except RecursionError:  # PyYAML without libyaml composes nested collections by recursion
        hint = "front matter holds keys with plain values and short lists"
        raise FrontMatterError(
            Problem("front matter nested too deeply", path, 2, hint, code="front-matter")
        ) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        reason = getattr(err, "problem", None) or str(err).split("\n")[0]
        opened = getattr(err, "context_mark", None)
        if "end of stream" in reason and opened is not None:  # a quote left open: where it opens, not the end
            mark, reason = opened, "a quoted value is never closed"
        line = mark.line + 2 if mark is not None else 1
        raise FrontMatterError(
            Problem(
                f"malformed YAML front matter: {reason}",
                path,
                line,
                "check the indentation and quote values holding ':' or '#'",
                code="front-matter",
            )
        ) from None
    if data is None:
        data, node = {}, None
    if not isinstance(data, dict):
        raise FrontMatterError(
            Problem(
                "front matter must be a mapping of keys to values",
                path,
                2,
                "write lines like `title: Privacy Policy`",
                code="front-matter",
            )
        )
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    body = "" if end < 0 else text[end + 1 :]
    return FrontMatter({str(k): v for k, v in data.items()}, key_lines, body, index + 2, index + 1)


_MERGE = "tag:yaml.org,2002:merge"


def _check_nodes(root: yaml.Node, path: str, lines: list[str]) -> None:
    """Refuse what YAML accepts silently: a key set twice (the last would win), control characters
    written as escapes ("\\x01") and a `#` that cuts an unquoted value short (`_comment`); raise the first
    problem in the file (`lines`: the front matter's)."""
    problems: list[Problem] = []
    seen: set[int] = set()
    stack = [root]
    while stack:  # a stack, not recursion: anchors share nodes and nesting can be deep
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        line = node.start_mark.line + 2
        if isinstance(node, yaml.ScalarNode):
            control = find_control(str(node.value))
            if control is not None:
                message = f"control character {control.name} in a value"
                problems.append(Problem(message, path, line, control_hint(control), code="control-character"))
            cut = _comment(node, lines, path)
            if cut is not None:
                problems.append(cut)
        elif isinstance(node, yaml.MappingNode):
            keys: dict[str, int] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag != _MERGE:
                    key, key_line = str(key_node.value), key_node.start_mark.line + 2
                    if key in keys:
                        message = f"`{key}` is set twice (first on line {keys[key]})"
                        problems.append(
                            Problem(
                                message,
                                path,
                                key_line,
                                "keep one: YAML would use the last",
                                code="front-matter",
                            )
                        )
                    keys.setdefault(key, key_line)
                stack.extend((key_node, value_node))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    if problems:
        raise FrontMatterError(min(problems, key=lambda p: p.line or 0))


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML counts as a line break (its marks count lines so)."""
_COMMENT = re.compile(r"[ \t]+#[ \t]*(.*)")


def _comment(node: yaml.ScalarNode, lines: list[str], path: str) -> Problem | None:
    """A comment right after an unquoted value (`summary: Clarifies sections #3 and #4`): YAML drops all from
    ` #` on, and the value would silently lose its end."""
    if node.style or node.end_mark.line >= len(lines):  # quoted or a block (`|`, `>`): no cut
        return None
    after = _COMMENT.match(lines[node.end_mark.line], node.end_mark.column)
    if after is None or not after.group(1).strip():
        return None
    left_out = after.group(1).strip()
    left_out = left_out if len(left_out) <= 30 else left_out[:29] + "…"
    message = f"` #` starts a YAML comment, so “#{left_out}” would be left out of the value"
    hint = f'quote the whole value: "{node.value} #{left_out}"'
    return Problem(message, path, node.end_mark.line + 2, hint, code="front-matter")


class FrontMatterError(PpgenError):
    """Front matter that cannot be read: a PpgenError with one problem, the first in the file."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)

    @property
    def problem(self) -> Problem:
        """What is wrong, and where."""
        return self.problems[0]
