package patuh.rules.nasional.pse_test

import data.patuh.nasional_examples_test as ex
import data.patuh.rules.nasional.pse

_rules(findings) := {f.rule | some f in findings}

_at(findings, rule) := {f.path | some f in findings; f.rule == rule}

test_compliant_examples_pass if {
	every doc in ex.documents {
		count(pse.deny) == 0 with input as doc
	}
}

test_pse01_cloud_abroad_fires if {
	doc := object.union(ex.system, {"spec": {"hosting": {"location": "public_cloud", "country": "SG"}}})
	findings := pse.deny with input as doc
	_at(findings, "NAS-PSE-01") == {"spec.hosting.country"}
	some f in findings
	f.rule == "NAS-PSE-01"
	f.params == {"actual": "SG"}
}

test_pse01_unknown_country_fires_off_the_citys_premises if {
	doc := json.remove(object.union(ex.proposal, {"spec": {"hosting": {"location": "vendor_premises"}}}), ["spec/hosting/country"])
	_at(pse.deny, "NAS-PSE-01") == {"spec.hosting.country"} with input as doc
}

test_pse01_city_premises_are_in_indonesia if {
	doc := json.remove(ex.system, ["spec/hosting/country"])
	_at(pse.deny, "NAS-PSE-01") == set() with input as doc
}

test_pse01_an_opd_server_room_is_in_indonesia if {
	doc := json.remove(object.union(ex.proposal, {"spec": {"hosting": {"location": "opd_server_room"}}}), ["spec/hosting/country"])
	_at(pse.deny, "NAS-PSE-01") == set() with input as doc
}

test_pse01_a_foreign_country_fires_even_on_the_citys_premises if {
	every location in ["diskominfo_datacenter", "opd_server_room"] {
		doc := object.union(ex.system, {"spec": {"hosting": {"location": location, "country": "SG"}}})
		_at(pse.deny, "NAS-PSE-01") == {"spec.hosting.country"} with input as doc
	}
}

test_pse01_no_hosting_fires if {
	_at(pse.deny, "NAS-PSE-01") == {"spec.hosting.country"} with input as json.remove(ex.proposal, ["spec/hosting"])
}

test_pse02_code_without_documentation_fires if {
	doc := json.remove(ex.procurement, ["spec/deliverables/documentation"])
	_at(pse.deny, "NAS-PSE-02") == {"spec.deliverables.documentation"} with input as doc
}

test_pse02_no_handover_fires if {
	doc := object.union(ex.procurement, {"spec": {"deliverables": {"source_code": {"handover": false}}}})
	_at(pse.deny, "NAS-PSE-02") == {"spec.deliverables.source_code.handover"} with input as doc
}

test_pse02_and_03_only_for_custom_software if {
	doc := json.remove(object.union(ex.procurement, {"spec": {"category": "general_application_software"}}), ["spec/deliverables"])
	findings := pse.deny with input as doc
	_at(findings, "NAS-PSE-02") == set()
	_at(findings, "NAS-PSE-03") == set()
}

test_pse03_procurement_storage_missing_fires if {
	doc := json.remove(ex.procurement, ["spec/deliverables/source_code/storage"])
	_at(pse.deny, "NAS-PSE-03") == {"spec.deliverables.source_code.storage"} with input as doc
}

test_pse03_system_fails_closed_when_custom_software_undeclared if {
	_at(pse.deny, "NAS-PSE-03") == {"spec.source_code.storage"} with input as json.remove(ex.system, ["spec/source_code"])
}

test_pse03_system_without_custom_software_passes if {
	doc := object.union(json.remove(ex.system, ["spec/source_code"]), {"spec": {"source_code": {"custom_software": false}}})
	_at(pse.deny, "NAS-PSE-03") == set() with input as doc
}

test_pse03_escrow_passes if {
	doc := object.union(ex.system, {"spec": {"source_code": {"storage": "escrow"}}})
	_at(pse.deny, "NAS-PSE-03") == set() with input as doc
}

test_pse04_continuity_plan_missing_or_blank_fires if {
	_at(pse.deny, "NAS-PSE-04") == {"spec.sla.continuity_plan_ref"} with input as json.remove(ex.proposal, ["spec/sla/continuity_plan_ref"])
	_at(pse.deny, "NAS-PSE-04") == {"spec.sla.continuity_plan_ref"} with input as object.union(ex.system, {"spec": {"sla": {"continuity_plan_ref": " "}}})
}

test_pse05_registration_fires_per_missing_field if {
	_at(pse.deny, "NAS-PSE-05") == {"spec.registration.number", "spec.registration.date"} with input as json.remove(ex.system, ["spec/registration"])
	_at(pse.deny, "NAS-PSE-05") == set() with input as json.remove(ex.proposal, ["spec/registration"])
}

test_pse06_audit_log_must_be_enabled if {
	_at(pse.deny, "NAS-PSE-06") == {"spec.security.audit_log.enabled"} with input as object.union(ex.proposal, {"spec": {"security": {"audit_log": {"enabled": false}}}})
	_at(pse.deny, "NAS-PSE-06") == {"spec.security.audit_log.enabled"} with input as json.remove(ex.system, ["spec/security/audit_log"])
}

test_pse07_agreements_for_services_not_hardware if {
	doc := json.remove(ex.procurement, ["spec/agreements"])
	_at(pse.deny, "NAS-PSE-07") == {"spec.agreements.sla_ref", "spec.agreements.information_security_ref"} with input as doc
	hardware := object.union(doc, {"spec": {"category": "hardware"}})
	_at(pse.deny, "NAS-PSE-07") == set() with input as hardware
}

test_pse08_third_party_needs_classification if {
	doc := json.remove(object.union(ex.proposal, {"spec": {"hosting": {"provider": "PT Awan"}}}), ["spec/security/data_classification"])
	findings := pse.deny with input as doc
	_at(findings, "NAS-PSE-08") == {"spec.security.data_classification"}
	some f in findings
	f.rule == "NAS-PSE-08"
	f.params == {"provider": "PT Awan"}
}

test_pse08_public_cloud_is_a_third_party if {
	doc := json.remove(object.union(ex.system, {"spec": {"hosting": {"location": "public_cloud"}}}), ["spec/security/data_classification"])
	_at(pse.deny, "NAS-PSE-08") == {"spec.security.data_classification"} with input as doc
}

test_pse08_vendor_premises_are_a_third_party if {
	doc := json.remove(object.union(ex.proposal, {"spec": {"hosting": {"location": "vendor_premises"}}}), ["spec/security/data_classification"])
	findings := pse.deny with input as doc
	_at(findings, "NAS-PSE-08") == {"spec.security.data_classification"}

	# Without a provider named, the finding names the location.
	some f in findings
	f.rule == "NAS-PSE-08"
	f.params == {"provider": "vendor_premises"}
}

test_pse08_a_provider_on_the_citys_premises_is_a_third_party if {
	doc := json.remove(object.union(ex.system, {"spec": {"hosting": {"location": "opd_server_room", "provider": "PT Awan"}}}), ["spec/security/data_classification"])
	_at(pse.deny, "NAS-PSE-08") == {"spec.security.data_classification"} with input as doc
}

test_pse08_own_premises_need_no_classification_here if {
	doc := json.remove(ex.system, ["spec/security/data_classification"])
	_at(pse.deny, "NAS-PSE-08") == set() with input as doc
}

test_pse08_a_third_party_with_classified_data_passes if {
	doc := object.union(ex.system, {"spec": {"hosting": {"location": "public_cloud", "provider": "PT Awan"}, "security": {"data_classification": "internal"}}})
	_at(pse.deny, "NAS-PSE-08") == set() with input as doc
}

test_rules_do_not_fire_on_kinds_they_do_not_apply_to if {
	# Only under conftest: the schema refuses a procurement's sections under another
	# kind, a system's hosting under a procurement, and any unknown kind.
	software := object.union(json.remove(ex.procurement, ["spec/deliverables", "spec/agreements"]), {"spec": {"category": "special_application_software"}})
	every kind in ["Proposal", "System", "Lainnya"] {
		found := pse.deny with input as object.union(software, {"kind": kind})
		{f.rule | some f in found} & {"NAS-PSE-02", "NAS-PSE-07"} == set()
		{f.path | some f in found; f.rule == "NAS-PSE-03"} & {"spec.deliverables.source_code.storage"} == set()
	}
	third_party := json.remove(object.union(ex.system, {"spec": {"hosting": {"location": "public_cloud", "provider": "PT Awan"}}}), ["spec/security/data_classification"])
	every kind in ["Procurement", "Lainnya"] {
		_at(pse.deny, "NAS-PSE-08") == set() with input as object.union(third_party, {"kind": kind})
	}
}

test_pse09_fitness_test if {
	_at(pse.deny, "NAS-PSE-09") == {"spec.fitness_test.reference", "spec.fitness_test.date"} with input as json.remove(ex.system, ["spec/fitness_test"])
	_at(pse.deny, "NAS-PSE-09") == {"spec.fitness_test.date"} with input as object.union(ex.system, {"spec": {"fitness_test": {"date": null}}})
}

test_null_spec_fails_closed if {
	_rules(pse.deny) == {"NAS-PSE-01", "NAS-PSE-03", "NAS-PSE-04", "NAS-PSE-05", "NAS-PSE-06", "NAS-PSE-09"} with input as {"kind": "System", "metadata": {"opd": "X"}, "spec": null}
}
