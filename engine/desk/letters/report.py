"""A letter's PDF checked, as lines of text: `patuh verify-letter` (the file alone) and
`patuh desk verify-letter` (the file against the desk's database). The same words as
the verify page (engine/desk/messages/signing.yaml); no Django here."""

from __future__ import annotations

from typing import Any

from engine.desk.core.i18n import t
from engine.desk.letters.evidence import PdfEvidence, SignatureCheck


def signature_line(check: SignatureCheck, lang: str) -> str:
    if not check.intact or not check.valid:
        line = t("verify.sig_broken", lang)
        return f"{line} ({check.problem})" if check.problem else line
    if not check.whole_file:
        return t("verify.sig_changed", lang, signer=check.signer)
    if not check.trusted:
        return t("verify.sig_untrusted", lang, signer=check.signer)
    line = t("verify.sig_ok", lang, signer=check.signer)
    if check.signed_at is not None:
        line += f" {t('verify.sig_time', lang)}: {check.signed_at.isoformat()}"
        if check.timestamped:
            line += f" {t('verify.sig_timestamped', lang)}"
    return line


def evidence_lines(evidence: PdfEvidence, lang: str) -> list[str]:
    """What the file shows of itself: its digest, its signatures, its YAML."""
    lines = [f"{t('verify.file_sha256', lang)}: {evidence.sha256}"]
    said = evidence.statement or {}
    if said.get("number"):
        lines.append(f"{t('letter.number', lang)}: {said['number']}")
    lines.append(f"{t('verify.sig_heading', lang)}:")
    if not evidence.signatures:
        lines.append("  " + t("verify.sig_none", lang))
    lines.extend("  " + signature_line(check, lang) for check in evidence.signatures)
    if evidence.yaml_matches is not None:
        lines.append(t("verify.yaml_ok" if evidence.yaml_matches else "verify.yaml_bad", lang))
    return lines


def verdict_lines(checked: Any, lang: str) -> list[str]:
    """letters/selectors.py PdfVerdict: the file, then whether it is this desk's letter
    and still valid, then SAH or TIDAK SAH."""
    lines = evidence_lines(checked.evidence, lang)
    letter = checked.letter
    if letter is not None:
        lines.append(t("verify.match_yes", lang, number=letter.number))
        if letter.revoked:
            at = letter.revoked_at.isoformat() if letter.revoked_at else "-"
            lines.append(
                t(
                    "verify.revoked",
                    lang,
                    at=at,
                    who=letter.revoked_by_name,
                    note=letter.revocation_note,
                )
            )
    elif checked.claimed is not None:
        lines.append(t("verify.match_claimed", lang, number=checked.claimed.number))
    else:
        lines.append(t("verify.match_no", lang))
    lines.append(t("verify.valid" if checked.valid else "verify.invalid", lang))
    return lines
