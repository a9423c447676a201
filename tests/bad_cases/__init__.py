"""Bad-input cases by area: each module holds `CASES: list[badinput.Bad]` (see tests/badinput.py)."""
