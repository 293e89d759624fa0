package patuh.main_test

import data.patuh.examples_test as ex
import data.patuh.main

test_results_empty_for_no_documents if {
	main.results == [] with input as {"documents": []}
}

test_results_one_entry_per_document_in_order if {
	broken := json.remove(ex.system, ["spec/sla"])
	pending := object.union(ex.proposal, {"spec": {"coordination": {"diskominfo": {"status": "pending"}}}})
	results := main.results with input as {"documents": [ex.proposal, broken, pending, ex.procurement]}
	count(results) == 4
	results[0] == {"errors": [], "warnings": []}
	[f.rule | some f in results[1].errors] == ["MDN-SLA-01", "MDN-SLA-02", "MDN-SLA-03", "MDN-SLA-05"]
	results[1].warnings == []
	results[2].errors == []
	[f.rule | some f in results[2].warnings] == ["MDN-KOOR-03"]
	results[3] == {"errors": [], "warnings": []}
}

test_results_sorted_by_rule_then_path if {
	doc := object.union(ex.system, {"spec": {"security": {"network": null}}})
	results := main.results with input as {"documents": [doc]}
	[[f.rule, f.path] | some f in results[0].errors] == [["MDN-SLA-04", "spec.security.network.firewall"]]
	[[f.rule, f.path] | some f in results[0].warnings] == [
		["MDN-KAM-07", "spec.security.network.antivirus"],
		["MDN-KAM-07", "spec.security.network.ids"],
		["MDN-KAM-07", "spec.security.network.vpn"],
	]
}

test_results_collect_every_area if {
	doc := {"apiVersion": "patuh/v1", "kind": "Procurement", "metadata": {"id": "X", "title": "T", "opd": "Dinas X"}, "spec": {"category": "special_application_software"}}
	results := main.results with input as {"documents": [doc]}
	{f.rule | some f in results[0].errors} == {
		"MDN-KOOR-01",
		"MDN-PBJ-01",
		"MDN-PBJ-02",
		"MDN-PBJ-03",
		"MDN-PBJ-04",
		"MDN-PBJ-06",
	}
	{f.rule | some f in results[0].warnings} == {"MDN-PBJ-05", "MDN-PBJ-07"}
}

test_findings_have_the_contract_shape if {
	results := main.results with input as {"documents": [{"kind": "System", "metadata": {"opd": "X"}, "spec": null}]}
	every entry in results {
		every f in array.concat(entry.errors, entry.warnings) {
			object.keys(f) == {"rule", "path", "msg", "params"}
			is_string(f.msg)
			is_object(f.params)
			startswith(f.msg, f.rule)
		}
	}
}
