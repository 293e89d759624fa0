"""Reporting: a report's findings put into words, in the reader's language and format.

In: a Report (engine/findings.py) and the catalog. Out: text, JSON, Markdown, HTML,
SARIF, JUnit or GitHub annotations (render/, one module per format), written whole
or not at all (output.py); progress and colour on a terminal.
"""
