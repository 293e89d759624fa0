"""What the desk's pages and API routes share: the Jinja environment (jinja.py), laying a
page out and the pages that only say something (pages.py), a stored answer's findings
as the report shows them (findings.py), and the API's JSON answers (answers.py). The
frame of every page is templates/base.html; each domain keeps its own pages' views,
routes and templates."""
