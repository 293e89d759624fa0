"""The command line: `patuh` and one module per verb.

In: the user's arguments, options and environment. Out: a report on stdout or in
`--output`, and an exit status (docs/documents.md). It parses options and calls the
stages; it decides nothing about documents itself.
"""
