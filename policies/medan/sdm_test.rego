package patuh.rules.medan.sdm_test

import data.patuh.examples_test as ex
import data.patuh.rules.medan.sdm

_paths(findings, rule) := {f.path | some f in findings; f.rule == rule}

_operations(patch) := object.union(ex.system, {"spec": {"operations": patch}})

test_compliant_examples_pass if {
	every doc in ex.documents {
		count(sdm.warn) == 0 with input as doc
	}
}

# MDN-SDM-01

test_sdm01_warns_without_training_plan if {
	every doc in [ex.proposal, ex.system] {
		_paths(sdm.warn, "MDN-SDM-01") == {"spec.human_resources.training_plan"} with input as json.remove(doc, ["spec/human_resources"])
		_paths(sdm.warn, "MDN-SDM-01") == {"spec.human_resources.training_plan"} with input as object.union(doc, {"spec": {"human_resources": null}})
		_paths(sdm.warn, "MDN-SDM-01") == {"spec.human_resources.training_plan"} with input as object.union(doc, {"spec": {"human_resources": {"training_plan": ""}}})
	}
}

test_sdm01_not_for_procurement if {
	count(sdm.warn) == 0 with input as json.remove(ex.procurement, ["spec/human_resources"])
}

# MDN-ORG-01

test_org01_warns_without_periodic_report if {
	every value in [null, "", "never"] {
		_paths(sdm.warn, "MDN-ORG-01") == {"spec.operations.periodic_report"} with input as _operations({"periodic_report": value})
	}
}

test_org01_only_for_systems if {
	_paths(sdm.warn, "MDN-ORG-01") == set() with input as ex.proposal
}

# MDN-ORG-02

test_org02_one_warning_per_missing_field if {
	findings := sdm.warn with input as _operations({"unit": null, "decree_ref": " "})
	_paths(findings, "MDN-ORG-02") == {"spec.operations.unit", "spec.operations.decree_ref"}
	some f in findings
	f.params == {"field": "decree_ref"}
	_paths(sdm.warn, "MDN-ORG-02") == {"spec.operations.decree_ref"} with input as _operations({"decree_ref": null})
}

test_every_org_rule_fires_when_operations_absent_or_null if {
	expected := {"spec.operations.periodic_report", "spec.operations.unit", "spec.operations.decree_ref"}
	{f.path | some f in sdm.warn} == expected with input as json.remove(ex.system, ["spec/operations"])
	{f.path | some f in sdm.warn} == expected with input as _operations(null)
}

test_org01_warns_for_values_that_are_not_periods if {
	# Only under conftest: the schema refuses these (issue 10).
	every value in [false, "tidak pernah", "setiap saat"] {
		_paths(sdm.warn, "MDN-ORG-01") == {"spec.operations.periodic_report"} with input as _operations({"periodic_report": value})
	}
}
