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

test_results_only_from_the_selected_packs if {
	nas := data.patuh.nasional_examples_test
	medan_only := main.results with input as {"documents": [nas.system], "packs": ["medan"]}
	not _has_prefix(medan_only[0], "NAS-")
	both := main.results with input as {"documents": [json.remove(nas.system, ["spec/audit"])], "packs": ["medan", "nasional"], "run_date": nas.run_date}
	[f.rule | some f in both[0].errors] == ["NAS-AUD-01"]
	[f.rule | some f in both[0].warnings] == ["NAS-AUD-02", "NAS-AUD-02"]
	national := main.results with input as {"documents": [ex.proposal], "packs": ["nasional"]}
	not _has_prefix(national[0], "MDN-")
	_has_prefix(national[0], "NAS-")
}

test_results_default_to_the_medan_pack if {
	broken := json.remove(ex.system, ["spec/sla"])
	by_default := main.results with input as {"documents": [broken, ex.procurement]}
	medan := main.results with input as {"documents": [broken, ex.procurement], "packs": ["medan"]}
	by_default == medan
	[f.rule | some f in by_default[0].errors] == ["MDN-SLA-01", "MDN-SLA-02", "MDN-SLA-03", "MDN-SLA-05"]
}

test_run_date_reaches_the_rules if {
	nas := data.patuh.nasional_examples_test
	on_time := main.results with input as {"documents": [nas.system], "packs": ["nasional"], "run_date": "2026-06-30"}
	on_time[0].errors == []
	late := main.results with input as {"documents": [nas.system], "packs": ["nasional"], "run_date": "2030-01-01"}
	[f.rule | some f in late[0].errors] == ["NAS-AUD-01"]
	undated := main.results with input as {"documents": [nas.system], "packs": ["nasional"]}
	[f.rule | some f in undated[0].errors] == ["NAS-AUD-01", "NAS-PSE-05", "NAS-PSE-09"]
}

test_unknown_pack_gives_no_results_at_all if {
	not main.results with input as {"documents": [ex.system], "packs": ["medan", "bogus"]}
	not main.results with input as {"documents": [ex.system], "packs": ["lib"]}
	not main.results with input as {"documents": [ex.system], "packs": ["bogus"]}
}

_has_prefix(entry, prefix) if {
	some f in array.concat(entry.errors, entry.warnings)
	startswith(f.rule, prefix)
}

# The register travels in the query's input (input.register) and reaches the rules
# that read data.patuh.register for that query only; without it they do not fire.
test_register_in_the_input_reaches_the_rules if {
	doc := object.union(ex.procurement, {"metadata": {"proposal_ref": "DINKES-2026-999"}})
	register := {"letter_form": `^555/[0-9]+/Diskominfo/[0-9]+$`, "letters": {}, "proposals": {}}
	with_register := main.results with input as {"documents": [doc], "register": register}
	{[f.rule, f.path] | some f in with_register[0].errors} == {
		["MDN-KOOR-04", "spec.coordination.diskominfo.reference"],
		["MDN-PBJ-08", "metadata.proposal_ref"],
	}
	without := main.results with input as {"documents": [doc]}
	without[0] == {"errors": [], "warnings": []}
}

test_a_register_that_is_not_an_object_is_no_register if {
	results := main.results with input as {"documents": [ex.procurement], "register": "555/140/Diskominfo/2026"}
	results[0] == {"errors": [], "warnings": []}
}
