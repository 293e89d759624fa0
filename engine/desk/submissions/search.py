"""Search, sorting and pages of the queue (desk.md, "Search and pages"): `q` matches a
submission's number, its document id, title, OPD and letter number (case does not
matter); the sort orders are the queue's; a page is `page_size` rows (at most 500).

- search(submissions, q) -> QuerySet
- sort(submissions, order) -> QuerySet     order: oldest (default), newest, title, id
- page_of(submissions, page, page_size) -> Page(count, page, rows)
  errors: BadPage (400)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from engine.desk.core.errors import DeskError
from engine.desk.models import Submission

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50
ORDERS = {
    "oldest": ("updated_at", "id"),
    "newest": ("-updated_at", "-id"),
    "title": ("title", "id"),
    "id": ("id",),
}


class BadPage(DeskError):
    code, status = "bad_page", 400


def search(submissions: QuerySet[Submission], q: str | None) -> QuerySet[Submission]:
    text = (q or "").strip()[:200]
    if not text:
        return submissions
    match = (
        Q(title__icontains=text)
        | Q(document_id__icontains=text)
        | Q(opd__name__icontains=text)
        | Q(letter__number__icontains=text)
    )
    if text.lstrip("#").isdigit():
        match |= Q(pk=int(text.lstrip("#")))
    return submissions.filter(match)


def sort(submissions: QuerySet[Submission], order: str | None) -> QuerySet[Submission]:
    return submissions.order_by(*ORDERS.get(order or "oldest", ORDERS["oldest"]))


@dataclass
class Page:
    count: int
    page: int
    rows: list[Submission]


def page_of(submissions: QuerySet[Submission], page: int | None, page_size: int | None) -> Page:
    """Page `page` (from 1); no page and no size asked for: every row, as before."""
    count = submissions.count()
    if page is None and page_size is None:
        return Page(count, 1, list(submissions))
    number = 1 if page is None else page
    size = DEFAULT_PAGE_SIZE if page_size is None else page_size
    if number < 1 or not 1 <= size <= MAX_PAGE_SIZE:
        raise BadPage(limit=MAX_PAGE_SIZE)
    start = (number - 1) * size
    return Page(count, number, list(submissions[start : start + size]))
