"""patuh desk: the review desk, a Django project on the same engine as `patuh check`.

Where the check becomes a decision (docs: ../shared/docs/desk.md): OPDs submit, Diskominfo
reviews, the head recommends. One Django app (label `desk`), laid out by domain:

- accounts/     users, roles, tokens, login; permissions.py answers every "may this user ...?"
- submissions/  uploads, versions and their checks, the queue, a submission's page
- workflow/     transitions between statuses, the audit trail's CSV and route
- letters/      recommendation letters, their verification and revocation; the thread
- waivers/      waivers requested, decided and applied; the served Waivers file
- register/     the dashboard, the Excel export, the replay (`patuh desk impact`)

Each domain keeps its writes (services.py), reads (selectors.py), pages (views.py), API
routes (api.py) and templates. Below them: web/ (the pages' toolkit), core/ (config,
words, errors, the audit log, the engine's check) and models/; above them the entry
points: urls.py (every page), api.py (every API route), cli.py, admin.py, demo.py.
"""
