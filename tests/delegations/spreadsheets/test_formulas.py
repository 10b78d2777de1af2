"""The one formula rule: what every export neutralises and the import reads back."""

import pytest

from delegations.spreadsheets.formulas import (
    FORMULA_LEADS,
    neutralise,
    neutralise_row,
    unneutralise,
)

LEADS = ["=", "+", "-", "@", "\t", "\r", "|", "%"]


def test_the_rule_covers_every_lead_a_spreadsheet_runs():
    assert sorted(FORMULA_LEADS) == sorted(LEADS)


@pytest.mark.parametrize("lead", LEADS)
def test_a_cell_starting_with_a_lead_gets_an_apostrophe_and_reads_back(lead):
    cell = lead + "cmd|' /C calc'!A0"

    assert neutralise(cell) == "'" + cell
    assert neutralise_row(["plain", cell, ""]) == ["plain", "'" + cell, ""]
    assert unneutralise(neutralise(cell)) == cell


@pytest.mark.parametrize("value", ["", "Ann", "'quoted", "a=b", 1001, None])
def test_other_values_pass_unchanged(value):
    assert neutralise(value) == value
    if isinstance(value, str):
        assert neutralise_row([value]) == [value]
        assert unneutralise(value) == value
