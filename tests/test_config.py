"""ppgen.config: one pass, every error, unknown keys rejected, lines named."""

from __future__ import annotations

from pathlib import Path

import pytest

from ppgen.config import load_settings, with_overrides
from ppgen.errors import PpgenError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ppgen.toml"
    path.write_text(text)
    return path


def test_defaults_without_a_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.root == tmp_path.resolve()
    assert settings.content_dir == tmp_path.resolve() / "content"
    assert settings.output_dir == tmp_path.resolve() / "site"
    assert settings.base_url is None and settings.timezone == "UTC"
    assert settings.diff_pairs == ("adjacent", "to-current")


def test_values_are_read_and_base_url_gets_its_slash(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, 'title = "Legal"\nbase_url = "https://example.com/legal"\ntimezone = "Europe/Berlin"\ndiff_pairs = "all"\n'))
    assert settings.title == "Legal" and settings.publisher == "Legal"
    assert settings.base_url == "https://example.com/legal/"
    assert settings.zone.key == "Europe/Berlin"
    assert settings.diff_pairs == ("all",)


def test_every_error_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, 'title = "x"\ncolour = "red"\ntimezone = "Mars/Base"\nbase_url = "example.com"\nraw_html = "maybe"\nnotice_days = -1\n')
    with pytest.raises(PpgenError) as err:
        load_settings(path)
    lines = str(err.value).splitlines()
    assert len(lines) == 5
    assert lines[0].endswith("ppgen.toml:2: unknown setting `colour` (known settings: base_url, content, description, diff_pairs, language, locale, notice_days, output, pretty_urls, publisher, raw_html, theme, timezone, title)")
    assert any(":3: unknown time zone `Mars/Base`" in line for line in lines)
    assert any(":4: base_url `example.com` is not an absolute http(s) URL" in line for line in lines)
    assert any(":5: raw_html must be" in line for line in lines)
    assert any(":6: notice_days must be" in line for line in lines)


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(PpgenError) as err:
        load_settings(write(tmp_path, 'title = "x"\nbase_url = \n'))
    assert "ppgen.toml:2: invalid TOML" in str(err.value)


def test_missing_explicit_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PpgenError, match="config file not found"):
        load_settings(tmp_path / "nope.toml")


def test_command_line_overrides(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, ""), base_url="https://x.org/a")
    assert settings.base_url == "https://x.org/a/"
    moved = with_overrides(settings, content=tmp_path / "c", output=tmp_path / "o")
    assert moved.content_dir == (tmp_path / "c").resolve() and moved.output_dir == (tmp_path / "o").resolve()
