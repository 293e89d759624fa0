"""The catalog: what each rule means (rules/<pack>/*.yaml), in both languages.

In: the rule files. Out: a Catalog of rules with their severity, kinds, legal basis,
title, message and remedy; validated once by pydantic (schema.py) into validated.json,
which every command reads without pydantic.
"""
