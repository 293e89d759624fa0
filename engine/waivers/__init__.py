"""Waivers: approved, referenced, expiring exceptions to a rule's finding.

In: a waiver file (YAML) and a report's findings. Out: the same findings, those a
current waiver covers marked waived (never dropped), and notices for the waivers
that matched nothing or expired.
"""
