"""patuh: checks Kota Medan ICT plans against the smart-city rules, with OPA."""

__version__ = "0.1.0"
