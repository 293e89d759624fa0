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
#   The register's shape (engine/evaluating/register.py):
#     {"letter_form": "<RE2 regex of the desk's letter numbers>",
#      "letters": {"<number>": {"opd": "<OPD>", "valid": true|false,
#                               "kind": "<kind>", "document_id": "<metadata.id>"}},
#      "proposals": {"<metadata.id>": ["<OPD>", ...]}}
#   (kind and document_id: the document the letter was issued for.) No rule depends on
#   letter_form: a number the register does not hold fires MDN-KOOR-04, whatever its
#   form (issue 20.12; desk.md "The thread"), so a letter_form that is not a regex
#   can no longer leave a rule undefined (the engine refuses it anyway).
package patuh.rules.medan.rujukan

import data.patuh.lib

# The register, when one is loaded (undefined otherwise: no rule below fires).
_register := data.patuh.register if is_object(data.patuh.register)

# `name` is the document's own OPD, compared as the desk compares offices
# (lib.office_name: case, spacing and a trailing "Kota Medan" do not matter). Not
# true when either is missing, so a rule using `not _own_opd` fails closed.
_own_opd(name) if lib.office_name(name) == lib.office_name(input.metadata.opd)

_reference_path := ["spec", "coordination", "diskominfo", "reference"]

# The coordination letter's number as written (trimmed; under conftest, which validates
# nothing, a number that is not text is read as text), when one is given (a missing
# one is MDN-KOOR-01's) and there is a register (asked first: without one, nothing
# here is evaluated).
_desk_reference := trim_space(ref) if {
	_register
	ref := lib.get(_reference_path)
	is_string(ref)
	not lib.blank(ref)
} else := sprintf("%v", [ref]) if {
	_register
	ref := lib.get(_reference_path)
	not is_string(ref)
	not lib.blank(ref)
}

# A letter number for comparison (desk.md, "The thread"): lower case, without any
# space (also no-break, zero-width and other format characters), without a leading
# "Nomor"/"No." (and its ":" or "."), without trailing punctuation. So
# "Nomor: 555/142/DISKOMINFO/2026." is 555/142/Diskominfo/2026.
_letter_key(number) := key if {
	bare := lower(regex.replace(number, `[\s\p{Z}\p{Cf}]+`, ""))
	unnamed := regex.replace(bare, `^(?:nomor|no\.)[:.]?`, "")
	key := regex.replace(unnamed, `\p{P}+$`, "")
}

# The register's letters the reference names: the one listed under exactly that
# number, else every letter whose number compares equal (normally one; should a
# register hold two numbers that compare equal, each of them is judged).
_cited contains letter if {
	letter := _register.letters[_desk_reference]
}

_cited contains letter if {
	not _register.letters[_desk_reference]
	key := _letter_key(_desk_reference)
	some number, letter in _register.letters
	_letter_key(number) == key
}

# Why the letter cited does not stand, if it does not: unknown to the register (fail
# closed: whatever its form), revoked (anything but valid: true), issued to another
# OPD, or issued for another document than the proposal the procurement names.
_letter_faults contains "unknown" if {
	_register
	count(_cited) == 0
}

_letter_faults contains "revoked" if {
	some letter in _cited
	letter.valid != true
}

_letter_faults contains "other_opd" if {
	some letter in _cited
	letter.valid == true
	not _own_opd(object.get(letter, "opd", null))
}

_letter_faults contains "other_proposal" if {
	some letter in _cited
	letter.valid == true
	_own_opd(object.get(letter, "opd", null))
	not _for_the_named_proposal(letter)
}

# The letter was issued for a Proposal, and for the one metadata.proposal_ref names
# when that one is recommended here. (A procurement that names no proposal, or one
# the desk did not recommend for this OPD, is MDN-PBJ-08's: one finding for one fault.)
_for_the_named_proposal(letter) if {
	letter.kind == "Proposal"
	not _recommended_here(_named_proposal)
}

_for_the_named_proposal(letter) if {
	letter.kind == "Proposal"
	letter.document_id == _named_proposal
}

# null when none is named (never undefined: `not f(x)` with x undefined is itself
# undefined, which would turn "names none" into a finding).
_named_proposal := lib.get(["metadata", "proposal_ref"])

# METADATA
# title: Surat koordinasi terdaftar untuk OPD yang sama (turunan)
# description: |
#   Derived from Perwali 28/2018 Pasal 5 ayat (2): a procurement's coordination
#   letter is the desk's record of the proposal it implements, so it must be in the
#   register (numbers compared normalised; any number it does not hold fires), still
#   stand, be this OPD's, and have been issued for the proposal metadata.proposal_ref
#   names. Not for proposals (the desk's letter is their coordination) nor systems
#   (their letters may predate the desk).
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
	some fault in _letter_faults

	# Diskominfo does not coordinate with itself (asked last, as in koordinasi).
	not lib.is_diskominfo
}

# The OPDs the desk recommended a proposal `id` for (empty when none).
_recommended_for(id) := {opd | some opd in _register.proposals[id]}

# Why metadata.proposal_ref does not name a recommended proposal of this OPD: the
# desk recommended no proposal with that id (unknown, or not recommended), or only
# another OPD's, or this OPD's but its letter was revoked (a revoked recommendation is
# none: issue 20.12).
_proposal_fault(id) := "not_recommended" if count(_recommended_for(id)) == 0

_proposal_fault(id) := "other_opd" if {
	count(_recommended_for(id)) > 0
	not _listed_here(id)
}

_proposal_fault(id) := "revoked" if {
	_listed_here(id)
	not _letter_stands_for(id)
}

_recommended_here(id) if {
	_listed_here(id)
	_letter_stands_for(id)
}

_listed_here(id) if {
	some opd in _recommended_for(id)
	_own_opd(opd)
}

# A letter of the register was issued for the Proposal `id` of this OPD and stands.
_letter_stands_for(id) if {
	some letter in _register.letters
	letter.document_id == id
	letter.kind == "Proposal"
	letter.valid == true
	_own_opd(object.get(letter, "opd", null))
}

# METADATA
# title: Pengadaan merujuk usulan yang direkomendasikan desk (turunan)
# description: |
#   Derived from MDN-PBJ-07: the proposal a procurement names must be one the desk
#   recommended, of the same OPD, whose letter still stands. With a register, a
#   procurement that names none fires it too (MDN-PBJ-07 is then silent).
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
