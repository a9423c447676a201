"""A version that changed only its front matter reads the same as the version before it: the build compares
a pair of such texts once (`cached.compare`), and every pair that reads the same gets that redline."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import write_files
from ppgen.core.dates import build_today
from ppgen.pipeline import cached
from ppgen.redline import compare as redline
from ppgen.redline.cache import PolicyCache
from ppgen.source.config import load_settings
from ppgen.source.load import load

BODY = "## Data we keep\n\nWe keep your email address for {n} days.\n\nWe never sell it.\n"


def _versions(root: Path, *texts: tuple[str, str]) -> list[object]:
    write_files(
        root,
        {
            "ppgen.toml": 'title = "Alike"\nbase_url = "https://example.com/legal/"\n',
            **{
                f"content/privacy/202{n}-01-01.md": f"---\n{front}\n---\n\n{body}"
                for n, (front, body) in enumerate(texts)
            },
        },
    )
    settings = load_settings(root / "ppgen.toml")
    return [settings, *load(settings, build_today(settings.zone, date(2026, 1, 1))).site.policies[0].versions]


def test_pairs_whose_texts_read_the_same_are_compared_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, first, retitled, last = _versions(
        tmp_path,
        ("title: Privacy", BODY.format(n=30)),
        ("title: Privacy notice", BODY.format(n=30)),  # its front matter alone changed
        ("title: Privacy notice", BODY.format(n=90)),
    )
    docs, problems, _ = cached.parse_policy([first, retitled, last], settings, None, pickled=False)
    assert not problems and isinstance(docs, dict)
    compared: list[tuple[str, str]] = []
    real = redline.compare

    def counted(old, new, cache=None):  # type: ignore[no-untyped-def]
        compared.append((old.text, new.text))
        return real(old, new, cache)

    monkeypatch.setattr(cached.redline, "compare", counted)
    pairs = [(first, retitled), (retitled, last), (first, last)]
    made, comparisons = cached.compare(pairs, docs, settings, None, PolicyCache())

    assert len(compared) == comparisons == 2  # (retitled, last) reads as (first, last): compared once
    assert made[1] is made[2]
    assert made[0].identical and not made[1].identical
    fresh = real(docs[("privacy", retitled.effective)], docs[("privacy", last.effective)])
    assert made[1] == fresh
    assert "90" in made[1].inline_html and "30" in made[1].inline_html


def test_where_a_text_is_in_its_file_is_not_read(tmp_path: Path) -> None:
    settings, first, lower, other, last = _versions(
        tmp_path,
        ("title: Privacy", BODY.format(n=30)),
        ("title: Privacy\nsummary: A line more above the text", BODY.format(n=30)),  # same text, lines lower
        ("title: Privacy", BODY.format(n=30).replace("never", "do not")),
        ("title: Privacy", BODY.format(n=90)),
    )
    docs, problems, _ = cached.parse_policy([first, lower, other, last], settings, None, pickled=False)
    assert not problems and isinstance(docs, dict)
    keys = [("privacy", v.effective) for v in (first, lower, other, last)]
    assert [block.line for block in docs[keys[0]].blocks] != [block.line for block in docs[keys[1]].blocks]
    assert [cached._alike(docs)[key] for key in keys] == [keys[0], keys[0], keys[2], keys[3]]
    # …which holds because comparing does not read it: the lower text's redline is the first's
    assert redline.compare(docs[keys[1]], docs[keys[3]]) == redline.compare(docs[keys[0]], docs[keys[3]])
