# METADATA
# title: Rujukan ke register desk
# description: |
#   A procurement's references to the desk's own records, checked against the
#   register the desk gives OPA as data (data.patuh.register; policies/main.rego
#   binds it from input.register): the recommendation letters it issued (number,
#   OPD, valid) and the proposals it recommended (id, OPD). Outside the desk there
#   is no register, and these rules never fire: a missing register is not a missing
#   letter (the engine says once that they were not applied).
#
#   The register's shape (engine/register.py):
#     {"letter_form": "<regex of the desk's letter numbers>",
#      "letters": {"<number>": {"opd": "<OPD>", "valid": true|false}},
#      "proposals": {"<metadata.id>": ["<OPD>", ...]}}
package patuh.rules.medan.rujukan

import data.patuh.lib

# The register, when one is loaded (undefined otherwise: no rule below fires).
_register := data.patuh.register if is_object(data.patuh.register)

# `name` is the document's own OPD, compared as the desk compares offices
# (lib.office_name: case, spacing and a trailing "Kota Medan" do not matter). Not
# true when either is missing, so a rule using `not _own_opd` fails closed.
_own_opd(name) if lib.office_name(name) == lib.office_name(input.metadata.opd)

_reference_path := ["spec", "coordination", "diskominfo", "reference"]

# The coordination letter's number, when it has the desk's form: it matches the
# register's letter_form, or it is the number of a letter the register lists (a
# letter issued under an earlier numbering pattern).
_desk_reference := ref if {
	ref := trim_space(lib.get(_reference_path))
	regex.match(_register.letter_form, ref)
}

_desk_reference := ref if {
	ref := trim_space(lib.get(_reference_path))
	_register.letters[ref]
}

# Why the letter `ref` does not stand, if it does not: unknown to the register,
# revoked (anything but valid: true), or issued to another OPD.
_letter_fault(ref) := "unknown" if not _register.letters[ref]

_letter_fault(ref) := "revoked" if {
	letter := _register.letters[ref]
	letter.valid != true
}

_letter_fault(ref) := "other_opd" if {
	letter := _register.letters[ref]
	letter.valid == true
	not _own_opd(object.get(letter, "opd", null))
}

# METADATA
# title: Surat koordinasi terdaftar untuk OPD yang sama (turunan)
# description: |
#   Derived from Perwali 28/2018 Pasal 5 ayat (2): a coordination letter in the
#   desk's numbering is the desk's own record, so it must exist, still stand, and be
#   the letter of this OPD. Not for proposals (the desk's letter is their
#   coordination) nor systems (their letters may predate the desk).
# custom:
#   id: MDN-KOOR-04
#   severity: error
#   derived: true
deny contains lib.finding(
	"MDN-KOOR-04",
	"spec.coordination.diskominfo.reference",
	sprintf("surat koordinasi %s tidak tercatat sah untuk OPD ini di register desk (%s; turunan)", [ref, fault]),
	{"reference": ref, "reason": fault},
) if {
	input.kind == "Procurement"
	ref := _desk_reference
	fault := _letter_fault(ref)

	# Diskominfo does not coordinate with itself (asked last, as in koordinasi).
	not lib.is_diskominfo
}

# The OPDs the desk recommended a proposal `id` for (empty when none).
_recommended_for(id) := {opd | some opd in _register.proposals[id]}

# Why metadata.proposal_ref does not name a recommended proposal of this OPD: the
# desk recommended no proposal with that id (unknown, or not recommended), or only
# another OPD's.
_proposal_fault(id) := "not_recommended" if count(_recommended_for(id)) == 0

_proposal_fault(id) := "other_opd" if {
	count(_recommended_for(id)) > 0
	not _recommended_here(id)
}

_recommended_here(id) if {
	some opd in _recommended_for(id)
	_own_opd(opd)
}

# METADATA
# title: Pengadaan merujuk usulan yang direkomendasikan desk (turunan)
# description: |
#   Derived from MDN-PBJ-07: the proposal a procurement names must be one the desk
#   recommended, of the same OPD.
# custom:
#   id: MDN-PBJ-08
#   severity: error
#   derived: true
deny contains lib.finding(
	"MDN-PBJ-08",
	"metadata.proposal_ref",
	sprintf("usulan %v tidak tercatat direkomendasikan desk untuk OPD ini (%s; turunan)", [id, fault]),
	{"proposal_ref": id, "reason": fault},
) if {
	input.kind == "Procurement"
	_register
	lib.filled(["metadata", "proposal_ref"])
	id := lib.get(["metadata", "proposal_ref"])
	fault := _proposal_fault(id)
}

# With a register, a procurement that names no proposal fires the rule too (desk.md,
# "The thread"): leaving metadata.proposal_ref out must not escape it. (MDN-PBJ-07, the
# warning outside the desk, then leaves the gap to this error.)
deny contains lib.finding(
	"MDN-PBJ-08",
	"metadata.proposal_ref",
	"pengadaan tidak menyebut usulan yang direkomendasikan desk (metadata.proposal_ref kosong; turunan)",
	{"proposal_ref": null, "reason": "missing"},
) if {
	input.kind == "Procurement"
	_register
	not lib.filled(["metadata", "proposal_ref"])
}
