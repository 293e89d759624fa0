"""The result cache: OPA's answers kept, so that an unchanged document costs a read.

In: a run's key (binary, policies, code, register) and the answers of a run OPA
answered whole. Out: a stored answer for a document or a file, or nothing; an entry
that cannot be trusted is never served.
"""
