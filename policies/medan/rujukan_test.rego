package patuh.rules.medan.rujukan_test

import data.patuh.examples_test as ex
import data.patuh.rules.medan.rujukan

# ex.procurement: Dinas Kesehatan, letter 555/140/Diskominfo/2026, proposal DINKES-2026-007.
_register := {
	"letter_form": `^555/[0-9]+/Diskominfo/[0-9]+$`,
	"letters": {
		"555/140/Diskominfo/2026": _letter("Dinas Kesehatan", true, "DINKES-2026-007"),
		"555/141/Diskominfo/2026": _letter("Dinas Pendidikan", true, "DISDIK-2026-004"),
		"555/142/Diskominfo/2026": _letter("Dinas Kesehatan", false, "DINKES-2026-003"),
		"555/143/Diskominfo/2026": _letter("Dinas Kesehatan", true, "DINKES-2026-012"),
		"555/145/Diskominfo/2026": {"opd": "Dinas Kesehatan", "valid": true, "kind": "System", "document_id": "SIMPUS"},
		"DISKOMINFO/LAMA/7": _letter("Dinas Pendidikan", true, "DISDIK-2017-001"),
	},
	"proposals": {
		"DINKES-2026-007": ["dinas  kesehatan kota medan"],
		"DISDIK-2026-004": ["Dinas Pendidikan"],
		"DINKES-2026-012": ["Dinas Kesehatan"],
		# recommended, but its only letter (555/142) was revoked
		"DINKES-2026-003": ["Dinas Kesehatan"],
	},
}

_letter(opd, valid, proposal) := {"opd": opd, "valid": valid, "kind": "Proposal", "document_id": proposal}

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
	register := {"letter_form": _register.letter_form, "letters": {"555/140/Diskominfo/2026": {"valid": true, "kind": "Proposal", "document_id": "DINKES-2026-007"}}}
	found := rujukan.deny with input as ex.procurement with data.patuh.register as register
	_only(found, "MDN-KOOR-04") == {["spec.coordination.diskominfo.reference", "other_opd"]}
}

# Issue 20.12: a number the register does not hold fires, whatever its form (fail
# closed; desk.md "The thread": older letters are to enter the register by an import).
test_koor04_numbers_of_other_forms_fire_as_unknown if {
	every ref in ["SK/12/2025", 42, "555/140/Diskominfo/2026/lampiran"] {
		_only(_findings(_with_reference(ref)), "MDN-KOOR-04") == {["spec.coordination.diskominfo.reference", "unknown"]}
	}
}

# Issue 20.12 / 22.6: numbers compare after normalising case, spaces (also no-break
# and zero-width), a leading "Nomor:" and trailing punctuation; a revoked letter
# stays revoked however it is written.
test_koor04_numbers_compare_normalised if {
	every ref in [
		"555/140/DISKOMINFO/2026", "555/140/Diskominfo/2026.", "Nomor: 555/140/Diskominfo/2026",
		"nomor 555 / 140 / diskominfo / 2026", "555/140/Diskominfo/2026\u200b",
		"No. 555/140/Diskominfo/2026;", "555\u00a0/140/Diskominfo/2026",
	] {
		count(_findings(_with_reference(ref))) == 0
	}
	every ref in ["555/142/Diskominfo/2026.", "NOMOR: 555/142/DISKOMINFO/2026", "555 /142/Diskominfo/2026\u200b"] {
		_only(_findings(_with_reference(ref)), "MDN-KOOR-04") == {["spec.coordination.diskominfo.reference", "revoked"]}
	}
	_only(_findings(_with_reference("555/1400/Diskominfo/2026")), "MDN-KOOR-04") == {["spec.coordination.diskominfo.reference", "unknown"]}
}

# Issue 20.12: the letter cited must be the one issued for the proposal named, not
# any valid letter of the OPD; a letter issued for a System is no proposal's.
test_koor04_letter_of_another_proposal_of_the_same_opd if {
	found := _findings(_with_reference("555/143/Diskominfo/2026"))
	_only(found, "MDN-KOOR-04") == {["spec.coordination.diskominfo.reference", "other_proposal"]}
	_only(found, "MDN-PBJ-08") == set()
	system := _findings(_with_reference("555/145/Diskominfo/2026"))
	_only(system, "MDN-KOOR-04") == {["spec.coordination.diskominfo.reference", "other_proposal"]}
	named := object.union(_with_reference("555/143/Diskominfo/2026"), {"metadata": {"proposal_ref": "DINKES-2026-012"}})
	count(_findings(named)) == 0
}

# A proposal the desk did not recommend here is MDN-PBJ-08's alone (one fault, one
# finding); with none named, the letter must still be a proposal's.
test_koor04_leaves_an_unrecommended_or_missing_proposal_to_pbj08 if {
	doc := object.union(_with_reference("555/140/Diskominfo/2026"), {"metadata": {"proposal_ref": "DINKES-2026-099"}})
	_only(_findings(doc), "MDN-KOOR-04") == set()
	none := json.remove(_with_reference("555/145/Diskominfo/2026"), ["metadata/proposal_ref"])
	_only(_findings(none), "MDN-KOOR-04") == {["spec.coordination.diskominfo.reference", "other_proposal"]}
}

# A letter that does not say what it was issued for backs no proposal (the engine
# refuses such a register; under opa or conftest the rules still fail closed).
test_a_letter_without_its_document_fails_closed if {
	register := json.patch(_register, [{"op": "remove", "path": "/letters/555~1140~1Diskominfo~12026/document_id"}])
	found := rujukan.deny with input as ex.procurement with data.patuh.register as register
	_only(found, "MDN-PBJ-08") == {["metadata.proposal_ref", "revoked"]}
	named := object.union(_with_reference("555/143/Diskominfo/2026"), {"metadata": {"proposal_ref": "DINKES-2026-012"}})
	no_kind := json.patch(_register, [{"op": "remove", "path": "/letters/555~1143~1Diskominfo~12026/kind"}])
	found_kind := rujukan.deny with input as named with data.patuh.register as no_kind
	_only(found_kind, "MDN-KOOR-04") == {["spec.coordination.diskominfo.reference", "other_proposal"]}
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

# desk.md, "The thread": with a register, a procurement that names no proposal fires
# MDN-PBJ-08 too; leaving metadata.proposal_ref out (or blank) does not escape it.
test_pbj08_missing_proposal_ref_fires if {
	every doc in [
		json.remove(ex.procurement, ["metadata/proposal_ref"]),
		object.union(ex.procurement, {"metadata": {"proposal_ref": null}}),
		object.union(ex.procurement, {"metadata": {"proposal_ref": " \u200b"}}),
	] {
		found := _findings(doc)
		_only(found, "MDN-PBJ-08") == {["metadata.proposal_ref", "missing"]}
		some f in found
		f.params == {"proposal_ref": null, "reason": "missing"}
	}
}

# Issue 20.12: a proposal whose recommendation letter was revoked is not recommended,
# though the register still lists it.
test_pbj08_revoked_recommendation if {
	doc := object.union(_with_reference("555/140/Diskominfo/2026"), {"metadata": {"proposal_ref": "DINKES-2026-003"}})
	found := _findings(doc)
	_only(found, "MDN-PBJ-08") == {["metadata.proposal_ref", "revoked"]}
	_only(found, "MDN-KOOR-04") == set()
}

test_pbj08_not_for_proposals if {
	proposal := object.union(ex.proposal, {"metadata": {"proposal_ref": "TIDAK-ADA-1"}})
	count(_findings(proposal)) == 0
}
