"""The desk's Django app: its models, migrations, admin and audit signal handlers."""

from __future__ import annotations

from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "engine.desk"
    label = "desk"
    verbose_name = "Meja Telaah"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Login failures and user changes become audit events (desk.md, audit log).
        from engine.desk import signals  # noqa: F401
