"""The admin's mail pages in Chromium (issue 24, "A mail address that bounces is marked in
the admin"): the user list shows and filters the addresses that bounce, with the mail
server's answer, and clears a mark with the action "Hapus tanda pantulan"; the outbox
lists each mail's state. Shot at desktop width and at 390 px."""

from __future__ import annotations

import uuid
from typing import Any

from playwright.sync_api import Browser

from desk.browser.desk_browser import visitor

PHONE = {"width": 390, "height": 844}


def test_the_admin_marks_filters_and_clears_a_bouncing_address(
    browser: Browser, desk_server: str, people: Any
) -> None:
    from django.utils import timezone

    from engine.desk.accounts.services import create_user
    from engine.desk.models import OutboxMail, Profile

    name = f"pemohon.pantul.{uuid.uuid4().hex[:6]}"
    gone = create_user(name, "pemohon", "Dinas Kesehatan", None, email=f"{name}@demo.medan.go.id")
    Profile.objects.filter(user=gone).update(
        mail_bounced_at=timezone.now(), mail_bounce_reason="550 5.1.1 Alamat tidak dikenal"
    )
    OutboxMail.objects.create(
        to=gone.email,
        recipient=gone,
        subject="Meja telaah: pengajuan 1 — Uji",
        body="-",
        event="returned",
        attempts=1,
        gave_up_at=timezone.now(),
        last_error="550 5.1.1 Alamat tidak dikenal",
    )
    admin = visitor(browser, desk_server)
    admin.login(people.admin.username, people.admin.password)
    page = admin.page
    admin.go(f"/admin/auth/user/?memantul=ya&q={name}")
    header = page.locator("#result_list thead th.column-bounced")
    assert header.inner_text().strip().lower() == "surel memantul"
    row = page.locator("#result_list tbody tr", has_text=name)
    assert "550 5.1.1 Alamat tidak dikenal" in row.inner_text()
    admin.shoot("admin-users-bouncing")
    page.set_viewport_size(PHONE)
    admin.shoot("admin-users-bouncing-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", "clear_bounce")
    admin.submit_form(page.locator("button[name=index]"))
    assert "Tanda pantulan dihapus dari 1 pengguna." in page.locator("ul.messagelist").inner_text()
    assert Profile.objects.get(user=gone).mail_bounced_at is None
    admin.go("/admin/desk/outboxmail/?keadaan=failed")
    listed = page.locator("#result_list").inner_text()
    assert "Gagal (dihentikan)" in listed and "dikembalikan" in listed
    admin.shoot("admin-outbox")
    page.set_viewport_size(PHONE)
    admin.shoot("admin-outbox-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    admin.context.close()
