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
