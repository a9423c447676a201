"""Every `diff_pairs` setting gives a site whose every link and fragment resolves (issue 13): a page
links a redline only when that redline is built. Before, with `["adjacent"]` the oldest version's page
linked to its comparison with the version in force, which no setting but "to-current" or "all" builds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import EXAMPLE_AS_OF, build_example, copy_example
from test_validity import example_base_url, lychee

SETTINGS = ['"adjacent"', '"to-current"', '"all"', '["adjacent"]', '["to-current", "adjacent"]']


@pytest.mark.parametrize("pairs", SETTINGS)
def test_every_link_resolves_whatever_redlines_are_built(tmp_path: Path, pairs: str) -> None:
    checkout = copy_example(tmp_path / "checkout")
    config = checkout / "ppgen.toml"
    config.write_text(config.read_text(encoding="utf-8") + f"diff_pairs = {pairs}\n", encoding="utf-8")
    base_url = example_base_url()
    root = tmp_path / "www"
    site = root / urlsplit(base_url).path.strip("/")
    build_example(tmp_path / "built", root=checkout, as_of=EXAMPLE_AS_OF)
    shutil.copytree(tmp_path / "built", site)
    remap = f"{base_url.replace('.', chr(92) + '.')}(.*) {site.as_uri()}/$1"
    run = lychee(root, site, "--remap", remap, "--format", "json")
    assert run.returncode == 0, f"broken links with diff_pairs = {pairs}:\n{run.stdout[-4000:]}"
    report = json.loads(run.stdout[run.stdout.find("{") :])
    assert report["errors"] == 0 and report["successful"] > 50
