"""`patuh verify-letter FILE.pdf --trust CA.pem`: a recommendation letter's PDF checked
without any desk, as an auditor would years later and offline: its signature (intact,
over the whole file, by a certificate that chains to the roots given) and the YAML
inside it against the digest the letter states. Whether the letter is still valid
(not revoked) only the desk can say: `patuh desk verify-letter`, or its verify page.

Exit status: 0 signed, intact, trusted and the YAML matches; 1 any of them fails; 2 the
file is refused (not a PDF, encrypted, a script, a bomb) or the roots are unreadable."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from engine.cli.click_i18n import Command
from engine.cli.options import h, lang_option
from engine.i18n import Lang, t


@click.command("verify-letter", cls=Command, help=h("cli.verify_letter.help"))
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--trust",
    "trust",
    multiple=True,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=h("cli.opt.trust"),
)
@lang_option
def verify_letter(pdf: Path, trust: tuple[Path, ...], lang: Lang) -> None:
    from engine.desk.letters.evidence import Refused, inspect, read_trust_roots
    from engine.desk.letters.report import evidence_lines

    try:
        roots = [root for path in trust for root in read_trust_roots(path)]
    except (OSError, ValueError) as exc:
        click.echo(t("cli.verify_letter.bad_trust", lang, detail=str(exc)), err=True)
        sys.exit(2)
    try:
        evidence = inspect(pdf.read_bytes(), roots)
    except Refused as refused:
        from engine.desk.core.i18n import t as desk_t

        click.echo(desk_t(refused.key, lang), err=True)
        sys.exit(2)
    for line in evidence_lines(evidence, lang):
        click.echo(line)
    holds = evidence.signature_ok and evidence.yaml_matches is True
    click.echo(t("cli.verify_letter.holds" if holds else "cli.verify_letter.fails", lang))
    sys.exit(0 if holds else 1)
