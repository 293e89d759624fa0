"""`patuh check PATH...`: the documents' verdicts, as a report and an exit status.

Exit statuses (docs/documents.md): 0 all compliant, 1 a document non-compliant at
the --fail-on level, 2 a document or an option could not be read or validated,
3 the policy engine failed. A user's mistake gets a message, never a traceback.
"""

from __future__ import annotations

import atexit
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from engine.check.options import DEFAULT_BATCH_SIZE
from engine.cli.click_i18n import Command
from engine.cli.desk_options import check_desk_options, fetch_or_exit, waiver_problems
from engine.cli.options import (
    catalog_for,
    h,
    lang_option,
    no_cache_option,
    opa_binary_option,
    opa_timeout_option,
    or_exit,
    without_cyclic_gc,
)
from engine.i18n import Lang, t
from engine.reporting.render import HUMAN_FORMATS, RENDERERS

# The command imports what it uses when it runs: `patuh --help` then starts without
# pydantic's document models, the OPA client (requests, urllib3) or the readers
# (profile: docs/benchmarks.md, issue 12).
if TYPE_CHECKING:
    from engine.catalog.rules import Catalog
    from engine.reading.changes import Changes
    from engine.waivers.waiver_file import Waivers


@click.command(cls=Command, help=h("cli.check.help"))
@click.argument("paths", nargs=-1, type=click.Path(exists=True, readable=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(RENDERERS)),
    default="text",
    show_default=True,
    help=h("cli.opt.format"),
)
@click.option(
    "--output",
    "-o",
    type=click.Path(allow_dash=True),  # a folder gets our own message (output.py)
    help=h("cli.opt.output"),
)
@lang_option
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "never"]),
    default="error",
    show_default=True,
    help=h("cli.opt.fail_on"),
)
@click.option("--opa-url", envvar="PATUH_OPA_URL", help=h("cli.opt.opa_url"))
@click.option("--opa-token", envvar="PATUH_OPA_TOKEN", help=h("cli.opt.opa_token"))
@opa_timeout_option
@opa_binary_option
@click.option(
    "--policy-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help=h("cli.opt.policy_dir"),
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1, max=100_000),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help=h("cli.opt.batch_size"),
)
@click.option(
    "--waivers",
    "waivers_file",
    type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
    envvar="PATUH_WAIVERS",
    help=h("cli.opt.waivers"),
)
@click.option("--allow-policy-mismatch", is_flag=True, help=h("cli.opt.allow_policy_mismatch"))
@click.option(
    "--jobs",
    type=click.IntRange(min=0, max=256),
    envvar="PATUH_JOBS",
    default=0,
    help=h("cli.opt.jobs"),
)
@no_cache_option
@click.option("--exclude", "excludes", multiple=True, metavar="GLOB", help=h("cli.opt.exclude"))
@click.option(
    "--changed-since", metavar="REF", envvar="PATUH_CHANGED_SINCE", help=h("cli.opt.changed_since")
)
@click.option("--skip-foreign", is_flag=True, help=h("cli.opt.skip_foreign"))
@click.option("--include-hidden", is_flag=True, help=h("cli.opt.include_hidden"))
# PATUH_PACKS is read by _catalog (names separated by commas or spaces).
@click.option("--pack", "packs", multiple=True, help=h("cli.opt.pack"))
@click.option(
    "--run-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    envvar="PATUH_RUN_DATE",
    help=h("cli.opt.run_date"),
)
@click.option(
    "--register",
    "register_file",
    type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
    help=h("cli.opt.register"),
)
@check_desk_options
def check(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    lang: Lang,
    fail_on: Any,
    opa_url: str | None,
    opa_token: str | None,
    opa_timeout: float,
    opa_binary: str | None,
    policy_dir: Path | None,
    batch_size: int,
    waivers_file: Path | None,
    allow_policy_mismatch: bool,
    jobs: int,
    no_cache: bool,
    excludes: tuple[str, ...],
    changed_since: str | None,
    skip_foreign: bool,
    include_hidden: bool,
    packs: tuple[str, ...],
    run_date: Any,
    register_file: Path | None,
    desk_url: str | None,
    desk_opd: str | None,
    desk_max_age: Any,
    desk_insecure: bool,
    desk_timeout: float,
) -> None:
    if not paths and not (changed_since or skip_foreign):
        raise click.MissingParameter(param_type="argument", param_hint="PATH...")
    policy_source = None
    user_policy_dir = policy_dir  # the folder the user named, before any private copy
    if not opa_url:
        # The managed OPA loads patuh's private copy of the policies, made now so that
        # OPA can start on it early; the run hashes the copy instead of asking OPA.
        # Removed with click's context, after the check.
        from engine.evaluating.policy_snapshot import private_policies

        policy_dir, policy_source = click.get_current_context().with_resource(
            private_policies(policy_dir)
        )
    _start_opa_early(opa_url, opa_binary, policy_dir, cache=not no_cache)
    from engine.check.run import CheckOptions, run_check
    from engine.evaluating.opa.managed import stop_early
    from engine.findings import Notice
    from engine.reading.selection import select_files, skip_notices
    from engine.reporting.describe import engine_error_text
    from engine.reporting.output import check_target, write_atomically
    from engine.reporting.render import text as text_format
    from engine.reporting.terminal import TerminalProgress, wants_color, wants_progress

    # Packs are those patuh has (its catalog and policies); a --policy-dir without
    # one of them fails in OPA, which answers nothing for a pack it lacks (exit 3).
    catalog = catalog_for(lang, packs)
    # A waiver file may serve runs of other packs: its rules are checked against every
    # pack (a waiver of a pack not applied covers nothing and is reported unused).
    every_pack = catalog_for(lang, None) if waivers_file or desk_url else catalog
    waivers = _load_waivers(waivers_file, every_pack, lang) if waivers_file else None
    register = _load_register(register_file, lang) if register_file else None
    desk = None
    if desk_url:
        # The desk's waivers and register, applied exactly as --waivers and --register
        # (engine/fetching/desk_inputs.py); one source of each, never two.
        if waivers_file or register_file:
            click.echo(t("cli.desk_and_files", lang), err=True)
            sys.exit(2)
        desk = fetch_or_exit(
            desk_url,
            opd=desk_opd,
            max_age=desk_max_age,
            insecure=desk_insecure,
            timeout=desk_timeout,
            catalog=every_pack,
            lang=lang,
        )
        waivers, register = desk.waivers, desk.register
    exclude = frozenset({waivers_file.resolve()}) if waivers_file else frozenset()
    changes = (
        _changes(changed_since, paths, lang, waivers_file, register_file, user_policy_dir)
        if changed_since
        else None
    )
    only = changes if changes is not None and not changes.everything else None
    selected, skipped = select_files(
        paths or (() if skip_foreign else (".",)),
        exclude=excludes,
        skip_foreign=skip_foreign,
        only=only,
        include_hidden=include_hidden,
    )
    files = [f for f in selected if not exclude or f.resolve() not in exclude]
    notices = skip_notices(skipped)
    if changes is not None:
        notices[:0] = [*changes.everything, *changes.notices]
    nothing: str | None = None
    if not files:
        # Nothing (of patuh's) changed, or a hook passed no document: a success. No
        # document where documents were asked for: exit 2. Either way the report is
        # written, with zero documents and why (a CI step uploads or reads it).
        if changed_since or skip_foreign:
            nothing = "notice.nothing_changed" if changed_since else "notice.nothing_named"
            notices.append(Notice(nothing, {"ref": changed_since}, severity="info"))
        else:
            nothing = "notice.no_documents"
            click.echo(t("cli.no_documents", lang, paths=list(paths)), err=True)
        # Said on stderr too: the report may go to a file a person does not open.
        for notice in notices:
            click.echo(
                f"{t('word.notice', lang)}: {t(notice.code, lang, **notice.params)}", err=True
            )
        if nothing == "notice.no_documents":
            notices.append(Notice(nothing, {"paths": list(paths or (".",))}, severity="error"))
    target = Path(output) if output and output != "-" else None
    if target is not None:
        or_exit(check_target, target, lang=lang)  # before the check, not after it
    progress = (
        TerminalProgress(sys.stderr, lang)
        if wants_progress(sys.stderr, fmt in HUMAN_FORMATS)
        else None
    )
    options = CheckOptions(
        fail_on=fail_on,
        opa_url=opa_url or None,
        opa_token=opa_token or None,
        opa_timeout=opa_timeout,
        opa_binary=opa_binary,
        policy_dir=policy_dir,
        policy_source=policy_source,
        batch_size=batch_size,
        progress=progress,
        allow_policy_mismatch=allow_policy_mismatch,
        exclude=exclude,
        jobs=jobs,
        cache=not no_cache,
        run_date=run_date.date().isoformat() if run_date else None,
    )
    with without_cyclic_gc():
        # The files found, one by one: the folders are not searched a second time.
        report = run_check([str(file) for file in files], options, catalog, register=register)
        stop_early()  # begun by _start_opa_early and not needed: no document was valid
        report.notices[:0] = notices + (desk.notices if desk is not None else [])
        if desk is not None:
            report.desk = desk.source
        if nothing is not None:
            report.nothing_checked = nothing
            report.nothing_is_success = nothing != "notice.no_documents"
        if progress is not None:
            progress.finish()
        if waivers is not None and nothing is not None:
            report.waivers_digest = waivers.digest  # recorded; nothing to apply it to
        elif waivers is not None:
            # Imported only with a waiver file: its models are ~0.02-0.07 s of a start.
            from engine.waivers.applying import apply_waivers
            from engine.waivers.waiver_file import utc_today

            apply_waivers(report, waivers, utc_today())
        if target is not None:
            or_exit(write_atomically, target, RENDERERS[fmt](report, catalog, lang), lang=lang)
        elif fmt == "text" and wants_color(sys.stdout):
            click.echo(text_format.render(report, catalog, lang, color=True), nl=False)
        else:
            click.echo(RENDERERS[fmt](report, catalog, lang), nl=False)
    if report.engine.error:
        click.echo(engine_error_text(report.engine, lang), err=True)
    sys.exit(report.exit_code())


def _start_opa_early(
    opa_url: str | None, opa_binary: str | None, policy_dir: Path | None, *, cache: bool
) -> None:
    """Begin `opa version` and, without the result cache, the managed OPA itself now,
    before patuh imports its readers: each takes ~0.1 s, which then passes while the
    imports and the reading run instead of after them (one file, cold: profile in
    docs/benchmarks.md). With the cache, OPA may not be needed at all, so it is
    started only when a document asks for it. Any failure is left for the check to
    meet, and report, where it always has."""
    if opa_url:
        return
    from engine.evaluating.errors import EngineError
    from engine.evaluating.opa.binary import find_opa_binary, forget_started, start_version

    try:
        binary = find_opa_binary(opa_binary)
    except EngineError:
        return
    start_version(binary)
    atexit.register(forget_started)
    if not cache:
        from engine.evaluating.opa.managed import start_early, stop_early
        from engine.resources import policies_dir

        start_early(binary, policy_dir or policies_dir())
        atexit.register(stop_early)


def _changes(
    ref: str,
    paths: tuple[str, ...],
    lang: Lang,
    waivers_file: Path | None,
    register_file: Path | None,
    policy_dir: Path | None,
) -> Changes:
    """What git says changed since `ref`, asked of the repository the paths are in
    (the first one), else the working one; with the inputs that are not documents,
    whose change means every document is checked (engine/reading/changes.py)."""
    from engine.reading.changes import ChangesError, Input, changed_since
    from engine.reading.selection import IGNORE_FILE, repository_root

    inputs = [Input(".patuhignore", repository_root() / IGNORE_FILE)]
    if waivers_file is not None:
        inputs.append(Input("--waivers", waivers_file))
    if register_file is not None:
        inputs.append(Input("--register", register_file))
    if policy_dir is not None:
        inputs.append(Input("--policy-dir", policy_dir))
    first = Path(paths[0]) if paths else Path.cwd()
    try:
        changes = changed_since(ref, first if first.is_dir() else first.parent, inputs)
    except ChangesError as exc:
        click.echo(t("cli.changed_since_failed", lang, ref=ref, detail=exc.detail), err=True)
        sys.exit(2)
    roots = [Path(path).resolve() for path in paths or (".",)]
    missing = [
        str(module)
        for module in changes.missing_submodules
        if any(module.is_relative_to(root) or root.is_relative_to(module) for root in roots)
    ]
    if missing:
        # Its documents changed (its commit did) but are not there to read: refused,
        # never "nothing changed" (issue 20).
        click.echo(t("cli.submodule_not_checked_out", lang, ref=ref, paths=missing), err=True)
        sys.exit(2)
    return changes


def _load_waivers(path: Path, catalog: Catalog, lang: Lang) -> Waivers:
    """The waiver file, or every problem in it with file:line and exit 2."""
    from engine.waivers.waiver_file import WaiverFileError, load_waivers

    try:
        return load_waivers(path, catalog)
    except WaiverFileError as exc:
        waiver_problems(exc, catalog, lang)
        sys.exit(2)


def _load_register(path: Path, lang: Lang) -> dict[str, Any]:
    """The desk's register exported as JSON (engine/evaluating/register.py), or exit 2."""
    from engine.evaluating.register import RegisterError, read_register

    try:
        return read_register(path)
    except RegisterError as exc:
        click.echo(t("cli.register_invalid", lang, file=str(path), detail=exc.detail), err=True)
        sys.exit(2)
