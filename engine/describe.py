"""The words of a finding, in the reader's language: one place for every format.

Rule findings take their text from the catalog (rules/); YAML, SCHEMA and ENGINE
findings from the message catalog (engine/messages.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.catalog import Catalog
from engine.findings import ENGINE_RULE, SCHEMA_RULE, YAML_RULE, EngineInfo, Finding
from engine.i18n import Lang, has, t


@dataclass(frozen=True)
class Described:
    title: str
    message: str
    basis: str | None
    remedy: str


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
            basis=rule.basis(lang),
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
        message = t(code, lang, **params) if has(code) else t("yaml.syntax", lang, detail=code)
        return Described(t("text.yaml_title", lang), message, None, t("text.yaml_remedy", lang))
    if finding.rule == SCHEMA_RULE:
        message = t(code, lang, **params) if has(code) else t("schema.other", lang, **params)
        return Described(t("text.schema_title", lang), message, None, t("text.schema_remedy", lang))
    raise KeyError(f"no description for rule {finding.rule!r}")
