"""Reading: from paths on disk to documents ready for OPA.

In: the paths a user named (files, folders, `--changed-since`). Out: for each file,
its documents, each either refused with YAML or SCHEMA findings (with their lines) or
parsed, validated against the document models and serialised as OPA's input.

Files (which files), selection (which are patuh's), changes (what git changed), the
safe YAML loader, placeholders of the templates, the document models and validation,
and the pool of readers that does it on every core.
"""
