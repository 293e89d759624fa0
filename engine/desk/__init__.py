"""patuh desk: the review desk, a Django project on the same engine as `patuh check`.

Where the check becomes a decision (docs: ../shared/docs/desk.md): OPDs submit, Diskominfo
reviews, the head recommends. The business rules live in services.py only.
"""
