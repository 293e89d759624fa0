"""Each person sets their own mail (issue 24: "Per-user choice: each event, a daily
digest, or none"; "Messages in the user's language") at /accounts/mail/, without the
admin: a Django form on their own profile, behind CSRF, in their language."""

from __future__ import annotations

from django.test import Client

from desk.conftest import People


def _profile(person: object) -> object:
    from engine.desk.models import Profile

    return Profile.objects.get(user=person.user)  # type: ignore[attr-defined]


def test_a_person_chooses_a_digest_in_english_and_it_is_kept(people: People) -> None:
    from engine.desk.models import Profile

    person = people.verifikator
    Profile.objects.filter(user=person.user).update(notify="each", language="id")
    client = Client()
    client.force_login(person.user)
    page = client.get("/accounts/mail/").content.decode()
    assert "Pemberitahuan surel Anda" in page
    assert 'value="each" checked' in page and '<option value="id" selected>' in page
    saved = client.post("/accounts/mail/", {"notify": "digest", "language": "en"}, follow=True)
    assert saved.redirect_chain == [("/accounts/mail/", 302)]
    assert "Pengaturan surel disimpan." in saved.content.decode()
    profile = _profile(person)
    assert (profile.notify, profile.language) == ("digest", "en")  # type: ignore[attr-defined]
    assert 'href="/accounts/mail/"' in page  # in the top bar's menu
    Profile.objects.filter(user=person.user).update(notify="each", language="id")


def test_a_choice_that_does_not_exist_is_refused_in_the_readers_language(
    people: People,
) -> None:
    person = people.pemohon
    before = _profile(person)
    client = Client()
    client.force_login(person.user)
    refused = client.post("/accounts/mail/", {"notify": "hourly", "language": "fr"})
    assert refused.status_code == 400
    assert "Pilihan itu tidak ada" in refused.content.decode()
    after = _profile(person)
    assert (after.notify, after.language) == (before.notify, before.language)  # type: ignore[attr-defined]
    english = client.post("/accounts/mail/?lang=en", {"notify": "hourly", "language": "id"})
    assert "There is no such choice" in english.content.decode()


def test_the_page_is_behind_sign_in_and_csrf(people: People) -> None:
    anonymous = Client()
    answer = anonymous.get("/accounts/mail/")
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]
    from engine.desk.models import Profile

    Profile.objects.filter(user=people.pimpinan.user).update(notify="each")
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(people.pimpinan.user)
    forged = guarded.post("/accounts/mail/", {"notify": "none", "language": "id"})
    assert forged.status_code == 403
    assert _profile(people.pimpinan).notify == "each"  # type: ignore[attr-defined]
