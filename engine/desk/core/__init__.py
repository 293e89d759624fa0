"""The desk's shared infrastructure, below every domain: its environment (config), its
words (i18n, words, language), its refusals (errors), its audit log (audit), the check
of an upload by the real engine (checking), and the Content-Security-Policy (security)."""
