"""SARIF 2.1.0: for GitHub code scanning and other SARIF consumers.

Every rule of the catalog is a `reportingDescriptor` with its title, the legal basis and
the remedy as help, and its default level; so are the pseudo-rules YAML, SCHEMA and
ENGINE, which findings of unreadable input or a failed engine carry. Each result names
its rule (`ruleId` = e.g. MDN-PBJ-03), the file relative to the working directory and
the line. A waived finding stays in the log, suppressed (`suppressions`, as SARIF
intends), and the run's properties carry the report's provenance.

Written as plain dictionaries: the format is JSON, and the test validates it against
the official SARIF 2.1.0 schema.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from engine.catalog.rules import Catalog, Rule
from engine.findings import (
    ENGINE_RULE,
    SCHEMA_RULE,
    YAML_RULE,
    DocumentResult,
    Finding,
    Report,
    desk_provenance,
)
from engine.i18n import Lang, t
from engine.reporting.describe import describe, engine_error_text
from engine.reporting.render.locations import artifact_uri, relative_path, srcroot_uri
from engine.reporting.render.templating import md_rich

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LANGUAGE = {"id": "id-ID", "en": "en-US"}
# The pseudo-rules of findings that are not obligations, with their title and remedy.
PSEUDO_RULES = {
    YAML_RULE: ("text.yaml_title", "text.schema_remedy"),
    SCHEMA_RULE: ("text.schema_title", "text.schema_remedy"),
    ENGINE_RULE: ("text.engine_title", "text.engine_remedy"),
}
_PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*\}")


def render(report: Report, catalog: Catalog, lang: Lang) -> str:
    return json.dumps(build(report, catalog, lang), ensure_ascii=False, indent=2) + "\n"


def build(report: Report, catalog: Catalog, lang: Lang) -> dict[str, Any]:
    rules = [_rule(rule, catalog, lang) for rule in catalog.rules.values()]
    rules += [_pseudo_rule(rule_id, lang) for rule_id in PSEUDO_RULES]
    rule_index = {rule["id"]: position for position, rule in enumerate(rules)}
    files = list(dict.fromkeys(result.file for result in report.results))
    file_index = {file: position for position, file in enumerate(files)}
    results = [
        _result(result, finding, report, catalog, lang, rule_index, file_index)
        for result in report.results
        for finding in result.findings
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "patuh",
                "version": report.patuh_version,
                "semanticVersion": report.patuh_version,
                "language": LANGUAGE[lang],
                "rules": rules,
            }
        },
        "invocations": [_invocation(report, lang)],
        "originalUriBaseIds": {"%SRCROOT%": {"uri": srcroot_uri()}},
        "artifacts": [_artifact(file) for file in files],
        "results": results,
        "language": LANGUAGE[lang],
        "columnKind": "unicodeCodePoints",
        "properties": _provenance(report, catalog),
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _rule(rule: Rule, catalog: Catalog, lang: Lang) -> dict[str, Any]:
    area = catalog.area_of(rule.id)
    basis, remedy = rule.cited(lang), _unfilled(rule.remedy(lang))
    return {
        "id": rule.id,
        "name": _pascal(rule.title("en")),
        "shortDescription": {"text": rule.title(lang)},
        "fullDescription": {"text": _unfilled(rule.message(lang))},
        "help": _help(basis, remedy, lang),
        "defaultConfiguration": {"level": rule.severity},
        "properties": {
            "tags": ["patuh", area.area],
            "area": area.title(lang),
            "appliesTo": list(rule.applies_to),
            "derived": rule.derived,
            "quote": rule.quote,
        },
    }


def _pseudo_rule(rule_id: str, lang: Lang) -> dict[str, Any]:
    title_key, remedy_key = PSEUDO_RULES[rule_id]
    title = t(title_key, lang)
    return {
        "id": rule_id,
        "name": _pascal(t(title_key, "en")),
        "shortDescription": {"text": title},
        "fullDescription": {"text": title},
        "help": _help(None, t(remedy_key, lang), lang),
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["patuh", "input" if rule_id != ENGINE_RULE else "engine"]},
    }


def _help(basis: str | None, remedy: str, lang: Lang) -> dict[str, str]:
    text, markdown = [], []
    if basis:
        text.append(f"{t('word.basis', lang)}: {basis}")
        markdown.append(f"**{t('word.basis', lang)}:** {md_rich(basis)}")
    text.append(f"{t('word.remedy', lang)}: {remedy}")
    markdown.append(f"**{t('word.remedy', lang)}:** {md_rich(remedy)}")
    return {"text": "\n".join(text), "markdown": "\n\n".join(markdown)}


def _result(
    result: DocumentResult,
    finding: Finding,
    report: Report,
    catalog: Catalog,
    lang: Lang,
    rule_index: dict[str, int],
    file_index: dict[str, int],
) -> dict[str, Any]:
    words = describe(finding, catalog, lang)
    uri, base = artifact_uri(result.file)
    artifact: dict[str, Any] = {"uri": uri, "index": file_index[result.file]}
    if base:
        artifact["uriBaseId"] = base
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": artifact, "region": {"startLine": finding.line}}
    }
    if finding.path:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.path, "kind": "property"}]
    item: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index[finding.rule],
        "level": finding.severity,
        "kind": "fail",
        "message": {"text": f"{words.message} {t('word.remedy', lang)}: {words.remedy}"},
        "locations": [location],
        "partialFingerprints": {"patuhFinding/v1": _fingerprint(result, finding)},
        "properties": {
            "path": finding.path,
            "document": _document(result, report),
            **({"basis": words.basis} if words.basis else {}),
            "remedy": words.remedy,
        },
    }
    if finding.waived and finding.waiver is not None:
        item["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": finding.waiver.justification,
                "properties": {
                    "reference": finding.waiver.reference,
                    "approvedBy": finding.waiver.approved_by,
                    "expires": finding.waiver.expires,
                },
            }
        ]
    return item


def _document(result: DocumentResult, report: Report) -> dict[str, Any]:
    return {
        "file": result.file,
        "index": result.index,
        "kind": result.kind,
        "id": result.id,
        "title": result.title,
        "verdict": result.verdict(report.fail_on),
        "digest": result.digest,
    }


def _invocation(report: Report, lang: Lang) -> dict[str, Any]:
    notifications = [
        {"level": "error", "message": {"text": engine_error_text(report.engine, lang)}}
        for error in [report.engine.error]
        if error
    ]
    notifications += [
        {
            "level": "note" if notice.severity == "info" else notice.severity,
            "message": {"text": t(notice.code, lang, **notice.params)},
            "properties": {"code": notice.code},
        }
        for notice in report.notices
    ]
    invocation: dict[str, Any] = {
        # Unsuccessful whenever any document went unevaluated: never a silent pass.
        "executionSuccessful": report.exit_code() != 3,
        "exitCode": report.exit_code(),
    }
    if report.generated_at:
        invocation["endTimeUtc"] = report.generated_at.replace("+00:00", "Z")
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return invocation


def _artifact(file: str) -> dict[str, Any]:
    uri, base = artifact_uri(file)
    location = {"uri": uri, **({"uriBaseId": base} if base else {})}
    return {"location": location, "roles": ["analysisTarget"]}


def _provenance(report: Report, catalog: Catalog) -> dict[str, Any]:
    return {
        "generatedAt": report.generated_at,
        "patuhVersion": report.patuh_version,
        "engine": {
            "name": report.engine.name,
            "version": report.engine.version,
            "policyDigest": report.engine.policy_digest,
            **({"url": report.engine.url} if report.engine.url else {}),
            **({"error": report.engine.error} if report.engine.error else {}),
        },
        "catalogDigest": catalog.digest,
        "waiversDigest": report.waivers_digest,
        **({"desk": desk_provenance(report.desk)} if report.desk is not None else {}),
        "packs": [{"name": pack.name, "digest": pack.digest} for pack in report.packs],
        "runDate": report.run_date,
        "failOn": report.fail_on,
        "summary": report.summary(),
        "documents": [_document(result, report) for result in report.results],
    }


def _fingerprint(result: DocumentResult, finding: Finding) -> str:
    """Stable while lines move: the rule, the file, the document and the field."""
    where = relative_path(result.file) or result.file
    document = result.id or f"#{result.index}"
    params = json.dumps(finding.params, sort_keys=True, ensure_ascii=False, default=str)
    key = "\0".join((finding.rule, where, document, finding.path, params))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _unfilled(template: str) -> str:
    """A rule's text with its {placeholders} shown as an ellipsis."""
    return _PLACEHOLDER.sub("…", template)


def _pascal(title: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", title))
