"""`patuh rules [--area AREA]`: every rule of every pack, by area."""

from __future__ import annotations

import click

from engine.cli.click_i18n import Command
from engine.cli.options import catalog_for, h, lang_option
from engine.i18n import Lang, t


@click.command(cls=Command, name="rules", help=h("cli.rules.help"))
@lang_option
@click.option("--area", help=h("cli.opt.area"))
def list_rules(lang: Lang, area: str | None) -> None:
    catalog = catalog_for(lang, None)
    for group in catalog.areas:
        if area and group.area != area:
            continue
        pack = catalog.pack_of(group.rules[0].id) if group.rules else ""
        click.echo(f"{group.area} — {group.title(lang)} [{t('word.pack', lang)}: {pack}]")
        for rule in group.rules:
            severity = t(f"word.{rule.severity}", lang)
            kinds = ",".join(t(f"kind.{kind}", lang) for kind in rule.applies_to)
            click.echo(f"  {rule.id:<12} {severity:<11} {kinds:<28} {rule.title(lang)}")
