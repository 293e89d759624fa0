"""The register and exports: the dashboard of what the desk holds (counted in the
database), the Excel export of the list, and the replay of every submission's latest
version under draft policies (`patuh desk impact`)."""
