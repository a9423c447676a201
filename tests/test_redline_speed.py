"""Issue 16, the comparing's share: what one comparison of a policy works out is not worked out again by
the next (the pairs of a policy's history share most of their text), and the redlines stay the same bytes."""

from __future__ import annotations

import pickle
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ppgen.redline.stretch as stretch_module
from ppgen.redline import fragments
from ppgen.redline.cache import PolicyCache
from ppgen.redline.compare import compare
from ppgen.source.markdown import parse

_WHOLE = (
    "The service keeps the data you give it for as long as your account is open and deletes it "
    "within thirty days after you close the account. Backups hold copies for ninety more days, "
    "after which they are overwritten and nothing of the account remains anywhere."
)
_SPLIT = _WHOLE.replace(" Backups hold", "\n\nBackups hold")


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every diff the stretch module runs, by name."""
    calls: list[str] = []
    for name in ("diff_sequences", "diff_tokens"):
        original: Callable[..., Any] = getattr(stretch_module, name)

        def counted(*args: Any, original: Callable[..., Any] = original, name: str = name) -> Any:
            calls.append(name)
            return original(*args)

        monkeypatch.setattr(stretch_module, name, counted)
    return calls


def test_a_stretch_met_again_in_another_pair_of_the_policy_is_not_diffed_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The oldest version against the current one and its neighbour against the current one hold the
    same split paragraph: the second comparison finds its steps in the policy's cache."""
    oldest = parse(f"# Terms\n\n## Data\n\n{_WHOLE}\n\n## Other\n\nA closing line.\n", "v1.md")
    middle = parse(f"# Terms\n\n## Data\n\n{_WHOLE}\n\n## Other\n\nA closing line, edited.\n", "v2.md")
    current = parse(f"# Terms\n\n## Data\n\n{_SPLIT}\n\n## Other\n\nA closing line, edited.\n", "v3.md")
    calls = _counting(monkeypatch)
    cache = PolicyCache()
    first = compare(oldest, current, cache)
    assert calls, "the split paragraph is compared as running text"
    assert "split" in dict(first.triage.counts)
    calls.clear()
    second = compare(middle, current, cache)
    assert calls == [], "the same stretch, already worked out for this policy"
    assert pickle.dumps(second) == pickle.dumps(compare(middle, current, PolicyCache()))
    assert "split" in dict(second.triage.counts)


_FIRST_ID_OF_EACH_TAG = re.compile(r'<[^<>]*?\sid="([^"]*)"')
"""What fragments.py read the ids of a page's views with: every tag tried from its `<`, slow on long views."""


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                '<a id="x">',
                "<p>",
                "</p>",
                ' id="y"',
                'id="z"',
                "<",
                ">",
                '"',
                " ",
                "\n",
                "text",
                "-id=",
                '<b\tid="t" id="u">',
                '<img alt="a<b" id="w">',
                '<a href="?id=" id="v">',
                '&lt;i id="q"&gt;',
            ]
        ),
        max_size=14,
    )
)
def test_the_ids_of_a_view_are_those_the_tag_pattern_finds(parts: list[str]) -> None:
    """fragments._ids reads the same ids as the pattern it replaces, whatever the markup around them."""
    html = "".join(parts)
    assert fragments._ids(html) == set(_FIRST_ID_OF_EACH_TAG.findall(html))
