"""Fetching a check's inputs from the review desk: the approved waivers and the
register (`patuh check --desk URL`), with a private ETag cache for when the desk
cannot be reached (docs/architecture.md)."""
