"""Values that mean nothing, and facts that cannot all be true (issue 20.15, 20.16,
22.4): refused by the schema, each with the reason in its message."""

from __future__ import annotations

from typing import Any

import pytest

from engine.i18n import t
from engine.reading.validation import validate
from engine.reading.yaml_loader import load_text

HEAD = (
    "apiVersion: patuh/v1\nkind: System\n"
    "metadata: {id: SI-UJI, title: T, opd: Badan Pendapatan Daerah}\n"
)


def findings(text: str) -> list[tuple[str, int, dict[str, Any]]]:
    checked = validate(load_text(text).documents[0])
    assert checked.document is None or not checked.findings
    return [(f.path, f.line, f.params) for f in checked.findings]


@pytest.mark.parametrize(
    ("spec", "path", "code", "limit"),
    [
        (
            "  sla: {disaster_recovery: {rpo_hours: 1000000}}\n",
            "spec.sla.disaster_recovery.rpo_hours",
            "schema.hours.recovery",
            8760,
        ),
        (
            "  sla: {disaster_recovery: {rto_hours: 8761}}\n",
            "spec.sla.disaster_recovery.rto_hours",
            "schema.hours.recovery",
            8760,
        ),
        (
            "  sla: {reliability: {incident_response_hours: 1000000}}\n",
            "spec.sla.reliability.incident_response_hours",
            "schema.hours.response",
            720,
        ),
        (
            "  security: {data_protection: {breach_notification: {within_hours: 1000}}}\n",
            "spec.security.data_protection.breach_notification.within_hours",
            "schema.hours.notice",
            720,
        ),
        (
            "  security: {data_protection: {breach_notification: {within_hours: 0}}}\n",
            "spec.security.data_protection.breach_notification.within_hours",
            "schema.hours.notice_zero",
            0,
        ),
    ],
)
def test_hours_that_promise_nothing_are_refused_with_the_reason(
    spec: str, path: str, code: str, limit: int
) -> None:
    [(where, line, params)] = findings(HEAD + "spec:\n" + spec)
    assert (where, line, params["code"], params["limit"]) == (path, 5, code, limit)
    message = t(code, "id", **{k: v for k, v in params.items() if k != "code"})
    assert str(params["got"]) in message and "{" not in message


def test_hours_within_the_bounds_are_read() -> None:
    assert (
        findings(
            HEAD
            + "spec:\n  sla: {disaster_recovery: {rpo_hours: 0, rto_hours: 8760},"
            + " reliability: {incident_response_hours: 720}}\n"
            + "  security: {data_protection: {breach_notification: {within_hours: 0.5}}}\n"
        )
        == []
    )


@pytest.mark.parametrize("location", ["diskominfo_datacenter", "opd_server_room"])
def test_data_abroad_in_a_city_server_room_is_a_contradiction(location: str) -> None:
    [(path, line, params)] = findings(
        HEAD + f"spec:\n  hosting:\n    location: {location}\n    country: SG\n"
    )
    assert (path, line) == ("spec.hosting.country", 7)
    assert params == {
        "code": "schema.contradiction.hosting_country",
        "location": location,
        "country": "SG",
    }
    assert "bertentangan" in t(params["code"], "id", location=location, country="SG")


def test_hosting_facts_that_can_be_true_are_read() -> None:
    for hosting in (
        "{location: diskominfo_datacenter, country: ID}",
        "{location: public_cloud, country: SG}",
        "{location: diskominfo_datacenter}",
        "{country: SG}",
    ):
        assert findings(HEAD + f"spec:\n  hosting: {hosting}\n") == [], hosting


def test_categories_of_personal_data_beside_no_personal_data_is_a_contradiction() -> None:
    [(path, line, params)] = findings(
        HEAD
        + "spec:\n  security:\n    personal_data: false\n"
        + "    data_protection:\n      categories: [health]\n"
    )
    assert (path, line) == ("spec.security.data_protection.categories", 8)
    assert params == {"code": "schema.contradiction.personal_data", "categories": "health"}


def test_personal_data_facts_that_can_be_true_are_read() -> None:
    for security in (
        "{personal_data: true, data_protection: {categories: [health]}}",
        "{personal_data: false, data_protection: {categories: []}}",
        "{personal_data: false}",
        "{data_protection: {categories: [health]}}",
    ):
        assert findings(HEAD + f"spec:\n  security: {security}\n") == [], security
