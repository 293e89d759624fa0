"""Accounts and roles: who the desk's users are (their desk role and OPD), their API
tokens, login, and the one module that says what each role may do (permissions.py)."""
