"""The `patuh` command: the group, and one module per verb beside this one.

Exit statuses (docs/documents.md): 0 all compliant, 1 a document non-compliant at
the --fail-on level, 2 a document or an option could not be read or validated,
3 the policy engine failed. A user's mistake gets a message, never a traceback.

Each verb imports what it uses when it runs: `patuh --help`, `rules`, `explain` and
`version` start without pydantic's document models, the OPA client or the readers
(profile: docs/benchmarks.md, issue 12; tests/cli/test_startup.py).
"""

from __future__ import annotations

import importlib

import click

from engine import __version__
from engine.cli import check, explain, impact, init, rules, schema, version
from engine.cli.click_i18n import Command, Group
from engine.cli.options import h


@click.group(
    cls=Group, help=h("cli.help"), context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(
    __version__, prog_name="patuh", message="%(prog)s %(version)s", help=h("click.version_option")
)
def main() -> None:
    pass


for command in (
    check.check,
    rules.list_rules,
    explain.explain,
    schema.schema,
    init.init,
    version.version,
    impact.impact,
):
    main.add_command(command)


def _in_readers_words(command: click.Command) -> click.Command:
    """A command made below this layer (the desk's, engine/desk/cli.py, which may not
    import the command line's classes) laid out in the reader's words as patuh's own:
    the same objects, given the translating classes (click_i18n.py: methods only, no
    state of their own), its subcommands too."""
    command.__class__ = Group if isinstance(command, click.Group) else Command
    for sub in getattr(command, "commands", {}).values():
        _in_readers_words(sub)
    return command


# `patuh desk ...`: the review desk (engine/desk/cli.py imports Django only when run).
main.add_command(_in_readers_words(importlib.import_module("engine.desk.cli").desk))
