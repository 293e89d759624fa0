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

# NAS-SPBE-03, Perpres 82/2023 Pasal 19 (domains: Pasal 2 ayat (3)): a proposal says whether
# it falls in a priority domain and, if so, how it uses the priority application or why not.
_priority(value) := object.union(ex.proposal, {"spec": {"planning": {"spbe_priority": value}}})

test_spbe03_undeclared_domain_warns if {
	every doc in [
		json.remove(ex.proposal, ["spec/planning/spbe_priority"]),
		_priority(null),
		_priority({"domain": null}),
		_priority({"domain": "pendidikan"}),
	] {
		{[f.rule, f.path] | some f in spbe.warn} == {["NAS-SPBE-03", "spec.planning.spbe_priority.domain"]} with input as doc
	}
	count(spbe.deny) == 0 with input as _priority(null)
}

test_spbe03_priority_domain_without_use_or_reason_warns if {
	doc := _priority({"domain": "health", "use": " ", "reason": null})
	findings := spbe.warn with input as doc
	{[f.rule, f.path] | some f in findings} == {["NAS-SPBE-03", "spec.planning.spbe_priority.use"]}
	some f in findings
	f.params == {"domain": "health"}
}

test_spbe03_use_or_reason_or_no_domain_passes if {
	count(spbe.warn) == 0 with input as _priority({"domain": "health", "use": "Terhubung ke SatuSehat", "reason": null})
	count(spbe.warn) == 0 with input as _priority({"domain": "police", "use": null, "reason": "Tidak ada layanan kepolisian kota"})
	count(spbe.warn) == 0 with input as _priority({"domain": "none"})
}

test_spbe03_only_for_proposals if {
	count(spbe.warn) == 0 with input as ex.system
	count(spbe.warn) == 0 with input as ex.procurement
}
