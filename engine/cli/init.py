"""`patuh init KIND [FILE]`: a commented template of a document, to fill in."""

from __future__ import annotations

from pathlib import Path

import click

from engine.cli.click_i18n import Command
from engine.cli.options import KINDS, h, lang_option, or_exit
from engine.i18n import Lang, t


@click.command(cls=Command, name="init", help=h("cli.init.help"))
@click.argument("kind", type=click.Choice(KINDS, case_sensitive=False))
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help=h("cli.opt.force"))
@lang_option
def init(kind: str, file: Path | None, force: bool, lang: Lang) -> None:
    from engine.reading.templates import template_text

    if file is None:
        click.echo(template_text(kind), nl=False)
        return
    or_exit(write_template, kind, file, force, lang=lang)
    click.echo(t("cli.init_written", lang, path=str(file)), err=True)


def write_template(kind: str, target: Path, force: bool) -> None:
    """The template written whole, or not at all; an existing file only with --force."""
    from engine.reading.templates import template_text
    from engine.reporting.output import OutputError, write_atomically

    if target.exists() and not force:
        raise OutputError("cli.init_exists", path=str(target))
    write_atomically(target, template_text(kind))
