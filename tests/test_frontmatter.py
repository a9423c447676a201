"""ppgen.source.frontmatter: what YAML takes silently (a key set twice, control characters): an error at its line."""

from __future__ import annotations

import pytest

from ppgen.source.frontmatter import FrontMatterError, split


def problem_of(text: str) -> str:
    with pytest.raises(FrontMatterError) as err:
        split(text, "p.md")
    return str(err.value.problem)


def test_a_key_set_twice_is_an_error_at_the_second() -> None:
    text = "---\ntitle: Privacy Policy\nsummary: One.\ntitle: Privacy Notice\n---\n\nBody.\n"
    assert problem_of(text) == (
        "p.md:4: `title` is set twice (first on line 2) (keep one: YAML would use the last)"
    )


def test_a_key_set_twice_in_a_nested_mapping_is_found_too() -> None:
    text = "---\ntitle: T\nid: x\nextra:\n  - {date: 2025-01-01, note: a, note: b}\n---\n"
    assert problem_of(text).startswith("p.md:5: `note` is set twice")


def test_the_same_key_in_two_mappings_and_a_merge_key_are_fine() -> None:
    text = "---\nbase: &b {note: a}\nother:\n  <<: *b\n  note: b\nlist: [{note: a}, {note: b}]\n---\n"
    assert split(text, "p.md").data["other"] == {"note": "b"}


def test_a_control_character_is_reported_at_its_own_line() -> None:
    # YAML's own message names no line (it gave line 1, the opening ---) and spans two lines.
    text = "---\ntitle: T\n\nsummary: Adds\x01 cookies.\n---\n\nBody.\n"
    assert problem_of(text) == (
        "p.md:4: control character U+0001 in the front matter "
        "(delete it: most editors do not show it; it often comes with text pasted from another program)"
    )


@pytest.mark.parametrize(
    "escape", ["\\x01", "\\x1b", "\\x7f", "\\x85", "\\x9f", "\\uFFFE", "\\uFFFF", "\\0", "\\f"]
)
def test_a_control_character_written_as_an_escape_is_an_error(escape: str) -> None:
    text = f'---\ntitle: T\nsummary: "Adds{escape} cookies."\n---\n\nBody.\n'
    assert problem_of(text).startswith("p.md:3: control character U+")


def test_a_control_character_in_a_key_or_a_list_item_is_an_error() -> None:
    assert problem_of('---\ntitle: T\n"a\\x02": b\n---\n').startswith("p.md:3: control character U+0002")
    nul = problem_of('---\ntitle: T\naliases:\n  - /a/\n  - "/b\\x00/"\n---\n')
    assert nul.startswith("p.md:5: control character U+0000 (NUL)")


def test_tabs_newlines_and_ordinary_unicode_pass() -> None:
    front = split(
        '---\ntitle: "A\\tB"\nsummary: "Line\\nbreak, ümlaut, 法, \\u2028, emoji 🙂"\n---\n', "p.md"
    )
    assert front.data["summary"] == "Line\nbreak, ümlaut, 法, \u2028, emoji 🙂"


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    message = problem_of("---\nt: " + "[" * 5000 + "]" * 5000 + "\n---\n")
    assert message.startswith("p.md:2: ")


def test_anchors_are_walked_once() -> None:
    # A "billion laughs" of aliases: the check visits each node once, so this stays instant.
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 6)]
    front = split("---\n" + "\n".join(lines) + "\n---\n", "p.md")
    assert len(front.data["a5"]) == 10


def test_a_front_matter_error_is_a_ppgen_error_with_a_code() -> None:
    """Callers catch one kind of bad input: PpgenError, the problem with its path, line and code."""
    from ppgen.core.errors import PpgenError

    with pytest.raises(PpgenError) as err:
        split("---\ntitle: [unclosed\n---\n", "p.md")
    [problem] = err.value.problems
    assert (problem.path, problem.code) == ("p.md", "front-matter")


@pytest.mark.parametrize(
    ("yaml_text", "line", "left_out"),
    [
        ("title: Terms #2\n", 2, "#2"),
        ("effective: 2024-01-01\nsummary: Clarifies sections #3 and #4\n", 3, "#3 and #4"),
        ("corrections:\n  - Fixed clause 4 #typo\n", 3, "#typo"),
    ],
)
def test_a_hash_that_would_cut_an_unquoted_value_short_is_an_error(
    yaml_text: str, line: int, left_out: str
) -> None:
    """YAML reads ` #` as the start of a comment: the rest of the title or summary would be lost silently."""
    with pytest.raises(FrontMatterError) as err:
        split(f"---\n{yaml_text}---\nBody.\n", "p.md")
    problem = err.value.problem
    assert (problem.line, problem.code) == (line, "front-matter") and f"“{left_out}”" in problem.message
    assert problem.hint is not None and problem.hint.startswith('quote the whole value: "')


@pytest.mark.parametrize(
    "yaml_text",
    [
        'title: "Terms #2"\n',
        "title: 'Terms #2'\n",
        "title: Terms#2\n",
        "title: >\n  Terms\n  #2\n",
        "title: T #\n",
    ],
)
def test_a_hash_in_quotes_in_a_word_in_a_block_or_with_nothing_after_it_passes(yaml_text: str) -> None:
    assert split(f"---\n{yaml_text}---\nBody.\n", "p.md").data["title"].startswith("T")


def test_a_quote_left_open_is_reported_where_it_opens_not_where_the_front_matter_ends() -> None:
    with pytest.raises(FrontMatterError) as err:
        split('---\ntitle: "Deceased User Policy\neffective: 2024-01-01\nsummary: x\n---\nBody.\n', "p.md")
    assert (err.value.problem.line, err.value.problem.message) == (
        2,
        "malformed YAML front matter: a quoted value is never closed",
    )


def test_a_c1_control_left_by_mojibake_gets_the_character_it_was_part_of_as_its_fix() -> None:
    """Mozilla's 2014 privacy notice: `â€œsnippetsâ€\\x9d`, UTF-8 read as Windows-1252. Deleting the control
    would leave `â€`; the hint names ” instead. A control alone keeps the plain hint."""
    from ppgen.core.chars import CONTROL_HINT, control_hint, find_control

    mojibake = find_control("the â€œsnippetsâ€\x9d feature", body=True)
    alone = find_control("a stray \x9d here", body=True)
    assert mojibake is not None and alone is not None
    assert control_hint(mojibake).startswith("replace â€ U+009D with ”")
    assert control_hint(alone) == CONTROL_HINT
