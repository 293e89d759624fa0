"""`patuh submit --desk URL FILE...`: for OPDs that keep their documents in git, each
file uploaded to the review desk as a new version of its submission (or a new
submission), or as a draft with --draft (`POST /api/v1/submissions[?draft=1]`), and
for each the desk's address, its verdict and its status.

Exit statuses as for `check`: 0 every document compliant, 1 one non-compliant, 2 one
invalid or refused by the desk (another OPD's document, a closed submission, a desk
that does not keep drafts when --draft asked for one), 3 the desk or its engine
failed. The token comes from PATUH_DESK_TOKEN only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from engine.cli.click_i18n import Command
from engine.cli.desk_options import desk_exit, desk_insecure_option, desk_timeout_option
from engine.cli.options import h, lang_option
from engine.i18n import Lang, t

SUBMISSIONS_PATH = "/api/v1/submissions"
# A version's verdict as `check` would exit on it.
VERDICT_STATUS = {"compliant": 0, "non_compliant": 1, "invalid": 2, "error": 3}


@click.command(cls=Command, help=h("cli.submit.help"))
@click.argument(
    "files",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
)
@click.option(
    "--desk", "desk_url", metavar="URL", envvar="PATUH_DESK_URL", help=h("cli.opt.submit_desk")
)
@click.option("--draft", is_flag=True, help=h("cli.opt.draft"))
@desk_insecure_option
@desk_timeout_option
@lang_option
def submit(
    files: tuple[Path, ...],
    desk_url: str | None,
    draft: bool,
    desk_insecure: bool,
    desk_timeout: float,
    lang: Lang,
) -> None:
    from engine.fetching.desk_http import DeskError, desk_base, desk_token

    if not desk_url:
        raise click.MissingParameter(param_type="option", param_hint="--desk")
    try:
        base = desk_base(desk_url, insecure=desk_insecure)
        token = desk_token()
    except DeskError as exc:
        desk_exit(exc, lang)
    statuses = [_submit_one(file, base, token, draft, desk_timeout, lang) for file in files]
    # The worst, in `check`'s order: the desk failed, then refused or invalid, then
    # non-compliant.
    sys.exit(max(statuses, key=lambda status: (0, 1, 2, 3).index(status)))


def _submit_one(file: Path, base: str, token: str, draft: bool, timeout: float, lang: Lang) -> int:
    from engine.fetching.desk_http import DeskError, request

    try:
        body = file.read_bytes()
    except OSError as exc:
        click.echo(t("cli.submit.unreadable", lang, file=str(file), detail=exc.strerror), err=True)
        return 2
    try:
        answer = request(
            "POST",
            base + SUBMISSIONS_PATH,
            token,
            timeout=timeout,
            body=body,
            headers={"Content-Type": "application/yaml", "X-Patuh-Filename": file.name},
            params={"draft": "1"} if draft else None,
            expect=("application/json",),
            lang=lang,
            refusals=True,
        )
    except DeskError as exc:
        click.echo(f"{file}: {t(exc.code, lang, **exc.params)}", err=True)
        return exc.exit_status
    data = _json(answer.body)
    if answer.status >= 400:
        message = (data.get("message") if isinstance(data, dict) else None) or "-"
        refused = t(
            "cli.submit.refused", lang, file=str(file), status=answer.status, message=message
        )
        click.echo(refused, err=True)
        return 2
    fields = ("id", "version", "status", "verdict")
    if not isinstance(data, dict) or any(key not in data for key in fields):
        click.echo(t("cli.submit.bad_answer", lang, file=str(file), url=base), err=True)
        return 3
    verdict = str(data["verdict"])
    if verdict not in VERDICT_STATUS:
        click.echo(t("cli.submit.bad_answer", lang, file=str(file), url=base), err=True)
        return 3
    address = f"{base}/submissions/{data['id']}/"
    click.echo(
        t(
            "cli.submit.done",
            lang,
            file=str(file),
            address=address,
            version=data["version"],
            verdict=t(f"verdict.{verdict}", lang),
            status=data["status"],
        )
    )
    if draft and data["status"] != "draft":
        # A desk without drafts took it as a submission: say so, never let it pass
        # as the draft that was asked for.
        click.echo(t("cli.submit.not_draft", lang, file=str(file), status=data["status"]), err=True)
        return 2
    return VERDICT_STATUS[verdict]


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None
