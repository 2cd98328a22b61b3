"""Issue 18: the command list in the order of the office's work, and click's shell completion."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ROOT

from docgen.cli.app import COMMAND_ORDER, main_group


def _docgen(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v for k, v in os.environ.items() if not k.startswith("_DOCGEN") and k not in ("LANGUAGE", "LC_ALL")
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), *args],
        capture_output=True,
        text=True,
        env={**base, **env},
        check=False,
    )


def test_help_lists_commands_in_the_order_of_the_work() -> None:
    result = _docgen({}, "--help")
    assert result.returncode == 0
    listed = [
        line.split()[0] for line in result.stdout.split("命令:")[1].splitlines() if line.startswith("  ")
    ]
    assert listed == list(COMMAND_ORDER)
    assert sorted(listed) == sorted(main_group.commands)  # every command is placed on purpose


@pytest.mark.parametrize(
    ("shell", "marker"), [("bash", "complete -o nosort -F"), ("zsh", "compdef"), ("fish", "complete")]
)
def test_completion_script_for_each_shell(shell: str, marker: str) -> None:
    """The README's `eval "$(_DOCGEN_COMPLETE=bash_source docgen)"` prints a script for the shell."""
    result = _docgen({"_DOCGEN_COMPLETE": f"{shell}_source"})
    assert result.returncode == 0, result.stderr
    assert marker in result.stdout
    assert "_DOCGEN_COMPLETE" in result.stdout
    assert f"_DOCGEN_COMPLETE={shell}_source docgen" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_completion_offers_commands_and_options() -> None:
    words = _docgen({"_DOCGEN_COMPLETE": "bash_complete", "COMP_WORDS": "docgen re", "COMP_CWORD": "1"})
    assert words.stdout.split() == ["plain,render", "plain,register"]
    options = _docgen(
        {"_DOCGEN_COMPLETE": "bash_complete", "COMP_WORDS": "docgen rank --mo", "COMP_CWORD": "2"}
    )
    assert options.stdout.split() == ["plain,--month"]


def test_every_command_has_an_example() -> None:
    """Issue 18: `docgen CMD --help` of every command shows at least one command line to copy."""
    import click

    def commands(cmd: click.Command, path: tuple[str, ...]) -> list[tuple[str, click.Command]]:
        if isinstance(cmd, click.Group):
            return [c for name, sub in cmd.commands.items() for c in commands(sub, (*path, name))]
        return [(" ".join(path), cmd)]

    found = commands(main_group, ())
    assert len(found) > 15
    lacking = [
        name
        for name, cmd in found
        if f"docgen {name}" not in (cmd.help or "") and "docgen --" not in (cmd.help or "")
    ]
    assert lacking == []


def test_bulletin_month_is_not_described_as_a_ranking_month() -> None:
    result = _docgen({}, "bulletin", "--help")
    month = next(line for line in result.stdout.splitlines() if line.strip().startswith("--month"))
    assert "简报所报告的月份" in month
    assert "排名" not in month
