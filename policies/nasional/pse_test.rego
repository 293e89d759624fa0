package patuh.rules.nasional.pse_test

import data.patuh.nasional_examples_test as ex
import data.patuh.rules.nasional.pse

_rules(findings) := {f.rule | some f in findings}

_at(findings, rule) := {f.path | some f in findings; f.rule == rule}

test_compliant_examples_pass if {
	every doc in ex.documents {
		count(pse.deny) == 0 with input as doc with data.patuh.run.date as ex.run_date
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
	doc := json.remove(ex.procurement, ["spec/deliverables/documentation", "spec/deliverables/source_code/includes"])
	_at(pse.deny, "NAS-PSE-02") == {"spec.deliverables.documentation"} with input as doc
	listed := object.union(doc, {"spec": {"deliverables": {"source_code": {"includes": ["source", "build_scripts"]}}}})
	_at(pse.deny, "NAS-PSE-02") == {"spec.deliverables.documentation"} with input as listed
}

# Documentation named among the parts of the code handed over (includes: documentation,
# as MDN-PBJ-05 asks) is the same fact: one place is enough (issue 22).
test_pse02_documentation_in_source_code_includes_is_enough if {
	doc := json.remove(ex.procurement, ["spec/deliverables/documentation"])
	_at(pse.deny, "NAS-PSE-02") == set() with input as doc
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

# Ayat (3): escrow only "dalam hal sarana … belum tersedia": the reason is asked for.
test_pse03_escrow_with_its_reason_passes if {
	doc := object.union(ex.system, {"spec": {"source_code": {"storage": "escrow", "escrow_reason": "Repositori kode Diskominfo belum tersedia"}}})
	_at(pse.deny, "NAS-PSE-03") == set() with input as doc
}

test_pse03_escrow_without_a_reason_fires if {
	system := object.union(ex.system, {"spec": {"source_code": {"storage": "escrow", "escrow_reason": " "}}})
	_at(pse.deny, "NAS-PSE-03") == {"spec.source_code.escrow_reason"} with input as system
	procurement := object.union(ex.procurement, {"spec": {"deliverables": {"source_code": {"storage": "escrow"}}}})
	_at(pse.deny, "NAS-PSE-03") == {"spec.deliverables.source_code.escrow_reason"} with input as procurement
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

test_pse07_agreements_for_services_not_goods_alone if {
	doc := json.remove(ex.procurement, ["spec/agreements"])
	_at(pse.deny, "NAS-PSE-07") == {"spec.agreements.sla_ref", "spec.agreements.information_security_ref"} with input as doc
	hardware := object.union(doc, {"spec": {"category": "hardware", "maintenance": {"performed_by": "internal", "contract_ref": null}}})
	_at(pse.deny, "NAS-PSE-07") == set() with input as hardware
	no_maintenance := json.remove(object.union(doc, {"spec": {"category": "hardware"}}), ["spec/maintenance"])
	_at(pse.deny, "NAS-PSE-07") == set() with input as no_maintenance
}

# Pasal 11 ayat (1) concerns the service: hardware bought with a contracted maintenance
# service buys that service (issue 22), and a missing category is not "hardware".
test_pse07_hardware_with_contracted_maintenance_fires if {
	doc := object.union(json.remove(ex.procurement, ["spec/agreements"]), {"spec": {"category": "hardware"}})
	_at(pse.deny, "NAS-PSE-07") == {"spec.agreements.sla_ref", "spec.agreements.information_security_ref"} with input as doc
	by_reference := object.union(doc, {"spec": {"maintenance": {"performed_by": null}}})
	_at(pse.deny, "NAS-PSE-07") == {"spec.agreements.sla_ref", "spec.agreements.information_security_ref"} with input as by_reference
	no_category := json.remove(doc, ["spec/category", "spec/maintenance"])
	_at(pse.deny, "NAS-PSE-07") == {"spec.agreements.sla_ref", "spec.agreements.information_security_ref"} with input as no_category
}

test_pse08_third_party_needs_classification if {
	doc := json.remove(object.union(ex.proposal, {"spec": {"hosting": {"provider": "PT Awan"}}}), ["spec/security/data_classification", "spec/third_parties"])
	findings := pse.deny with input as doc
	_at(findings, "NAS-PSE-08") == {"spec.security.data_classification"}
	some f in findings
	f.rule == "NAS-PSE-08"
	f.params == {"provider": "PT Awan"}
}

# "hosted or operated by a third party" (docs/national.md): a proposal with a
# third-party developer, and a system maintained under contract, use a third party's
# service too (issue 22). The finding names every one.
test_pse08_third_party_developer_of_a_proposal_fires if {
	doc := json.remove(ex.proposal, ["spec/security/data_classification"])
	findings := pse.deny with input as doc
	_at(findings, "NAS-PSE-08") == {"spec.security.data_classification"}
	some f in findings
	f.rule == "NAS-PSE-08"
	f.params == {"provider": "PT Sumatera Solusi Digital"}
	unnamed := object.union(doc, {"spec": {"third_parties": [{"role": "developer"}]}})
	_at(pse.deny, "NAS-PSE-08") == {"spec.security.data_classification"} with input as unnamed
	as_text := object.union(doc, {"spec": {"third_parties": "PT Sumatera Solusi Digital"}})
	_at(pse.deny, "NAS-PSE-08") == {"spec.security.data_classification"} with input as as_text
	empty_entry := object.union(doc, {"spec": {"third_parties": [{}]}})
	_at(pse.deny, "NAS-PSE-08") == {"spec.security.data_classification"} with input as empty_entry
}

test_pse08_system_maintained_under_contract_fires if {
	doc := json.remove(object.union(ex.system, {"spec": {"maintenance": {"performed_by": "contract", "contract_ref": "SPK/077/2026"}}}), ["spec/security/data_classification"])
	findings := pse.deny with input as doc
	_at(findings, "NAS-PSE-08") == {"spec.security.data_classification"}
	some f in findings
	f.rule == "NAS-PSE-08"
	f.params == {"provider": "SPK/077/2026"}
	unreferenced := object.union(doc, {"spec": {"maintenance": {"contract_ref": null}}})
	some g in pse.deny with input as unreferenced
	g.params == {"provider": "maintenance: contract"}
	contract_only := object.union(doc, {"spec": {"maintenance": {"performed_by": null}}})
	_at(pse.deny, "NAS-PSE-08") == {"spec.security.data_classification"} with input as contract_only
}

test_pse08_names_every_provider if {
	doc := json.remove(object.union(ex.proposal, {"spec": {"hosting": {"location": "public_cloud", "provider": "PT Awan"}, "maintenance": {"performed_by": "contract", "contract_ref": "SPK/1"}}}), ["spec/security/data_classification"])
	some f in pse.deny with input as doc
	f.rule == "NAS-PSE-08"
	f.params == {"provider": "PT Awan, PT Sumatera Solusi Digital, SPK/1, public_cloud"}
}

test_pse08_public_cloud_is_a_third_party if {
	doc := json.remove(object.union(ex.system, {"spec": {"hosting": {"location": "public_cloud"}}}), ["spec/security/data_classification"])
	_at(pse.deny, "NAS-PSE-08") == {"spec.security.data_classification"} with input as doc
}

test_pse08_vendor_premises_are_a_third_party if {
	# No other third party (the example's developer is one, issue 22 item 1).
	doc := json.remove(object.union(ex.proposal, {"spec": {"hosting": {"location": "vendor_premises"}}}), ["spec/security/data_classification", "spec/third_parties"])
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
	internal := json.remove(ex.proposal, ["spec/security/data_classification", "spec/third_parties"])
	_at(pse.deny, "NAS-PSE-08") == set() with input as internal
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

# Issue 22.2: a registration or fitness test dated after the day of the check has not
# happened (judged as NAS-AUD-01 judges the audit; without a run date they fire).
test_pse05_pse09_dates_after_the_run_date_fire if {
	doc := object.union(ex.system, {"spec": {
		"registration": {"date": "2027-01-15"},
		"fitness_test": {"date": "2027-01-10"},
	}})
	findings := pse.deny with input as doc with data.patuh.run.date as "2026-06-30"
	_at(findings, "NAS-PSE-05") == {"spec.registration.date"}
	_at(findings, "NAS-PSE-09") == {"spec.fitness_test.date"}
	some f in findings
	f.rule == "NAS-PSE-05"
	f.params == {"date": "2027-01-15", "run_date": "2026-06-30"}
	count(pse.deny) == 0 with input as doc with data.patuh.run.date as "2027-01-15"
}

test_pse05_pse09_without_a_run_date_fail_closed if {
	_rules(pse.deny) == {"NAS-PSE-05", "NAS-PSE-09"} with input as ex.system
	_at(pse.deny, "NAS-PSE-05") == {"spec.registration.date"} with input as ex.system
}
