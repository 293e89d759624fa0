"""The words of a finding, in the reader's language: one place for every format.

Rule findings take their text from the catalog (rules/); YAML, SCHEMA and ENGINE
findings from the message catalog (engine/messages.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.catalog.rules import Catalog
from engine.findings import ENGINE_RULE, SCHEMA_RULE, YAML_RULE, EngineInfo, Finding
from engine.i18n import Lang, has, t


@dataclass(frozen=True)
class Described:
    title: str
    message: str
    basis: str | None
    remedy: str


# What the YAML parser (libyaml) says, and the sentence that explains it.
_YAML_PROBLEMS = (
    ("did not find expected key", "yaml.problem.expected_key"),
    ("mapping values are not allowed", "yaml.problem.mapping_values"),
    ("end of stream", "yaml.problem.end_of_stream"),
    ("did not find expected ','", "yaml.problem.flow"),
    ("expected ',' or", "yaml.problem.flow"),
    ("cannot start any token", "yaml.problem.token"),
    ("expected <block end>", "yaml.problem.block_end"),
    ("could not find expected ':'", "yaml.problem.colon"),
    ("unhashable key", "yaml.problem.flow"),
    ("did not find expected -", "yaml.problem.block_end"),
    ("found unknown escape character", "yaml.problem.escape"),
)


def _yaml_problem(detail: str) -> str:
    return next((key for text, key in _YAML_PROBLEMS if text in detail), "yaml.problem.other")


def engine_reason(code: str, params: dict[str, object], lang: Lang) -> str:
    """What went wrong with OPA, in the reader's words (the detail is quoted apart)."""
    return t(code if has(code) else "engine.other", lang, **params)


def engine_failure(code: str, params: dict[str, object], detail: str, lang: Lang) -> str:
    """A sentence in the reader's language, then OPA's own words, quoted."""
    return t("engine.failure", lang, reason=engine_reason(code, params, lang), detail=detail)


def engine_error_text(engine: EngineInfo, lang: Lang) -> str:
    """The run's engine failure, for the end of a report or the terminal."""
    reason = engine_reason(engine.error_code, engine.error_params, lang)
    return t("cli.engine_failed", lang, reason=reason, detail=engine.error or "")


def describe(finding: Finding, catalog: Catalog, lang: Lang) -> Described:
    rule = catalog.rules.get(finding.rule)
    if rule is not None:
        return Described(
            title=rule.title(lang),
            message=catalog.message(rule.id, lang, finding.params),
            basis=rule.cited(lang),
            remedy=catalog.remedy(rule.id, lang, finding.params),
        )
    if finding.rule == ENGINE_RULE:
        params = dict(finding.params)
        reason = str(params.pop("reason", "engine.other"))
        return Described(
            title=t("text.engine_title", lang),
            message=t(
                "engine.failed",
                lang,
                reason=engine_reason(reason, params, lang),
                detail=params.get("detail", ""),
            ),
            basis=None,
            remedy=t("text.engine_remedy", lang),
        )
    code = str(finding.params.get("code", ""))
    params = {k: v for k, v in finding.params.items() if k != "code"}
    if finding.rule == YAML_RULE:
        if code == "yaml.syntax":
            params["reason"] = t(_yaml_problem(str(params.get("detail", ""))), lang)
        message = (
            t(code, lang, **params)
            if has(code)
            else t("yaml.syntax", lang, detail=code, reason=t("yaml.problem.other", lang))
        )
        return Described(t("text.yaml_title", lang), message, None, t("text.yaml_remedy", lang))
    if finding.rule == SCHEMA_RULE:
        message = t(code, lang, **params) if has(code) else t("schema.other", lang, **params)
        # Each kind of mistake its own remedy; a general one (that needs no README at
        # hand) for the rest.
        remedy = f"remedy.{code}"
        remedy_text = t(remedy, lang, **params) if has(remedy) else t("remedy.schema", lang)
        return Described(t("text.schema_title", lang), message, None, remedy_text)
    raise KeyError(f"no description for rule {finding.rule!r}")
