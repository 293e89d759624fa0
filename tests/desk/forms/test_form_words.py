"""Every field of every kind's form is named in the reader's words: the template's own
description (Bahasa Indonesia) or the desk's word for it (messages/forms.yaml), never
the field's name made readable ("Spbe priority"), which is what a field added to the
models without its words would show (issue 24, "One language everywhere")."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("kind", ["Proposal", "Procurement", "System"])
def test_every_field_is_named_in_bahasa_indonesia(kind: str) -> None:
    # In English a field without its word shows its own (English) name made readable.
    from engine.desk.core.words import has
    from engine.desk.forms.schema import form_of, nodes

    unnamed = [
        node.path
        for node in nodes(form_of(kind))
        if node.path  # not the form itself
        and not node.help
        and not has(f"field.{node.name}")
    ]
    assert not unnamed, unnamed
