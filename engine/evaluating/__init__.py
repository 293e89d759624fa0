"""Evaluating: documents to OPA, and OPA's answers checked before they are believed.

In: serialised documents (engine/reading), the packs to apply and the register.
Out: each document's raw answer (rule, path, parameters), or an EngineError: never a
pass without an answer.

The OPA client and the managed server (opa/), batches sent on several threads, rule
packs and their parameters, the private snapshot of the policies, provenance (what a
report was made from), and the desk's register as OPA reads it.
"""
