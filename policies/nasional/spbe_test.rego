package patuh.rules.nasional.spbe_test

import data.patuh.nasional_examples_test as ex
import data.patuh.rules.nasional.spbe

test_compliant_examples_pass if {
	every doc in ex.documents {
		count(spbe.deny) == 0 with input as doc
	}
}

test_spbe01_fires_without_architecture_reference if {
	findings := spbe.deny with input as json.remove(ex.proposal, ["spec/planning/spbe_architecture_ref"])
	{f.path | some f in findings; f.rule == "NAS-SPBE-01"} == {"spec.planning.spbe_architecture_ref"}
	count(spbe.deny) == 1 with input as object.union(ex.proposal, {"spec": {"planning": null}})
}

test_spbe01_only_for_proposals if {
	count(spbe.deny) == 0 with input as json.remove(ex.system, ["spec/planning"])
}

# NAS-SPBE-02, Perpres 132/2022 Pasal 5 ayat (1): an infrastructure procurement (hardware,
# system software) is based on the regional SPBE architecture.
_infrastructure(category) := object.union(ex.procurement, {"spec": {"category": category}})

test_spbe02_infrastructure_without_architecture_reference_fires if {
	every category in ["hardware", "system_software"] {
		findings := spbe.deny with input as _infrastructure(category)
		{[f.rule, f.path] | some f in findings} == {["NAS-SPBE-02", "spec.spbe_architecture_ref"]}
		some f in findings
		f.params == {"category": category}
	}
	blank := object.union(_infrastructure("hardware"), {"spec": {"spbe_architecture_ref": " "}})
	count(spbe.deny) == 1 with input as blank
}

test_spbe02_infrastructure_with_architecture_reference_passes if {
	doc := object.union(_infrastructure("hardware"), {"spec": {"spbe_architecture_ref": "Arsitektur SPBE Kota Medan 2025-2029, domain infrastruktur"}})
	count(spbe.deny) == 0 with input as doc
}

test_spbe02_not_for_applications_or_services if {
	every category in ["general_application_software", "special_application_software", "maintenance_service"] {
		count(spbe.deny) == 0 with input as _infrastructure(category)
	}
}

# A category not given (only possible under conftest) is read as infrastructure.
test_spbe02_missing_category_fails_closed if {
	{f.rule | some f in spbe.deny} == {"NAS-SPBE-02"} with input as json.remove(ex.procurement, ["spec/category"])
	{f.rule | some f in spbe.deny} == {"NAS-SPBE-02"} with input as {"kind": "Procurement", "metadata": {"opd": "X"}, "spec": null}
}
