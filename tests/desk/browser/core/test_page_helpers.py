"""The pages' small helpers, without a browser: the reader's language, Medan's time, the
escaping environment."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest


@pytest.fixture
def rf(desk_db: str) -> Any:
    from django.test import RequestFactory

    return RequestFactory()


def _request(rf: Any, path: str = "/", **headers: str) -> Any:
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    request = rf.get(path, headers=headers)
    request.session = SessionStore()
    return request


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", "id"),
        ("en-US,en;q=0.9", "en"),
        ("id-ID,id;q=0.9,en;q=0.5", "id"),
        ("in", "id"),  # the old ISO code for Indonesian
        ("fr-FR,en;q=0.3", "en"),
        ("fr-FR,de;q=0.5", "id"),
        ("en;q=0.2,id;q=0.8", "id"),
    ],
)
def test_language_from_accept_language(rf: Any, header: str, expected: str) -> None:
    from engine.desk.core.language import request_lang

    assert request_lang(_request(rf, **({"accept-language": header} if header else {}))) == (
        expected
    )


def test_asked_language_is_kept_in_a_cookie(rf: Any) -> None:
    from engine.desk.core.language import COOKIE, request_lang

    asked = _request(rf, "/?lang=en", **{"accept-language": "id"})
    assert request_lang(asked) == "en"
    assert not asked.session.modified  # nothing written to the session (issue 21)
    later = _request(rf, "/", **{"accept-language": "id"})
    later.COOKIES[COOKIE] = "en"  # LanguageCookieMiddleware's cookie
    assert request_lang(later) == "en"
    assert request_lang(_request(rf, "/?lang=xx")) == "id"  # unknown: the default


def test_times_are_shown_in_wib() -> None:
    from engine.desk.web.jinja import wib

    assert wib(datetime(2026, 3, 1, 17, 30, tzinfo=UTC)) == "2026-03-02 00:30 WIB"
    assert wib(None) == "–"


def test_the_environment_always_escapes(desk_db: str) -> None:
    from engine.desk.web.jinja import environment

    env = environment(autoescape=False)  # whatever the backend is given
    assert env.from_string("{{ x }}").render(x="<b>&") == "&lt;b&gt;&amp;"
