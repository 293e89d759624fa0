package patuh.rules.nasional.pdp_test

import data.patuh.nasional_examples_test as ex
import data.patuh.rules.nasional.pdp

_at(findings, rule) := {f.path | some f in findings; f.rule == rule}

_dp(doc, value) := object.union(doc, {"spec": {"security": {"data_protection": value}}})

test_compliant_examples_pass if {
	every doc in ex.documents {
		count(pdp.deny) == 0 with input as doc
	}
}

test_no_personal_data_no_findings if {
	doc := object.union(json.remove(ex.proposal, ["spec/security/data_protection"]), {"spec": {"security": {"personal_data": false}}})
	count(pdp.deny) == 0 with input as doc
}

test_undeclared_personal_data_fails_closed if {
	doc := json.remove(ex.system, ["spec/security"])
	{f.rule | some f in pdp.deny} == {"NAS-PDP-01", "NAS-PDP-02", "NAS-PDP-03", "NAS-PDP-04"} with input as doc
}

test_pdp01_lawful_basis if {
	_at(pdp.deny, "NAS-PDP-01") == {"spec.security.data_protection.lawful_basis"} with input as _dp(ex.proposal, {"lawful_basis": null})
}

test_pdp02_health_data_needs_dpia if {
	_at(pdp.deny, "NAS-PDP-02") == {"spec.security.data_protection.dpia_ref"} with input as _dp(ex.system, {"categories": ["general", "health"]})
	count(pdp.deny) == 0 with input as _dp(ex.system, {"categories": ["health"], "dpia_ref": "DPIA-1"})
}

test_pdp02_every_specific_category_is_high_risk if {
	every category in ["health", "biometric", "genetic", "criminal_record", "children", "financial"] {
		_at(pdp.deny, "NAS-PDP-02") == {"spec.security.data_protection.dpia_ref"} with input as _dp(ex.proposal, {"categories": [category]})
	}
}

test_pdp02_other_high_risk_processing_needs_dpia if {
	_at(pdp.deny, "NAS-PDP-02") == {"spec.security.data_protection.dpia_ref"} with input as _dp(ex.proposal, {"high_risk": ["large_scale"]})
}

test_pdp02_undeclared_risk_fails_closed if {
	_at(pdp.deny, "NAS-PDP-02") == {"spec.security.data_protection.dpia_ref"} with input as _dp(ex.proposal, {"high_risk": null})
	_at(pdp.deny, "NAS-PDP-02") == {"spec.security.data_protection.dpia_ref"} with input as _dp(ex.proposal, {"categories": []})

	# Only under conftest: the categories as one text say nothing the rule can read.
	_at(pdp.deny, "NAS-PDP-02") == {"spec.security.data_protection.dpia_ref"} with input as _dp(ex.proposal, {"categories": "general"})
	_at(pdp.deny, "NAS-PDP-02") == {"spec.security.data_protection.dpia_ref"} with input as _dp(ex.proposal, {"categories": {"jenis": "general"}})
}

test_pdp03_deadline_and_recipients if {
	_at(pdp.deny, "NAS-PDP-03") == {"spec.security.data_protection.breach_notification.within_hours"} with input as _dp(ex.proposal, {"breach_notification": {"within_hours": 73}})
	count(pdp.deny) == 0 with input as _dp(ex.proposal, {"breach_notification": {"within_hours": 24}})
	_at(pdp.deny, "NAS-PDP-03") == {"spec.security.data_protection.breach_notification.recipients"} with input as _dp(ex.proposal, {"breach_notification": {"recipients": ["agency"]}})
	_at(pdp.deny, "NAS-PDP-03") == {
		"spec.security.data_protection.breach_notification.procedure_ref",
		"spec.security.data_protection.breach_notification.within_hours",
		"spec.security.data_protection.breach_notification.recipients",
	} with input as _dp(ex.system, {"breach_notification": null})
}

test_pdp03_the_data_subjects_alone_are_not_enough if {
	# UU 27/2022 Pasal 46: the agency is told as well as the data subjects.
	_at(pdp.deny, "NAS-PDP-03") == {"spec.security.data_protection.breach_notification.recipients"} with input as _dp(ex.system, {"breach_notification": {"recipients": ["data_subjects"]}})
}

test_pdp03_values_the_schema_refuses_fire if {
	# Only under conftest: hours as text ("24" <= 72 is false in Rego, but so is the
	# promise), the recipients as one text.
	_at(pdp.deny, "NAS-PDP-03") == {"spec.security.data_protection.breach_notification.within_hours"} with input as _dp(ex.proposal, {"breach_notification": {"within_hours": "24"}})
	_at(pdp.deny, "NAS-PDP-03") == {"spec.security.data_protection.breach_notification.recipients"} with input as _dp(ex.proposal, {"breach_notification": {"recipients": "data_subjects, agency"}})
	_at(pdp.deny, "NAS-PDP-03") == {"spec.security.data_protection.breach_notification.recipients"} with input as _dp(ex.proposal, {"breach_notification": {"recipients": {"a": "data_subjects", "b": "agency"}}})
}

test_pdp04_officer if {
	_at(pdp.deny, "NAS-PDP-04") == {"spec.security.data_protection.officer.appointment_ref"} with input as _dp(ex.system, {"officer": {"appointment_ref": ""}})
}

test_not_for_procurement if {
	count(pdp.deny) == 0 with input as ex.procurement
}
