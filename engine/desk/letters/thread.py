"""The thread from proposal to tender: the register OPA checks references against,
and the links between a procurement, its proposal and that proposal's letter.

- register(among=None, desk=False) -> dict  the desk's register as OPA reads it
      (engine/evaluating/register.py):
      every letter (number, OPD, valid = not revoked, the kind and id of the document it
      was issued for) and every recommended Proposal whose letter stands (document id,
      OPD). Built afresh for each check, so a letter revoked a moment ago counts at
      once; it travels in that check's query (policies/main.rego), so the workers
      sharing one OPA server never see each other's register. With `among` only the
      entries of those submissions: a check never sees more of the register than its
      caller may read (issue 21: otherwise the reasons `other_opd` and `revoked` tell
      anyone which OPD holds which letter or proposal).
- register_for(user) -> dict    what a caller's check (POST /api/v1/check, an upload)
      and GET /api/v1/register.json see: the entries of the submissions they may read
- register_of_opd(opd) -> dict  what a submission's checks again see (a recommendation,
      a waiver decided): its OPD's entries, whoever acts, since the applicant reads
      the answer stored. A foreign letter or proposal then reads `unknown` or
      `not_recommended`, and fires all the same.
- letter_form(pattern) -> str   the RE2 regex of the numbers a letter pattern makes
- citations(yaml_text) -> (proposal_ref, coordination_ref)   what a procurement cites
- note_citations(submission, yaml_text)   kept on the submission with each new version
- thread_of(user, submission) -> Thread   what its page links to, as the user may see it
- cited_proposal(procurement) -> Submission | None   the proposal it names, of its OPD
- may_read_letter(user, letter) -> bool   a pokja reads the letters its procurements cite
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from engine.desk.accounts import permissions
from engine.desk.accounts.selectors import same_opd
from engine.desk.letters.selectors import letter_of, letter_pattern
from engine.desk.models import Letter, Opd, Role, Status, Submission, profile_of
from engine.reading.yaml_loader import load_text

PROPOSAL = "Proposal"
PROCUREMENT = "Procurement"
_CITED = 200  # the stored fields' length


# --- the register ----------------------------------------------------------------------------
def register(among: QuerySet[Submission] | None = None, *, desk: bool = False) -> dict[str, Any]:
    """The whole register, or (`among`: the submissions a caller may see) only the
    letters and proposals of those. The desk's own checks (`desk`) carry `desk`: the
    document is submitted through the desk, which is its coordination with Diskominfo
    (MDN-KOOR-01..03 ask the applicant for no letter then); an export never does."""
    issued = Letter.objects.all() if among is None else Letter.objects.filter(submission__in=among)
    # Each letter says what it was issued for (kind, document id), so that a
    # procurement's coordination reference is checked against its own proposal's letter.
    letters = {
        number: {"opd": opd, "valid": not revoked, "kind": kind, "document_id": document_id}
        for number, opd, revoked, kind, document_id in issued.values_list(
            "number", "opd_name", "revoked", "kind", "document_id"
        )
    }
    proposals: dict[str, list[str]] = {}
    # A proposal whose letter was revoked keeps its status, but is no longer recommended.
    recommended = (
        (Submission.objects.all() if among is None else among)
        .filter(kind=PROPOSAL, status=Status.RECOMMENDED)
        .exclude(letter__revoked=True)
    )
    for document_id, opd in recommended.values_list("document_id", "opd__name"):
        proposals.setdefault(document_id, []).append(opd)
    found: dict[str, Any] = {
        "letter_form": _with_earlier_forms(letter_form(letter_pattern())),
        "letters": letters,
        "proposals": proposals,
    }
    if desk:
        found["desk"] = {"checked_on": timezone.now().date().isoformat()}
    return found


def register_for(user: permissions.AnyUser, *, desk: bool = True) -> dict[str, Any]:
    """What `user` may read of the register; `desk`: for a check the desk makes (not
    for GET /api/v1/register.json, which CI reads and which never claims the desk)."""
    profile = profile_of(user)
    if profile is not None and profile.role == Role.PEMOHON and profile.opd is not None:
        return register_of_opd(profile.opd, desk=desk)  # however its rows are spelled
    return register(permissions.readable_submissions(user), desk=desk)


def register_of_opd(opd: Opd, *, desk: bool = True) -> dict[str, Any]:
    """The register of an office, as the rules name offices: every OPD row that names it."""
    return register(Submission.objects.filter(opd__in=_same_office(opd)), desk=desk)


def _same_office(opd: Opd) -> list[int]:
    """The OPD rows that name `opd`'s office as the rules compare names (office_name):
    "Dinas Kesehatan" and "DINAS KESEHATAN Kota Medan" are one office."""
    return [pk for pk, name in Opd.objects.values_list("pk", "name") if same_opd(name, opd.name)]


_DIGITS = re.compile(r"[0-9]+")


def _with_earlier_forms(current: str) -> str:
    """The letter form, widened by the shape of every letter issued under an earlier
    numbering pattern (its digits as [0-9]+): a register without another OPD's letters
    must still recognise such a number as the desk's, so that citing it fires
    MDN-KOOR-04 (`unknown`) rather than pass unrecognised. The same for every caller,
    and it names no letter, only a shape."""
    pattern = re.compile(current)
    shapes: set[str] = set()
    for number in Letter.objects.values_list("number", flat=True).distinct():
        if pattern.match(number):
            continue
        pieces = _DIGITS.split(number)
        shapes.add("[0-9]+".join(_escaped(piece) for piece in pieces))
    if not shapes:
        return current
    return "|".join([current, *(f"^{shape}$" for shape in sorted(shapes))])


_SAFE = set(string.ascii_letters + string.digits)


def letter_form(pattern: str) -> str:
    """`555/{seq:03d}/Diskominfo/{year}` -> `^555/[0-9]+/Diskominfo/[0-9]+$`: the
    numbers the desk's pattern makes (selectors.valid_letter_pattern allows only
    {seq} and {year}), in RE2 as OPA's regex.match reads it: ASCII punctuation is
    escaped, every other character stands for itself."""
    parts = ["^"]
    for literal, name, _spec, _conversion in string.Formatter().parse(pattern):
        parts.append(_escaped(literal))
        if name is not None:
            parts.append("[0-9]+")
    return "".join(parts) + "$"


def _escaped(literal: str) -> str:
    return "".join(
        "\\" + c if c not in _SAFE and c.isascii() and not c.isspace() else c for c in literal
    )


# --- what a procurement cites ----------------------------------------------------------------
def citations(yaml_text: str) -> tuple[str, str]:
    """(metadata.proposal_ref, spec.coordination.diskominfo.reference) of a one-document
    upload, trimmed; empty when absent or not text (or the file is not readable)."""
    loaded = load_text(yaml_text)
    if loaded.error is not None or len(loaded.documents) != 1:
        return "", ""
    data = loaded.documents[0].data
    return (
        _text_at(data, "metadata", "proposal_ref"),
        _text_at(data, "spec", "coordination", "diskominfo", "reference"),
    )


def _text_at(data: Any, *path: str) -> str:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data.strip()[:_CITED] if isinstance(data, str) else ""


def note_citations(submission: Submission, yaml_text: str) -> None:
    """Keep what the new latest version cites (saved with the submission's next save)."""
    if submission.kind == PROCUREMENT:
        submission.proposal_ref, submission.coordination_ref = citations(yaml_text)


# --- the links on a submission's page --------------------------------------------------------
def cited_proposal(procurement: Submission) -> Submission | None:
    """The proposal a procurement's proposal_ref names, of its OPD as the rules compare
    OPD names (MDN-PBJ-08, core/opd_names.py): the recommended one first, as the
    register lists it, whoever may read it (the page decides what to link)."""
    if not procurement.proposal_ref:
        return None
    named = Submission.objects.filter(kind=PROPOSAL, document_id=procurement.proposal_ref)
    same = [
        p
        for p in named.select_related("opd").order_by("-updated_at")
        if same_opd(p.opd.name, procurement.opd.name)
    ]
    recommended = [p for p in same if p.status == Status.RECOMMENDED]
    first = recommended or same
    return first[0] if first else None


def letters_cited_by(procurement: Submission) -> list[Letter]:
    """The desk's letters a procurement cites, of its OPD: its proposal's and the one
    its coordination reference names (a pokja reading the procurement may read them)."""
    found: list[Letter] = []
    proposal = cited_proposal(procurement)
    if proposal is not None and (letter := letter_of(proposal)) is not None:
        found.append(letter)
    if procurement.coordination_ref:
        named = Letter.objects.filter(number=procurement.coordination_ref).first()
        if named is not None and same_opd(named.opd_name, procurement.opd.name):
            found.append(named)
    return found


def may_read_letter(user: permissions.AnyUser, letter: Letter) -> bool:
    """Whoever may read the letter's submission; and a pokja, the letters the
    procurements it may read cite (the thread its page shows)."""
    if permissions.readable_submissions(user).filter(pk=letter.submission_id).exists():
        return True
    if permissions.role_of(user) != Role.POKJA:
        return False
    procurements = permissions.readable_submissions(user).filter(kind=PROCUREMENT)
    citing = procurements.filter(coordination_ref=letter.number) | procurements.filter(
        proposal_ref=letter.document_id
    )
    return any(letter in letters_cited_by(p) for p in citing.distinct())


@dataclass
class Thread:
    """For a procurement: the proposal its proposal_ref names (of its OPD) and that
    proposal's letter, and the desk's letter its coordination reference names (of its
    OPD). For a proposal: the procurements that cite it."""

    kind: str = ""
    proposal_ref: str = ""
    proposal: Submission | None = None
    # The proposal's page is the reader's to open (a pokja reads procurements only: it
    # is shown the proposal, its status and its letter, and the letter opens for it).
    proposal_readable: bool = False
    proposal_letter: Letter | None = None
    coordination_ref: str = ""
    cited_letter: Letter | None = None
    procurements: list[Submission] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.kind in (PROPOSAL, PROCUREMENT)


def thread_of(user: permissions.AnyUser, submission: Submission) -> Thread:
    visible = permissions.readable_submissions(user)
    if submission.kind == PROCUREMENT:
        return _procurement_thread(visible, submission)
    if submission.kind == PROPOSAL:
        citing = visible.filter(kind=PROCUREMENT, proposal_ref=submission.document_id)
        return Thread(
            kind=PROPOSAL,
            procurements=[
                p
                for p in citing.select_related("opd").order_by("document_id")
                if same_opd(p.opd.name, submission.opd.name)
            ],
        )
    return Thread()


def _procurement_thread(visible: QuerySet[Submission], submission: Submission) -> Thread:
    thread = Thread(
        kind=PROCUREMENT,
        proposal_ref=submission.proposal_ref,
        coordination_ref=submission.coordination_ref,
    )
    if submission.proposal_ref:
        thread.proposal = cited_proposal(submission)
        if thread.proposal is not None:
            thread.proposal_readable = visible.filter(pk=thread.proposal.pk).exists()
            thread.proposal_letter = letter_of(thread.proposal)
    if submission.coordination_ref:
        letter = Letter.objects.filter(number=submission.coordination_ref).first()
        # Another OPD's letter is not this page's to show (its verification code opens it).
        if letter is not None and same_opd(letter.opd_name, submission.opd.name):
            thread.cited_letter = letter
    return thread
