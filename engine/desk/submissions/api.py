"""The submissions' routes of the JSON API (registered in engine/desk/api.py): a check
that stores nothing, an upload (a new submission or a new version), the list the caller
may read, and one submission. A handler's docstring is its description in openapi.json.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from engine.desk.accounts import permissions
from engine.desk.core.errors import NotFound
from engine.desk.letters.api import letter_answer
from engine.desk.letters.selectors import letter_of
from engine.desk.models import Submission, Version
from engine.desk.submissions import search, services
from engine.desk.submissions.deadlines import deadlines, with_stage_start
from engine.desk.submissions.reviews import Review, last_review
from engine.desk.submissions.selectors import queue
from engine.desk.web.answers import answer_lang, file_answer, json_answer, utc
from engine.reading.yaml_loader import MAX_FILE_BYTES


def _upload_body(request: HttpRequest) -> bytes:
    """The request's YAML bytes, refused before reading beyond the CLI's limit."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_FILE_BYTES:
        raise services.TooLarge(size=declared, limit=MAX_FILE_BYTES)
    body = request.body
    if len(body) > MAX_FILE_BYTES:
        raise services.TooLarge(size=len(body), limit=MAX_FILE_BYTES)
    return body


def _filename(request: HttpRequest) -> str:
    # An optional header naming the file, for the report (`X-Patuh-Filename: a.yaml`).
    return (request.headers.get("X-Patuh-Filename") or "upload.yaml")[:200]


def check(request: HttpRequest) -> JsonResponse:
    checked = services.check_only(request.auth, _upload_body(request), _filename(request))  # type: ignore[attr-defined]
    return json_answer(checked.answer_in(answer_lang(request)))


def submit(request: HttpRequest, draft: bool = False) -> JsonResponse:
    """`?draft=1`: a new document starts as a draft, a draft stays one (checked and
    kept, seen only by its OPD's applicants until they submit it)."""
    result = services.submit(
        request.auth,  # type: ignore[attr-defined]
        _upload_body(request),
        _filename(request),
        draft=draft,
    )
    body = {
        "id": result.submission.pk,
        "version": result.version.number,
        "status": result.submission.status,
        "verdict": result.version.verdict,
        "report": result.checked.answer_in(answer_lang(request)),
    }
    return json_answer(body, 201 if result.created else 200)


def _latest(submission: Submission) -> Version | None:
    return submission.latest_version()


def submissions(
    request: HttpRequest,
    status: str | None = None,
    opd: str | None = None,
    kind: str | None = None,
    q: str | None = None,
    sort: str | None = None,
    page: int | None = None,
    page_size: int | None = None,
) -> JsonResponse:
    """The submissions the caller may read: filtered, searched (`q`: number, document
    id, title, OPD, letter number), sorted (oldest, newest, title, id) and, with `page`
    or `page_size`, one page: {"count", "page", "submissions"}. An applicant's list
    holds their OPD's drafts too (nobody else's ever does)."""
    found = queue(request.auth, status=status, opd=opd, kind=kind, drafts=True)  # type: ignore[attr-defined]
    found = search.sort(search.search(found, q), sort)
    found = with_stage_start(found.select_related("opd", "assignee", "assignee__desk_profile"))
    shown = search.page_of(found, page, page_size)
    due = deadlines()
    hide = permissions.sees_staff_as_roles(request.auth)  # type: ignore[attr-defined]
    rows = []
    for submission in shown.rows:
        deadline = due.of(submission)
        latest = _latest(submission)
        rows.append(
            {
                "id": submission.pk,
                "kind": submission.kind,
                "document_id": submission.document_id,
                "opd": submission.opd.name,
                "title": submission.title,
                "status": submission.status,
                "verdict": latest.verdict if latest else None,
                "version": latest.number if latest else None,
                "updated_at": utc(submission.updated_at),
                # Who works on it, and when its current stage is due (WIB date).
                "assignee": _assignee(submission, hide),
                "due": deadline.due.isoformat() if deadline.due else None,
                "overdue": deadline.overdue,
            }
        )
    return json_answer({"count": shown.count, "page": shown.page, "submissions": rows})


def _assignee(submission: Submission, hide: bool) -> str | None:
    """Who works on it: a login, or to an applicant (`hide`) the role (issue 21)."""
    if submission.assignee is None:
        return None
    return permissions.role_of(submission.assignee) if hide else submission.assignee.get_username()


def _review_answer(review: Review | None, hide: bool) -> dict[str, Any] | None:
    """Who marked it reviewed, when, with what note (and a pokja's outcome); to an
    applicant (`hide`) the reviewer is their role (issue 21)."""
    if review is None:
        return None
    return {
        "by": review.role if hide else review.username,
        "name": review.role if hide else review.name,
        "role": review.role,
        "at": utc(review.at),
        "note": review.note,
        "outcome": review.outcome,
        "package_code": review.package_code,
    }


def submission(request: HttpRequest, pk: str) -> JsonResponse:
    found = permissions.readable_submission(request.auth, pk, drafts=True)  # type: ignore[attr-defined]
    hide = permissions.sees_staff_as_roles(request.auth)  # type: ignore[attr-defined]
    versions = list(found.versions.select_related("uploaded_by").order_by("number"))
    issued = letter_of(found)
    latest = versions[-1] if versions else None
    return json_answer(
        {
            "id": found.pk,
            "kind": found.kind,
            "document_id": found.document_id,
            "opd": found.opd.name,
            "title": found.title,
            "status": found.status,
            "versions": [
                {
                    "version": v.number,
                    "verdict": v.verdict,
                    "document_digest": v.document_digest or None,
                    "uploaded_at": utc(v.uploaded_at),
                    "uploaded_by": v.uploaded_by.get_username(),
                }
                for v in versions
            ],
            "report": latest.report_in(answer_lang(request)) if latest else None,
            "letter": letter_answer(request, issued) if issued is not None else None,
            "review": _review_answer(last_review(found), hide),
        }
    )


def version_yaml(request: HttpRequest, pk: str, number: int) -> HttpResponse:
    """Version N of a submission, exactly as stored (its YAML bytes), for whoever may
    read the submission; 404 otherwise."""
    found = permissions.readable_submission(request.auth, pk, drafts=True)  # type: ignore[attr-defined]
    version = found.versions.filter(number=number).first()
    if version is None:
        raise NotFound()
    return file_answer(
        version.yaml_text.encode("utf-8"),
        f"{found.document_id}-v{version.number}.yaml",
        "application/yaml; charset=utf-8",
    )
