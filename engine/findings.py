"""What a check produces: findings per document, documents per report.

The policies answer only *which rule, where, with which values*; all wording comes
from the catalog (rules/) or the message catalog at render time, in the reader's
language. That keeps one source of text and lets every format say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]
# A notice may also be only information (files left as not patuh's, nothing changed):
# said, never a warning (GitHub shows it as ::notice::, SARIF as a note).
NoticeSeverity = Literal["error", "warning", "info"]
Verdict = Literal["compliant", "non_compliant", "invalid", "error"]
FailOn = Literal["error", "warning", "never"]

# Pseudo-rules for what is not an obligation: the input could not be read (YAML),
# did not match the schema (SCHEMA), or the policy engine failed (ENGINE).
YAML_RULE = "YAML"
SCHEMA_RULE = "SCHEMA"
ENGINE_RULE = "ENGINE"
INPUT_RULES = frozenset({YAML_RULE, SCHEMA_RULE})


@dataclass(frozen=True)
class RawFinding:
    """A finding as OPA answers it: which rule, where, with which values (no words)."""

    rule: str
    path: str
    params: dict[str, Any]


@dataclass(frozen=True)
class RawResult:
    """OPA's answer for one document (checked for shape: engine/evaluating/opa/answers.py)."""

    errors: list[RawFinding]
    warnings: list[RawFinding]


@dataclass
class Waiver:
    """A governed exception to a finding (filled in by the waiver step)."""

    reference: str
    approved_by: str
    expires: str
    justification: str
    # What the waiver names (engine/waivers/waiver_file.py): the rule, the document kind, a
    # document id or glob, and optionally the path it is limited to.
    rule: str = ""
    kind: str = ""
    document: str = ""
    path: str | None = None
    opd: str | None = None  # the OPD it is limited to, when it names one


@dataclass
class Finding:
    rule: str
    severity: Severity
    path: str
    line: int
    params: dict[str, Any] = field(default_factory=dict)
    waived: bool = False
    waiver: Waiver | None = None

    def sort_key(self) -> tuple[int, str, str, str]:
        return (self.line, self.rule, self.path, repr(sorted(self.params.items())))


@dataclass
class Notice:
    """A report-level message tied to no document (an unused or expired waiver, say).

    `code` names the text in engine/messages.yaml; `params` fill it in.
    """

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    severity: NoticeSeverity = "warning"


@dataclass
class DocumentResult:
    file: str
    index: int
    kind: str | None
    id: str | None
    findings: list[Finding] = field(default_factory=list)
    digest: str | None = None
    file_digest: str | None = None  # sha256 of the file's bytes, as `sha256sum` says
    # Set once evaluated; a document the engine never answered for stays "error".
    evaluated: bool = False
    # metadata.title and metadata.opd as written (when text), for the people reading reports.
    title: str | None = None
    opd: str | None = None

    @property
    def invalid(self) -> bool:
        return any(f.rule in INPUT_RULES for f in self.findings)

    def verdict(self, fail_on: FailOn) -> Verdict:
        """Fail closed: only a document that was read, validated *and* evaluated,
        with no counting finding, is compliant."""
        # One pass over the findings (asked three times a document while a report
        # is written: a tenth of the main process's time at 10,000 documents was
        # three generators a call, issue 12); the order of the answers is the rule.
        engine_failed = not self.evaluated
        counting = False
        warnings_count = fail_on not in ("error", "never")
        for finding in self.findings:
            rule = finding.rule
            if rule in INPUT_RULES:
                return "invalid"
            if rule == ENGINE_RULE:
                engine_failed = True
            elif not finding.waived and (
                finding.severity == "error" or (warnings_count and finding.severity == "warning")
            ):
                counting = True
        if engine_failed:
            return "error"
        return "non_compliant" if counting else "compliant"


@dataclass
class EngineInfo:
    name: str = "opa"
    version: str = "unknown"
    policy_digest: str | None = None
    url: str | None = None
    error: str | None = None  # the technical detail, as OPA or the HTTP library said it
    # What went wrong in the reader's words: a code of engine/messages.yaml.
    error_code: str = "engine.other"
    error_params: dict[str, Any] = field(default_factory=dict)
    # The OPA binary patuh started (managed mode), for the provenance.
    binary: str | None = None
    # The digest of the policies patuh itself would load; differs from policy_digest
    # only when a server runs other policies and --allow-policy-mismatch accepted it.
    expected_policy_digest: str | None = None
    policy_mismatch: bool = False


@dataclass(frozen=True)
class AppliedPack:
    """A rule pack as a report records it (engine/evaluating/packs.py): its name and one digest
    over its catalog, its policies and its parameters (every file of rules/<pack>/
    and of policies/<pack>/ that OPA loads), so a reader can tell which was applied."""

    name: str
    digest: str


@dataclass(frozen=True)
class DeskFetch:
    """One file a check took from the review desk (`patuh check --desk`,
    engine/fetching/desk_inputs.py), as the report records it."""

    what: str  # "waivers" | "register"
    url: str
    digest: str  # sha256 of the bytes applied
    fetched_at: str  # when the desk served (or confirmed) them, UTC, ISO 8601
    from_copy: bool  # the desk could not be reached: the kept copy was used


@dataclass(frozen=True)
class DeskSource:
    """The desk a check took its waivers and register from."""

    url: str
    opd: str | None
    fetches: tuple[DeskFetch, ...]


def desk_provenance(desk: DeskSource) -> dict[str, Any]:
    """The desk a report's waivers and register came from, as every machine format
    records it (JSON `engine.desk`, SARIF's run properties)."""
    return {
        "url": desk.url,
        "opd": desk.opd,
        **{
            fetch.what: {
                "url": fetch.url,
                "digest": fetch.digest,
                "fetched_at": fetch.fetched_at,
                "from_copy": fetch.from_copy,
            }
            for fetch in desk.fetches
        },
    }


@dataclass
class Report:
    results: list[DocumentResult]
    engine: EngineInfo
    fail_on: FailOn = "error"
    generated_at: str = ""
    patuh_version: str = ""
    notices: list[Notice] = field(default_factory=list)
    waivers_digest: str | None = None  # sha256 of the waiver file applied, if any
    # The rule packs applied, each with its digest (engine/evaluating/packs.py AppliedPack),
    # and the date the rules that depend on today counted from.
    packs: tuple[AppliedPack, ...] = ()
    run_date: str | None = None
    # The review desk the waivers and the register came from (`--desk`), if any.
    desk: DeskSource | None = None
    # Why nothing was checked, when nothing was (a message code: nothing changed since
    # --changed-since, no patuh document among the files a hook named, no document
    # found); the report is still written, with zero documents. Only the first two
    # are a success: no document at all where documents were asked for is exit 2.
    nothing_checked: str | None = None
    nothing_is_success: bool = False

    def verdicts(self) -> list[Verdict]:
        return [r.verdict(self.fail_on) for r in self.results]

    def summary(self) -> dict[str, int]:
        verdicts = self.verdicts()
        summary = {
            "documents": len(verdicts),
            "compliant": verdicts.count("compliant"),
            "non_compliant": verdicts.count("non_compliant"),
            "invalid": verdicts.count("invalid"),
        }
        # Present only when it happened, so the documented shape stays the usual one.
        if "error" in verdicts:
            summary["not_evaluated"] = verdicts.count("error")
        waived = sum(f.waived for r in self.results for f in r.findings)
        if waived:
            summary["waived"] = waived
        return summary

    def exit_code(self) -> int:
        """3 engine failed, 2 unreadable input, 1 non-compliant, 0 all compliant."""
        verdicts = self.verdicts()
        if self.engine.error or "error" in verdicts:
            return 3
        if "invalid" in verdicts:
            return 2
        if not verdicts:
            # Nothing was checked: never a silent pass, unless nothing was to be
            # checked (no patuh document changed, or a hook named none).
            return 0 if self.nothing_is_success else 2
        if self.fail_on != "never" and "non_compliant" in verdicts:
            return 1
        return 0
