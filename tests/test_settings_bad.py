"""Bad settings, front matter and dates (tests/bad_cases/settings.py) through `ppgen build`: each a
`path:line: message (hint)` error, exit 1, nothing on disk changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from bad_cases.settings import CASES
from badinput import Bad, run_bad


@pytest.mark.parametrize("bad", CASES, ids=lambda bad: bad.name)
def test_bad_settings_front_matter_and_dates(site: Path, bad: Bad) -> None:
    run_bad(site, bad)
