"""`patuh schema [KIND]`: the JSON Schema of the documents, for editors."""

from __future__ import annotations

import click

from engine.cli.click_i18n import Command
from engine.cli.options import KINDS, h


@click.command(cls=Command, help=h("cli.schema.help"))
@click.argument("kind", required=False, type=click.Choice(KINDS, case_sensitive=False))
def schema(kind: str | None) -> None:
    import json

    from engine.reading.json_schema import document_schema

    click.echo(json.dumps(document_schema(kind), ensure_ascii=False, indent=2))
