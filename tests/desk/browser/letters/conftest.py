"""The signed-letter tests' certificates and signing configuration (signed.py)."""

from desk.letters.signed import pki, signing

__all__ = ["pki", "signing"]
