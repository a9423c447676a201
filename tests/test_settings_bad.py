"""Bad settings, front matter and dates (tests/bad_cases/settings.py) through `ppgen build`: each a
`path:line: message (hint)` error, exit 1, nothing on disk changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bad_cases.settings import CASES
from badinput import CONFIG, GOOD, Bad, invoke, run_bad


@pytest.fixture
def site(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A good site folder (the working folder) with site/ already built from it."""
    root = make_site(GOOD, CONFIG)
    monkeypatch.chdir(root)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    result = invoke("build", "--as-of", "2025-06-01", "-q", "-j", "1")
    assert result.exit_code == 0, result.stderr
    return root


@pytest.mark.parametrize("bad", CASES, ids=lambda bad: bad.name)
def test_bad_settings_front_matter_and_dates(site: Path, bad: Bad) -> None:
    run_bad(site, bad)
