package patuh.rules.medan.perencanaan_test

import data.patuh.examples_test as ex
import data.patuh.rules.medan.perencanaan

_paths(findings, rule) := {f.path | some f in findings; f.rule == rule}

test_compliant_examples_pass if {
	every doc in ex.documents {
		count(perencanaan.deny) == 0 with input as doc
		count(perencanaan.warn) == 0 with input as doc
	}
}

# MDN-RENC-01

test_renc01_fires_without_any_planning_reference if {
	doc := object.union(ex.proposal, {"spec": {"planning": {"masterplan_ref": "", "planning_document_ref": null, "study_ref": " "}}})
	_paths(perencanaan.deny, "MDN-RENC-01") == {"spec.planning"} with input as doc
}

test_renc01_fires_when_planning_absent_or_null if {
	_paths(perencanaan.deny, "MDN-RENC-01") == {"spec.planning"} with input as json.remove(ex.proposal, ["spec/planning"])
	_paths(perencanaan.deny, "MDN-RENC-01") == {"spec.planning"} with input as object.union(ex.proposal, {"spec": {"planning": null}})
}

test_renc01_any_one_reference_suffices if {
	every field in ["masterplan_ref", "planning_document_ref", "study_ref"] {
		planning := {"masterplan_ref": null, "planning_document_ref": null, "study_ref": null}
		doc := object.union(ex.proposal, {"spec": {"planning": object.union(planning, {field: "Dokumen X"})}})
		_paths(perencanaan.deny, "MDN-RENC-01") == set() with input as doc
	}
}

test_renc01_applies_to_proposals_only if {
	doc := object.union(ex.system, {"spec": {"planning": null}})
	_paths(perencanaan.deny, "MDN-RENC-01") == set() with input as doc
}

# MDN-RENC-02

test_renc02_fires_without_dimensions if {
	every doc in [ex.proposal, ex.system] {
		_paths(perencanaan.deny, "MDN-RENC-02") == {"spec.dimensions"} with input as json.remove(doc, ["spec/dimensions"])
		_paths(perencanaan.deny, "MDN-RENC-02") == {"spec.dimensions"} with input as object.union(doc, {"spec": {"dimensions": null}})
		_paths(perencanaan.deny, "MDN-RENC-02") == {"spec.dimensions"} with input as object.union(doc, {"spec": {"dimensions": []}})
	}
}

test_renc02_ignores_unknown_dimension_names if {
	doc := object.union(ex.proposal, {"spec": {"dimensions": ["smart_city"]}})
	_paths(perencanaan.deny, "MDN-RENC-02") == {"spec.dimensions"} with input as doc
}

test_renc02_passes_with_one_dimension if {
	doc := object.union(ex.system, {"spec": {"dimensions": ["smart_disaster_management"]}})
	_paths(perencanaan.deny, "MDN-RENC-02") == set() with input as doc
}

test_renc02_each_of_the_seven_dimensions_suffices if {
	# The Master Plan's seven, written out here, not read from lib.dimensions.
	every dimension in [
		"smart_economy", "smart_people", "smart_governance", "smart_mobility",
		"smart_environment", "smart_living", "smart_disaster_management",
	] {
		doc := object.union(ex.proposal, {"spec": {"dimensions": [dimension]}})
		_paths(perencanaan.deny, "MDN-RENC-02") == set() with input as doc
	}
}

test_renc02_not_for_procurement if {
	_paths(perencanaan.deny, "MDN-RENC-02") == set() with input as ex.procurement
}

# MDN-RENC-03

test_renc03_fires_without_funding_source if {
	_paths(perencanaan.deny, "MDN-RENC-03") == {"spec.funding.source"} with input as json.remove(ex.proposal, ["spec/funding"])
	_paths(perencanaan.deny, "MDN-RENC-03") == {"spec.funding.source"} with input as object.union(ex.proposal, {"spec": {"funding": {"source": null}}})
}

test_renc03_passes_with_source if {
	doc := object.union(ex.proposal, {"spec": {"funding": {"source": "hibah"}}})
	_paths(perencanaan.deny, "MDN-RENC-03") == set() with input as doc
}

test_renc03_not_for_systems if {
	_paths(perencanaan.deny, "MDN-RENC-03") == set() with input as json.remove(ex.system, ["spec/funding"])
}

# MDN-RENC-04

test_renc04_fires_per_third_party_without_agreement if {
	parties := [
		{"name": "PT Satu", "agreement_ref": "PKS/1"},
		{"name": "PT Dua", "agreement_ref": null},
		{"name": "PT Tiga"},
		{"agreement_ref": ""},
	]
	every doc in [ex.proposal, ex.procurement] {
		findings := perencanaan.deny with input as object.union(doc, {"spec": {"third_parties": parties}})
		_paths(findings, "MDN-RENC-04") == {
			"spec.third_parties[1].agreement_ref",
			"spec.third_parties[2].agreement_ref",
			"spec.third_parties[3].agreement_ref",
		}
		some f in findings
		f.path == "spec.third_parties[1].agreement_ref"
		f.params == {"index": 1, "name": "PT Dua"}
		some g in findings
		g.path == "spec.third_parties[3].agreement_ref"
		g.params.name == "third_parties[3]"
	}
}

test_renc04_passes_without_third_parties if {
	_paths(perencanaan.deny, "MDN-RENC-04") == set() with input as json.remove(ex.procurement, ["spec/third_parties"])
	_paths(perencanaan.deny, "MDN-RENC-04") == set() with input as object.union(ex.proposal, {"spec": {"third_parties": null}})
	_paths(perencanaan.deny, "MDN-RENC-04") == set() with input as object.union(ex.proposal, {"spec": {"third_parties": []}})
}

test_renc04_not_for_systems if {
	doc := object.union(ex.system, {"spec": {"third_parties": [{"name": "PT X"}]}})
	_paths(perencanaan.deny, "MDN-RENC-04") == set() with input as doc
}

# MDN-RENC-05

test_renc05_one_warning_per_missing_aspect if {
	doc := json.remove(ex.proposal, ["spec/integration", "spec/change_management"])
	findings := perencanaan.warn with input as doc
	_paths(findings, "MDN-RENC-05") == {"spec.integration", "spec.change_management"}
	some f in findings
	f.params == {"aspect": "integration"}
}

test_renc05_null_and_empty_count_as_missing if {
	doc := object.union(ex.proposal, {"spec": {"integration": [], "change_management": null}})
	_paths(perencanaan.warn, "MDN-RENC-05") == {"spec.integration", "spec.change_management"} with input as doc
}

test_renc05_only_the_missing_aspect if {
	doc := object.union(ex.proposal, {"spec": {"change_management": "  "}})
	_paths(perencanaan.warn, "MDN-RENC-05") == {"spec.change_management"} with input as doc
}

test_renc05_not_for_systems if {
	count(perencanaan.warn) == 0 with input as ex.system
}

# MDN-RENC-05: an integration entry that names no system declares nothing (issue 10)

test_renc05_warns_per_integration_entry_without_system if {
	every integration in [[{}], [{"system": " ", "method": "api"}], [{"method": "api"}]] {
		doc := object.union(ex.proposal, {"spec": {"integration": integration}})
		findings := perencanaan.warn with input as doc
		_paths(findings, "MDN-RENC-05") == {"spec.integration[0].system"}
		some f in findings
		f.params == {"aspect": "integration"}
	}
	two := object.union(ex.proposal, {"spec": {"integration": [{"system": "SIMPUS"}, {}, "SIAK"]}})
	_paths(perencanaan.warn, "MDN-RENC-05") == {"spec.integration[1].system", "spec.integration[2].system"} with input as two
}

test_renc05_integration_that_is_not_a_list_is_not_declared if {
	# Only under conftest: the schema refuses these.
	every integration in ["SIMPUS", {"system": "SIMPUS"}, true] {
		doc := object.union(ex.proposal, {"spec": {"integration": integration}})
		_paths(perencanaan.warn, "MDN-RENC-05") == {"spec.integration"} with input as doc
	}
}

test_renc05_entries_only_of_proposals if {
	# Only under conftest: the schema has no integration on a system.
	doc := object.union(ex.system, {"spec": {"integration": [{}]}})
	_paths(perencanaan.warn, "MDN-RENC-05") == set() with input as doc
}

test_renc05_an_entry_naming_its_system_suffices if {
	doc := object.union(ex.proposal, {"spec": {"integration": [{"system": "SIAK Disdukcapil"}]}})
	_paths(perencanaan.warn, "MDN-RENC-05") == set() with input as doc
}
