package patuh.rules.medan.sla_test

import data.patuh.examples_test as ex
import data.patuh.rules.medan.sla

_paths(findings, rule) := {f.path | some f in findings; f.rule == rule}

_sla(doc, patch) := object.union(doc, {"spec": {"sla": patch}})

test_compliant_examples_pass if {
	every doc in ex.documents {
		count(sla.deny) == 0 with input as doc
	}
}

test_every_sla_rule_fires_when_sla_absent_or_null if {
	expected := {
		"MDN-SLA-01": "spec.sla.availability_percent",
		"MDN-SLA-02": "spec.sla.backup",
		"MDN-SLA-03": "spec.sla.disaster_recovery.plan_ref",
		"MDN-SLA-05": "spec.sla.reliability.incident_response_hours",
	}
	every doc in [ex.proposal, ex.system] {
		{f.rule: f.path | some f in sla.deny} == expected with input as json.remove(doc, ["spec/sla"])
		{f.rule: f.path | some f in sla.deny} == expected with input as object.union(doc, {"spec": {"sla": null}})
	}
}

test_not_for_procurement if {
	count(sla.deny) == 0 with input as ex.procurement
}

# MDN-SLA-01

test_sla01_fires_below_minimum_with_params if {
	findings := sla.deny with input as _sla(ex.system, {"availability_percent": 97.5})
	some f in findings
	f.rule == "MDN-SLA-01"
	f.path == "spec.sla.availability_percent"
	f.params == {"minimum": 99.0, "actual": 97.5}
}

test_sla01_fires_when_availability_null if {
	findings := sla.deny with input as _sla(ex.proposal, {"availability_percent": null})
	some f in findings
	f.rule == "MDN-SLA-01"
	f.params == {"minimum": 99.0, "actual": null}
}

test_sla01_passes_at_the_minimum if {
	_paths(sla.deny, "MDN-SLA-01") == set() with input as _sla(ex.proposal, {"availability_percent": 99})
}

test_sla01_minimum_comes_from_parameters if {
	_paths(sla.deny, "MDN-SLA-01") == {"spec.sla.availability_percent"} with input as ex.system with data.medan.params.min_availability_percent as 99.9
}

test_sla01_fails_closed_without_parameters if {
	_paths(sla.deny, "MDN-SLA-01") == {"spec.sla.availability_percent"} with input as ex.system with data.medan.params as {}
}

# MDN-SLA-02

test_sla02_fires_without_backup_or_redundancy if {
	doc := _sla(ex.system, {"backup": {"frequency": "never"}, "redundancy": false})
	_paths(sla.deny, "MDN-SLA-02") == {"spec.sla.backup"} with input as doc
	no_backup := json.remove(_sla(ex.proposal, {"redundancy": null}), ["spec/sla/backup"])
	_paths(sla.deny, "MDN-SLA-02") == {"spec.sla.backup"} with input as no_backup
}

test_sla02_backup_alone_suffices if {
	doc := _sla(ex.system, {"backup": {"frequency": "weekly"}, "redundancy": false})
	_paths(sla.deny, "MDN-SLA-02") == set() with input as doc
}

test_sla02_redundancy_alone_suffices if {
	doc := _sla(ex.system, {"backup": null, "redundancy": true})
	_paths(sla.deny, "MDN-SLA-02") == set() with input as doc
}

# MDN-SLA-03

test_sla03_fires_without_disaster_recovery_plan if {
	_paths(sla.deny, "MDN-SLA-03") == {"spec.sla.disaster_recovery.plan_ref"} with input as _sla(ex.system, {"disaster_recovery": {"plan_ref": ""}})
	_paths(sla.deny, "MDN-SLA-03") == {"spec.sla.disaster_recovery.plan_ref"} with input as _sla(ex.proposal, {"disaster_recovery": null})
}

# MDN-SLA-04

test_sla04_fires_without_firewall if {
	every network in [{"firewall": false}, {"firewall": null}, null] {
		doc := object.union(ex.system, {"spec": {"security": {"network": network}}})
		_paths(sla.deny, "MDN-SLA-04") == {"spec.security.network.firewall"} with input as doc
	}
	_paths(sla.deny, "MDN-SLA-04") == {"spec.security.network.firewall"} with input as json.remove(ex.proposal, ["spec/security"])
}

# MDN-SLA-05

test_sla05_fires_without_positive_response_time if {
	every hours in [0, -1, null] {
		doc := _sla(ex.system, {"reliability": {"incident_response_hours": hours}})
		_paths(sla.deny, "MDN-SLA-05") == {"spec.sla.reliability.incident_response_hours"} with input as doc
	}
}

test_sla05_passes_with_positive_response_time if {
	doc := _sla(ex.system, {"reliability": {"incident_response_hours": 0.5}})
	_paths(sla.deny, "MDN-SLA-05") == set() with input as doc
}

test_sla05_hours_written_as_text_are_no_guarantee if {
	# Only under conftest, which validates nothing: "24" > 0 is true in Rego.
	every hours in ["24", true, [24]] {
		doc := _sla(ex.system, {"reliability": {"incident_response_hours": hours}})
		_paths(sla.deny, "MDN-SLA-05") == {"spec.sla.reliability.incident_response_hours"} with input as doc
	}
}

test_sla02_backup_frequency_that_is_not_a_period_is_no_backup if {
	# Only under conftest: the schema refuses these (issue 10).
	every frequency in [false, "tidak pernah", "sometimes"] {
		doc := _sla(ex.system, {"backup": {"frequency": frequency}, "redundancy": false})
		_paths(sla.deny, "MDN-SLA-02") == {"spec.sla.backup"} with input as doc
	}
}
