package patuh.rules.medan.pengadaan_test

import data.patuh.examples_test as ex
import data.patuh.rules.medan.pengadaan

_paths(findings, rule) := {f.path | some f in findings; f.rule == rule}

_with(patch) := object.union(ex.procurement, patch)

_category(doc, category) := object.union(doc, {"spec": {"category": category}})

test_compliant_example_passes if {
	count(pengadaan.deny) == 0 with input as ex.procurement
	count(pengadaan.warn) == 0 with input as ex.procurement
}

test_other_kinds_are_not_checked if {
	every doc in [ex.proposal, ex.system] {
		count(pengadaan.deny) == 0 with input as doc
		count(pengadaan.warn) == 0 with input as doc
	}
}

test_other_kinds_are_not_checked_even_with_failing_procurement_content if {
	# Only under conftest: the schema refuses a procurement's sections under another
	# kind, and any unknown kind.
	failing := [
		_with({"spec": {"specification": {"authored_by": "pemkot_opd"}}}),
		_with({"spec": {"deliverables": {"source_code": {"handover": false, "includes": ["source"]}}}}),
		json.remove(ex.procurement, ["spec/technology_transfer"]),
		_with({"spec": {"technology_transfer": {"training": {"hours": 0, "audience": ["vendor_staff"]}}}}),
	]
	every doc in failing {
		every kind in ["Proposal", "System", "Lainnya"] {
			count(pengadaan.deny) == 0 with input as object.union(doc, {"kind": kind})
			count(pengadaan.warn) == 0 with input as object.union(doc, {"kind": kind})
		}
	}
}

# MDN-PBJ-01

test_pbj01_fires_when_vendor_writes_the_specification if {
	every category in ["hardware", "system_software", "general_application_software", "maintenance_service"] {
		doc := _category(_with({"spec": {"specification": {"authored_by": "vendor"}}}), category)
		findings := pengadaan.deny with input as doc
		_paths(findings, "MDN-PBJ-01") == {"spec.specification.authored_by"}
		some f in findings
		f.params == {"actual": "vendor"}
	}
}

test_pbj01_fires_when_author_absent_or_null if {
	_paths(pengadaan.deny, "MDN-PBJ-01") == {"spec.specification.authored_by"} with input as json.remove(ex.procurement, ["spec/specification"])
	_paths(pengadaan.deny, "MDN-PBJ-01") == {"spec.specification.authored_by"} with input as _with({"spec": {"specification": null}})
}

test_pbj01_passes_for_pemkot_opd_on_general_software if {
	doc := _category(_with({"spec": {"specification": {"authored_by": "pemkot_opd"}}}), "general_application_software")
	count(pengadaan.deny) == 0 with input as doc
}

# MDN-PBJ-02

test_pbj02_fires_when_opd_writes_special_software_specification if {
	findings := pengadaan.deny with input as _with({"spec": {"specification": {"authored_by": "pemkot_opd"}}})
	_paths(findings, "MDN-PBJ-02") == {"spec.specification.authored_by"}
	_paths(findings, "MDN-PBJ-01") == set()
}

test_pbj02_fires_with_pbj01_when_author_absent if {
	findings := pengadaan.deny with input as json.remove(ex.procurement, ["spec/specification/authored_by"])
	_paths(findings, "MDN-PBJ-02") == {"spec.specification.authored_by"}
	_paths(findings, "MDN-PBJ-01") == {"spec.specification.authored_by"}
}

# MDN-PBJ-03

test_pbj03_fires_without_source_code_handover if {
	_paths(pengadaan.deny, "MDN-PBJ-03") == {"spec.deliverables.source_code.handover"} with input as _with({"spec": {"deliverables": {"source_code": {"handover": false}}}})
	_paths(pengadaan.deny, "MDN-PBJ-03") == {"spec.deliverables.source_code.handover"} with input as _with({"spec": {"deliverables": null}})
	_paths(pengadaan.deny, "MDN-PBJ-03") == {"spec.deliverables.source_code.handover"} with input as json.remove(ex.procurement, ["spec/deliverables"])
}

test_pbj03_only_for_special_application_software if {
	doc := _category(_with({"spec": {"deliverables": null}}), "hardware")
	count(pengadaan.deny) == 0 with input as doc
	count(pengadaan.warn) == 0 with input as doc
}

# MDN-PBJ-04

test_pbj04_fires_without_training if {
	every doc in [json.remove(ex.procurement, ["spec/technology_transfer"]), _with({"spec": {"technology_transfer": {"training": null}}})] {
		findings := pengadaan.deny with input as doc
		_paths(findings, "MDN-PBJ-04") == {"spec.technology_transfer.training"}
		some f in findings
		f.params == {"min_hours": 1, "min_participants": 1}
	}
}

test_pbj04_training_that_is_not_a_mapping_is_none if {
	# Only under conftest: the schema refuses a training written as text, and the
	# measures of a text are no measures ("40" hours is no number either).
	_paths(pengadaan.deny, "MDN-PBJ-04") == {"spec.technology_transfer.training"} with input as _with({"spec": {"technology_transfer": {"training": "40 jam, 20 peserta"}}})
	_paths(pengadaan.deny, "MDN-PBJ-04") == {"spec.technology_transfer.training.hours"} with input as _with({"spec": {"technology_transfer": {"training": {"hours": "40"}}}})
}

test_pbj04_one_finding_per_measure_below_minimum if {
	doc := _with({"spec": {"technology_transfer": {"training": {"hours": 0, "participants": null}}}})
	findings := pengadaan.deny with input as doc
	_paths(findings, "MDN-PBJ-04") == {
		"spec.technology_transfer.training.hours",
		"spec.technology_transfer.training.participants",
	}
	some f in findings
	f.path == "spec.technology_transfer.training.hours"
	f.params == {"min_hours": 1, "min_participants": 1, "actual": 0}
}

test_pbj04_minimums_come_from_parameters if {
	_paths(pengadaan.deny, "MDN-PBJ-04") == {"spec.technology_transfer.training.hours"} with input as ex.procurement
		with data.medan.params.min_training_hours as 41
	count(pengadaan.deny) == 0 with input as ex.procurement with data.medan.params.min_training_participants as 10
}

test_pbj04_fails_closed_without_parameters if {
	_paths(pengadaan.deny, "MDN-PBJ-04") == {
		"spec.technology_transfer.training.hours",
		"spec.technology_transfer.training.participants",
	} with input as ex.procurement with data.medan.params as {}
}

test_pbj04_only_for_special_application_software if {
	doc := _category(json.remove(ex.procurement, ["spec/technology_transfer"]), "system_software")
	_paths(pengadaan.deny, "MDN-PBJ-04") == set() with input as doc
}

test_pbj04_minimums_only_for_special_application_software if {
	doc := _category(_with({"spec": {"technology_transfer": {"training": {"hours": 0, "participants": 0}}}}), "system_software")
	_paths(pengadaan.deny, "MDN-PBJ-04") == set() with input as doc
}

# MDN-PBJ-05 (derived)

test_pbj05_warns_when_build_scripts_or_documentation_missing if {
	doc := _with({"spec": {"deliverables": {"source_code": {"includes": ["source"]}, "documentation": null}}})
	findings := pengadaan.warn with input as doc
	_paths(findings, "MDN-PBJ-05") == {"spec.deliverables.source_code.includes"}
	some f in findings
	f.params == {"missing": "build_scripts, documentation"}
}

test_pbj05_names_only_what_is_missing if {
	doc := _with({"spec": {"deliverables": {"source_code": {"includes": ["source", "documentation"]}}}})
	some f in pengadaan.warn with input as doc
	f.params == {"missing": "build_scripts"}
}

# The documentation listed in deliverables.documentation (where NAS-PSE-02 reads it)
# counts as handed over: one fact, read in either place (issue 22).
test_pbj05_documentation_listed_in_deliverables_counts if {
	doc := _with({"spec": {"deliverables": {"source_code": {"includes": ["source", "build_scripts"]}, "documentation": ["user_manual"]}}})
	_paths(pengadaan.warn, "MDN-PBJ-05") == set() with input as doc
	blank := _with({"spec": {"deliverables": {"source_code": {"includes": ["source", "build_scripts"]}, "documentation": []}}})
	some f in pengadaan.warn with input as blank
	f.params == {"missing": "documentation"}
}

test_pbj05_warns_when_includes_absent_or_null if {
	_paths(pengadaan.warn, "MDN-PBJ-05") == {"spec.deliverables.source_code.includes"} with input as json.remove(ex.procurement, ["spec/deliverables/source_code/includes"])
	_paths(pengadaan.warn, "MDN-PBJ-05") == {"spec.deliverables.source_code.includes"} with input as _with({"spec": {"deliverables": {"source_code": null}}})
}

test_pbj05_only_for_special_application_software if {
	doc := _category(_with({"spec": {"deliverables": null}}), "general_application_software")
	_paths(pengadaan.warn, "MDN-PBJ-05") == set() with input as doc
}

# MDN-PBJ-06

test_pbj06_fires_without_renstra_reference if {
	every doc in [
		json.remove(ex.procurement, ["spec/renstra_tik_ref"]),
		_with({"spec": {"renstra_tik_ref": null}}),
		_category(_with({"spec": {"renstra_tik_ref": ""}}), "hardware"),
	] {
		_paths(pengadaan.deny, "MDN-PBJ-06") == {"spec.renstra_tik_ref"} with input as doc
	}
}

# MDN-PBJ-07

test_pbj07_warns_without_proposal_reference if {
	every doc in [
		json.remove(ex.procurement, ["metadata/proposal_ref"]),
		_with({"metadata": {"proposal_ref": null}}),
		_with({"metadata": {"proposal_ref": " "}}),
	] {
		_paths(pengadaan.warn, "MDN-PBJ-07") == {"metadata.proposal_ref"} with input as doc
	}
}

# With the desk's register the gap is MDN-PBJ-08's error (rujukan.rego), not said twice.
test_pbj07_leaves_the_gap_to_pbj08_with_a_register if {
	doc := json.remove(ex.procurement, ["metadata/proposal_ref"])
	register := {"letter_form": "^555/[0-9]+/Diskominfo/[0-9]+$", "letters": {}, "proposals": {}}
	_paths(pengadaan.warn, "MDN-PBJ-07") == set() with input as doc with data.patuh.register as register
}

# MDN-PBJ-04: training "kepada staf Pemkot Medan" (issue 10)

_audience(audience) := _with({"spec": {"technology_transfer": {"training": {"audience": audience}}}})

test_pbj04_fires_when_training_is_not_for_city_staff if {
	every audience in [["vendor_staff"], [], null, "opd_staff", ["staf_pemkot"]] {
		findings := pengadaan.deny with input as _audience(audience)
		_paths(findings, "MDN-PBJ-04") == {"spec.technology_transfer.training.audience"}
		some f in findings
		f.params == {"min_hours": 1, "min_participants": 1, "audience": audience}
	}
	no_audience := json.remove(ex.procurement, ["spec/technology_transfer/training/audience"])
	_paths(pengadaan.deny, "MDN-PBJ-04") == {"spec.technology_transfer.training.audience"} with input as no_audience
}

test_pbj04_an_audience_that_is_a_mapping_names_no_group if {
	# Only under conftest: the schema refuses it; its values are not a list of groups.
	_paths(pengadaan.deny, "MDN-PBJ-04") == {"spec.technology_transfer.training.audience"} with input as _audience({"kelompok": "opd_staff"})
}

test_pbj04_one_group_of_city_staff_suffices if {
	every audience in [["diskominfo_staff"], ["opd_staff"], ["vendor_staff", "opd_staff"]] {
		_paths(pengadaan.deny, "MDN-PBJ-04") == set() with input as _audience(audience)
	}
}

test_pbj04_audience_only_for_special_application_software if {
	doc := _category(_audience(["vendor_staff"]), "hardware")
	count(pengadaan.deny) == 0 with input as doc
}
