"""The review desk's web pages: server-rendered HTML (Jinja2 templates in reports/desk/),
no JavaScript, every business rule taken from engine.desk.services."""
