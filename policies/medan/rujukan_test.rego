package patuh.rules.medan.rujukan_test

import data.patuh.examples_test as ex
import data.patuh.rules.medan.rujukan

# ex.procurement: Dinas Kesehatan, letter 555/140/Diskominfo/2026, proposal DINKES-2026-007.
_register := {
	"letter_form": `^555/[0-9]+/Diskominfo/[0-9]+$`,
	"letters": {
		"555/140/Diskominfo/2026": {"opd": "Dinas Kesehatan", "valid": true},
		"555/141/Diskominfo/2026": {"opd": "Dinas Pendidikan", "valid": true},
		"555/142/Diskominfo/2026": {"opd": "Dinas Kesehatan", "valid": false},
		"DISKOMINFO/LAMA/7": {"opd": "Dinas Pendidikan", "valid": true},
	},
	"proposals": {
		"DINKES-2026-007": ["dinas  kesehatan kota medan"],
		"DISDIK-2026-004": ["Dinas Pendidikan"],
	},
}

_findings(doc) := found if {
	found := rujukan.deny with input as doc with data.patuh.register as _register
}

_with_reference(ref) := object.union(ex.procurement, {"spec": {"coordination": {"diskominfo": {"reference": ref}}}})

_with_proposal(ref) := object.union(ex.procurement, {"metadata": {"proposal_ref": ref}})

_only(findings, rule) := {[f.path, f.params.reason] | some f in findings; f.rule == rule}

test_compliant_procurement_passes_with_its_register if {
	count(_findings(ex.procurement)) == 0
}

test_no_register_no_finding if {
	doc := _with_proposal("TIDAK-ADA-1")
	count(rujukan.deny) == 0 with input as _with_reference("555/999/Diskominfo/2026")
	count(rujukan.deny) == 0 with input as doc
	count(rujukan.deny) == 0 with input as doc with data.patuh.register as null
}

test_koor04_unknown_number if {
	found := _findings(_with_reference("555/999/Diskominfo/2026"))
	_only(found, "MDN-KOOR-04") == {["spec.coordination.diskominfo.reference", "unknown"]}
	some f in found
	f.params.reference == "555/999/Diskominfo/2026"
	startswith(f.msg, "MDN-KOOR-04: ")
}

test_koor04_revoked_letter if {
	found := _findings(_with_reference(" 555/142/Diskominfo/2026 "))
	_only(found, "MDN-KOOR-04") == {["spec.coordination.diskominfo.reference", "revoked"]}
}

test_koor04_letter_of_another_opd if {
	found := _findings(_with_reference("555/141/Diskominfo/2026"))
	_only(found, "MDN-KOOR-04") == {["spec.coordination.diskominfo.reference", "other_opd"]}
}

test_koor04_revoked_letter_of_another_opd_is_revoked if {
	# One reason, not two: the letter's fault is a function, and two answers would
	# make the evaluation fail.
	register := json.patch(_register, [{"op": "add", "path": "/letters/555~1143~1Diskominfo~12026", "value": {"opd": "Dinas Pendidikan", "valid": false}}])
	found := rujukan.deny with input as _with_reference("555/143/Diskominfo/2026") with data.patuh.register as register
	_only(found, "MDN-KOOR-04") == {["spec.coordination.diskominfo.reference", "revoked"]}
}

test_koor04_letter_listed_under_an_older_form if {
	found := _findings(_with_reference("DISKOMINFO/LAMA/7"))
	_only(found, "MDN-KOOR-04") == {["spec.coordination.diskominfo.reference", "other_opd"]}
}

test_koor04_letter_without_opd_fails_closed if {
	register := {"letter_form": _register.letter_form, "letters": {"555/140/Diskominfo/2026": {"valid": true}}}
	found := rujukan.deny with input as ex.procurement with data.patuh.register as register
	_only(found, "MDN-KOOR-04") == {["spec.coordination.diskominfo.reference", "other_opd"]}
}

test_koor04_other_letter_forms_are_not_the_desks if {
	count(_findings(_with_reference("SK/12/2025"))) == 0
	count(_findings(_with_reference(42))) == 0
}

test_koor04_not_for_proposals_systems_or_diskominfo if {
	proposal := object.union(ex.proposal, {"spec": {"coordination": {"diskominfo": {"reference": "555/999/Diskominfo/2026"}}}})
	count(_findings(proposal)) == 0
	system := object.union(ex.system, {"spec": {"coordination": {"diskominfo": {"reference": "555/999/Diskominfo/2026"}}}})
	count(_findings(system)) == 0
	own := object.union(_with_reference("555/999/Diskominfo/2026"), {"metadata": {"opd": "Diskominfo", "proposal_ref": "DINKES-2026-007"}})
	_only(_findings(own), "MDN-KOOR-04") == set()
}

test_pbj08_unknown_or_not_recommended_proposal if {
	found := _findings(_with_proposal("DINKES-2026-099"))
	_only(found, "MDN-PBJ-08") == {["metadata.proposal_ref", "not_recommended"]}
	some f in found
	f.params.proposal_ref == "DINKES-2026-099"
}

test_pbj08_proposal_of_another_opd if {
	found := _findings(_with_proposal("DISDIK-2026-004"))
	_only(found, "MDN-PBJ-08") == {["metadata.proposal_ref", "other_opd"]}
}

test_pbj08_without_opd_fails_closed if {
	doc := json.remove(ex.procurement, ["metadata/opd"])
	_only(_findings(doc), "MDN-PBJ-08") == {["metadata.proposal_ref", "other_opd"]}
}

test_pbj08_no_proposal_ref_is_pbj07s if {
	doc := json.remove(ex.procurement, ["metadata/proposal_ref"])
	count(_findings(doc)) == 0
}

test_pbj08_not_for_proposals if {
	proposal := object.union(ex.proposal, {"metadata": {"proposal_ref": "TIDAK-ADA-1"}})
	count(_findings(proposal)) == 0
}
