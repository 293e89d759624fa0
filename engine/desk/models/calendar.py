"""The office's extra days off (cuti bersama and the like), set in the admin: counted,
with weekends and Indonesia's public holidays (the `holidays` package), as days that
are not working days (engine/desk/core/working_days.py)."""

from __future__ import annotations

from django.db import models


class DayOff(models.Model):
    """A day the office is closed besides weekends and public holidays."""

    date = models.DateField("tanggal", unique=True)
    name = models.CharField("keterangan", max_length=200, blank=True)

    class Meta:
        verbose_name = "hari libur tambahan (cuti bersama)"
        verbose_name_plural = "hari libur tambahan (cuti bersama)"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}".strip()
