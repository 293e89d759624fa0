"""`patuh explain RULE_ID`: one rule in full, with the thresholds the policies apply."""

from __future__ import annotations

import sys

import click

from engine.cli.click_i18n import Command
from engine.cli.options import catalog_for, h, lang_option
from engine.i18n import PLACEHOLDER, Lang, t


@click.command(cls=Command, help=h("cli.explain.help"))
@click.argument("rule_id")
@lang_option
def explain(rule_id: str, lang: Lang) -> None:
    from engine.evaluating.parameters import explain_params
    from engine.resources import policies_dir

    catalog = catalog_for(lang, None)
    rule = catalog.rules.get(rule_id.strip().upper())
    if rule is None:
        click.echo(t("cli.unknown_rule", lang, rule=rule_id), err=True)
        sys.exit(2)
    area = catalog.area_of(rule.id)
    click.echo(f"{rule.id} — {rule.title(lang)}")
    click.echo(f"{t('word.pack', lang)}: {catalog.pack_of(rule.id)}")
    click.echo(f"{t('word.area', lang)}: {area.area} ({area.title(lang)})")
    click.echo(f"{t('word.severity', lang)}: {t(f'word.{rule.severity}', lang)}")
    kinds = ", ".join(t(f"kind.{k}", lang) for k in rule.applies_to)
    click.echo(f"{t('word.applies_to', lang)}: {kinds}")
    if rule.derived:
        click.echo(t("word.derived", lang))
    # The thresholds as the policies apply them (data.json), not `{min_hours}`.
    texts = rule.message(lang) + rule.remedy(lang)
    values = explain_params(policies_dir(), catalog.pack_of(rule.id), PLACEHOLDER.findall(texts))
    click.echo("")
    click.echo(catalog.message(rule.id, lang, values))
    click.echo("")
    click.echo(f"{t('word.basis', lang)}: {rule.cited(lang)}")
    click.echo(f"{t('word.quote', lang)}: “{rule.marked_quote()}”")
    click.echo(f"{t('word.remedy', lang)}: {catalog.remedy(rule.id, lang, values)}")
