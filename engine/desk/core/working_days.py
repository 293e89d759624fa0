"""Working days in Medan (desk.md, "Deadlines"): every day but Saturdays, Sundays,
Indonesia's public holidays (the maintained `holidays` package, country "ID": the
national holidays, the moving Islamic, Chinese, Hindu, Buddhist and Christian ones
included) and the office's extra days off set in the admin (DayOff: cuti bersama).

- WorkingCalendar(extra_days_off).add(start, n) -> date   the n-th working day after start
- WorkingCalendar(...).is_working_day(day) -> bool
- office_calendar() -> WorkingCalendar   with the DayOff rows of the database, read once
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

SATURDAY = 5


@lru_cache(maxsize=16)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("ID", years=year).keys())


class WorkingCalendar:
    def __init__(self, extra_days_off: Iterable[date] = ()) -> None:
        self.extra = frozenset(extra_days_off)

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() < SATURDAY
            and day not in _public_holidays(day.year)
            and day not in self.extra
        )

    def add(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (start itself not counted): a
        service level of 5 from a Friday ends on the next Friday, or later when a
        holiday falls between."""
        day, left = start, max(days, 0)
        while left:
            day += timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day


def office_calendar() -> WorkingCalendar:
    from engine.desk.models import DayOff  # the database's: read when asked, not at import

    return WorkingCalendar(DayOff.objects.values_list("date", flat=True))
