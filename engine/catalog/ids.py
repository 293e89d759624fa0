"""The shape of a rule's id (MDN-SLA-01, NAS-PDP-02): one pattern for the catalog,
its schema and the waivers that name a rule."""

from __future__ import annotations

import re

RULE_ID = re.compile(r"^[A-Z]{2,5}-[A-Z]+-[0-9]{2}$")
