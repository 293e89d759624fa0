"""The waivers' refusals (DeskError: the API's "error" code, its HTTP status, and its
message in engine/desk/messages/waivers.yaml)."""

from __future__ import annotations

from engine.desk.core.errors import DeskError, NotFound


class WaiverNotFound(NotFound):
    code = "waiver_not_found"


class NotWaivable(DeskError):
    code, status = "waiver_not_waivable", 400


class UnknownRule(DeskError):
    code, status = "waiver_unknown_rule", 400


class RuleNotForKind(DeskError):
    code, status = "waiver_rule_not_for_kind", 400


class NoSuchFinding(DeskError):
    code, status = "waiver_no_such_finding", 400


class BadPath(DeskError):
    code, status = "waiver_bad_path", 400


class BadExpiry(DeskError):
    code, status = "waiver_bad_expiry", 400


class ExpiryPast(DeskError):
    code, status = "waiver_expiry_past", 400


class JustificationRequired(DeskError):
    code, status = "waiver_justification_required", 400


class ReferenceRequired(DeskError):
    code, status = "waiver_reference_required", 400


class AlreadyDecided(DeskError):
    code, status = "waiver_already_decided", 409


class AlreadyRequested(DeskError):
    code, status = "waiver_already_requested", 409


class SubmissionClosed(DeskError):
    code, status = "waiver_closed", 409


class PathRequired(DeskError):
    code, status = "waiver_path_required", 400


class ExpiryTooFar(DeskError):
    code, status = "waiver_expiry_too_far", 400


class NotApproved(DeskError):
    code, status = "waiver_not_approved", 409


class WaiverChanged(DeskError):
    code, status = "waiver_changed", 409
