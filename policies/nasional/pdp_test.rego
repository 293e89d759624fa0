package patuh.rules.nasional.pdp_test

import data.patuh.nasional_examples_test as ex
import data.patuh.rules.nasional.pdp

_at(findings, rule) := {f.path | some f in findings; f.rule == rule}

_dp(doc, value) := object.union(doc, {"spec": {"security": {"data_protection": value}}})

# The PPDB proposal processes children's data at scale, and so carries a DPIA; the
# DPIA tests start from it without one.
_ppdb_without_dpia := json.remove(ex.proposal, ["spec/security/data_protection/dpia_ref"])

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
		_at(pdp.deny, "NAS-PDP-02") == {"spec.security.data_protection.dpia_ref"} with input as _dp(_ppdb_without_dpia, {"categories": [category]})
	}
}

test_pdp02_other_high_risk_processing_needs_dpia if {
	_at(pdp.deny, "NAS-PDP-02") == {"spec.security.data_protection.dpia_ref"} with input as _dp(_ppdb_without_dpia, {"high_risk": ["large_scale"]})
}

test_pdp02_undeclared_risk_fails_closed if {
	_at(pdp.deny, "NAS-PDP-02") == {"spec.security.data_protection.dpia_ref"} with input as _dp(_ppdb_without_dpia, {"high_risk": null})
	_at(pdp.deny, "NAS-PDP-02") == {"spec.security.data_protection.dpia_ref"} with input as _dp(_ppdb_without_dpia, {"categories": []})

	# Only under conftest: the categories as one text say nothing the rule can read.
	_at(pdp.deny, "NAS-PDP-02") == {"spec.security.data_protection.dpia_ref"} with input as _dp(_ppdb_without_dpia, {"categories": "general"})
	_at(pdp.deny, "NAS-PDP-02") == {"spec.security.data_protection.dpia_ref"} with input as _dp(_ppdb_without_dpia, {"categories": {"jenis": "general"}})
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

# Huruf a: "untuk kepentingan pelayanan publik" (issue 22). An internal system on the
# basis `contract` that does not claim public service needs no officer under it; one
# that says public_service: true, or whose basis is public_task, does; one that says
# neither purpose nor basis is read as public service (fail closed).
test_pdp04_only_for_public_service if {
	internal := _dp(ex.system, {"officer": null, "lawful_basis": "contract"})
	_at(pdp.deny, "NAS-PDP-04") == set() with input as internal
	said := _dp(internal, {"public_service": true})
	_at(pdp.deny, "NAS-PDP-04") == {"spec.security.data_protection.officer.appointment_ref"} with input as said
	not_public := _dp(ex.system, {"officer": null, "public_service": false, "lawful_basis": "contract"})
	_at(pdp.deny, "NAS-PDP-04") == set() with input as not_public
	public_task := _dp(ex.system, {"officer": null, "public_service": false})
	_at(pdp.deny, "NAS-PDP-04") == {"spec.security.data_protection.officer.appointment_ref"} with input as public_task
	silent := _dp(ex.system, {"officer": null, "lawful_basis": null})
	_at(pdp.deny, "NAS-PDP-04") == {"spec.security.data_protection.officer.appointment_ref"} with input as silent
}

test_pdp03_cites_only_ayat_1 if {
	some f in pdp.deny with input as _dp(ex.system, {"breach_notification": {"within_hours": 96}})
	f.rule == "NAS-PDP-03"
	endswith(f.msg, "(UU 27/2022 Pasal 46 ayat (1))")
}

test_not_for_procurement if {
	count(pdp.deny) == 0 with input as ex.procurement
}

# Issue 22.4: categories of personal data beside personal_data: false are a
# contradiction (SCHEMA in the engine): PDP-02 reports it, and every duty applies.
test_pdp02_categories_beside_no_personal_data_contradict if {
	doc := object.union(ex.system, {"spec": {"security": {"personal_data": false}}})
	_at(pdp.deny, "NAS-PDP-02") == {"spec.security.data_protection.categories"} with input as doc
	bare := object.union(json.remove(ex.system, ["spec/security/data_protection"]), {"spec": {"security": {
		"personal_data": false,
		"data_protection": {"categories": ["health"]},
	}}})
	{f.rule | some f in pdp.deny} == {"NAS-PDP-01", "NAS-PDP-02", "NAS-PDP-03", "NAS-PDP-04"} with input as bare
	empty := object.union(doc, {"spec": {"security": {"data_protection": {"categories": []}}}})
	count(pdp.deny) == 0 with input as empty
}
