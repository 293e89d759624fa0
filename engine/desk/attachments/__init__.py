"""A submission's attachments (KAK/TOR, RAB, vendors' statements, diagrams): judged by
their bytes, bounded, optionally scanned, kept with their sha256, downloaded only by
those who may read the submission."""
