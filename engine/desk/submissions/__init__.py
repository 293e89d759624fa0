"""Submissions, versions and checking: a document of an OPD uploaded (a file, or written
in the browser), checked at once by the real engine and kept with every version; the
queue; one submission's page with its findings at their lines, history and diff."""
