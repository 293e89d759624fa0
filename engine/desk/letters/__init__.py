"""Letters and verification: the recommendation letter a `→ recommended` issues (its
number from the configurable pattern), its public verification (/verify/CODE), its
revocation by a pimpinan, and the thread from proposal to tender (thread.py: the
register of letters that OPA checks a procurement's references against)."""
