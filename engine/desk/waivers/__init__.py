"""Waivers decided in the desk: an applicant asks for one of a finding, only a pimpinan
approves or refuses it, an approved one applies to the submission's checks at once and
is served to CI as a patuh `Waivers` file; expired ones stop applying."""
