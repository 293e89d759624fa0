"""The audit log's hash chain: each event carries sha256 over the previous event's
chain and its own fields, so an event edited, removed from the middle, reordered or
inserted past the application (raw SQL by someone who owns the table) breaks the
chain from there on, and `patuh desk audit verify` names the first event that does
not fit. The database's triggers (migrations 0002, 0006) refuse such edits already;
the chain finds the ones made by someone who could switch the triggers off.

A chain without a secret cannot stop someone who rewrites the whole tail and every
hash after it: `audit verify` prints the head (the last event's id and chain) so an
operator can write it down, and compare it later (README, "Database roles and the
audit trail").

- link(previous, event) -> str       the chain of `event` after `previous`
- lock_chain()                       serialise appends (inside a transaction)
- previous_chain() -> str            the last event's chain ("" before the first)
- verify() -> Verification           walk every event in order and recompute
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from django.db import connection

from engine.desk.models import AuditEvent

GENESIS = ""  # the "previous chain" of the first event
# One key for PostgreSQL's advisory lock: every process appending an event takes it,
# so two events never both follow the same one. (SQLite's transactions are already
# IMMEDIATE: one writer at a time, settings.py.)
_LOCK_KEY = 0x70617475  # "patu"


def _fields(event: AuditEvent) -> list[Any]:
    at = event.at.astimezone(UTC).isoformat(timespec="microseconds")
    return [
        at,
        event.actor_id,
        event.actor_name,
        event.role,
        event.action,
        event.submission_id,
        event.version,
        event.from_status,
        event.to_status,
        event.note,
        event.document_digest,
        event.detail,
    ]


def link(previous: str, event: AuditEvent) -> str:
    """sha256 of the previous chain and this event's fields, as canonical JSON (keys
    sorted: PostgreSQL's jsonb gives `detail` back in its own key order)."""
    text = json.dumps(
        [previous, *_fields(event)], sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def lock_chain() -> None:
    """Inside a transaction: wait until no other process is appending an event."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def previous_chain() -> str:
    last = AuditEvent.objects.order_by("-id").values_list("chain", flat=True).first()
    return last if last is not None else GENESIS


@dataclass
class Verification:
    """What `patuh desk audit verify` found: how many events, the head of the chain,
    and each event that does not fit (its id and why)."""

    events: int = 0
    head_id: int | None = None
    head: str = GENESIS
    broken: list[tuple[int, str]] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.broken


def _in_order() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("id").iterator(chunk_size=2000)


def verify() -> Verification:
    """Recompute the chain over every event, in the order they were appended. An event
    whose stored chain differs was changed (or one before it was removed or added);
    the walk goes on from the stored value, so each damaged place is named once."""
    found = Verification()
    previous = GENESIS
    for event in _in_order():
        found.events += 1
        expected = link(previous, event)
        if event.chain != expected:
            found.broken.append((event.pk, "chain" if event.chain else "unchained"))
        previous = event.chain
        found.head_id, found.head = event.pk, event.chain
    return found
