"""The README promises what the code does: the set-up commands, the CSV columns, the contract."""

import re
from pathlib import Path

from companion.cli import HANDLERS
from companion.export.csv_export import GOAL_PREFIX, PRIVATE_COLUMN, header

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    return README.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_readme_starts_with_the_app_then_the_two_commands() -> None:
    first_block = README.split("```\n", 2)[1]
    assert first_block.split() == ["make", "run", "make", "test"]
    assert README.index("Companion is") < README.index("make run")


def test_every_csv_column_is_documented_in_order() -> None:
    documented = re.findall(r"^\| `(\w+)` \|", _section("CSV columns"), re.MULTILINE)
    assert documented == header(include_private=True)


def test_the_goal_columns_are_documented_before_reflections() -> None:
    table = _section("CSV columns")
    goals = table.index(f"| `{GOAL_PREFIX}…` |")
    assert table.index("| `notes` |") < goals < table.index(f"| `{PRIVATE_COLUMN}` |")
    assert header(True, ["Walk"])[-2:] == [f"{GOAL_PREFIX}Walk", PRIVATE_COLUMN]


def test_every_command_is_in_the_contract() -> None:
    contract = _section("Command line")
    for command in HANDLERS:
        assert f"companion {command}" in contract
