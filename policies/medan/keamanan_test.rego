package patuh.rules.medan.keamanan_test

import data.patuh.examples_test as ex
import data.patuh.rules.medan.keamanan

_paths(findings, rule) := {f.path | some f in findings; f.rule == rule}

_security(doc, patch) := object.union(doc, {"spec": {"security": patch}})

_public := {"data_classification": "public", "personal_data": false}

test_compliant_examples_pass if {
	every doc in ex.documents {
		count(keamanan.deny) == 0 with input as doc
		count(keamanan.warn) == 0 with input as doc
	}
}

test_every_security_rule_fires_when_security_absent_or_null if {
	errors := {
		"spec.security.data_classification",
		"spec.security.personal_data",
		"spec.security.integrity",
		"spec.security.authentication.method",
		"spec.security.audit_log.enabled",
		"spec.security.access_control.model",
		"spec.security.encryption.in_transit",
	}
	warnings := {
		"spec.security.network.ids",
		"spec.security.network.antivirus",
		"spec.security.network.vpn",
		"spec.security.physical.document_security",
		"spec.security.physical.room_security",
		"spec.security.procedures_ref",
	}
	every doc in [json.remove(ex.system, ["spec/security"]), _security(ex.proposal, null)] {
		{f.path | some f in keamanan.deny} == errors with input as doc
		{f.path | some f in keamanan.warn} == warnings with input as doc
	}
}

test_not_for_procurement if {
	count(keamanan.deny) == 0 with input as ex.procurement
	count(keamanan.warn) == 0 with input as ex.procurement
}

# MDN-KAM-01

test_kam01_fires_without_classification if {
	_paths(keamanan.deny, "MDN-KAM-01") == {"spec.security.data_classification"} with input as _security(ex.system, {"data_classification": null})
	_paths(keamanan.deny, "MDN-KAM-01") == {"spec.security.data_classification"} with input as json.remove(ex.proposal, ["spec/security/data_classification"])
}

# Issue 13.8: an undeclared personal_data is not a "no"; the declaration is required.
test_kam01_fires_when_personal_data_is_not_declared if {
	every doc in [
		json.remove(ex.system, ["spec/security/personal_data"]),
		_security(ex.proposal, {"personal_data": null}),
		_security(ex.system, {"personal_data": "ya"}), # under conftest nothing is validated
	] {
		_paths(keamanan.deny, "MDN-KAM-01") == {"spec.security.personal_data"} with input as doc
	}
	every declared in [true, false] {
		not "spec.security.personal_data" in _paths(keamanan.deny, "MDN-KAM-01") with input as _security(ex.system, {"personal_data": declared})
	}
}

test_kam01_sensitive_data_needs_encryption_at_rest if {
	every patch in [
		{"data_classification": "confidential", "personal_data": false},
		{"data_classification": "secret", "personal_data": false},
		{"data_classification": "public", "personal_data": true},
	] {
		doc := _security(ex.system, object.union(patch, {"encryption": {"at_rest": false}}))
		_paths(keamanan.deny, "MDN-KAM-01") == {"spec.security.encryption.at_rest"} with input as doc
	}
}

test_kam01_at_rest_null_is_not_encrypted if {
	doc := _security(ex.proposal, {"encryption": {"at_rest": null}})
	_paths(keamanan.deny, "MDN-KAM-01") == {"spec.security.encryption.at_rest"} with input as doc
}

test_kam01_public_data_needs_no_encryption_at_rest if {
	every classification in ["public", "internal"] {
		doc := _security(ex.system, {"data_classification": classification, "personal_data": false, "encryption": {"at_rest": false}})
		_paths(keamanan.deny, "MDN-KAM-01") == set() with input as doc
	}
}

# MDN-KAM-02

test_kam02_fires_without_an_integrity_control if {
	every integrity in [{"checksums": false, "input_validation": false, "digital_signature": false}, {}, null] {
		doc := json.patch(ex.system, [{"op": "replace", "path": "/spec/security/integrity", "value": integrity}])
		_paths(keamanan.deny, "MDN-KAM-02") == {"spec.security.integrity"} with input as doc
	}
}

test_kam02_one_control_suffices if {
	doc := _security(ex.system, {"integrity": {"checksums": false, "input_validation": false, "digital_signature": true}})
	_paths(keamanan.deny, "MDN-KAM-02") == set() with input as doc
}

# MDN-KAM-03

test_kam03_fires_without_authentication if {
	every method in ["none", null, ""] {
		doc := _security(ex.proposal, {"authentication": {"method": method}})
		_paths(keamanan.deny, "MDN-KAM-03") == {"spec.security.authentication.method"} with input as doc
	}
}

test_kam03_passes_for_any_method if {
	every method in ["password", "password_mfa", "sso", "certificate"] {
		doc := _security(ex.system, object.union(_public, {"authentication": {"method": method}}))
		_paths(keamanan.deny, "MDN-KAM-03") == set() with input as doc
	}
}

# MDN-KAM-04

test_kam04_fires_without_audit_log if {
	_paths(keamanan.deny, "MDN-KAM-04") == {"spec.security.audit_log.enabled"} with input as _security(ex.system, {"audit_log": {"enabled": false}})
	_paths(keamanan.deny, "MDN-KAM-04") == {"spec.security.audit_log.enabled"} with input as _security(ex.system, {"audit_log": null})
}

# MDN-KAM-05

test_kam05_fires_without_access_control if {
	every model in ["none", null] {
		doc := _security(ex.system, {"access_control": {"model": model}})
		_paths(keamanan.deny, "MDN-KAM-05") == {"spec.security.access_control.model"} with input as doc
	}
}

test_kam05_passes_for_any_model if {
	every model in ["rbac", "abac", "acl"] {
		_paths(keamanan.deny, "MDN-KAM-05") == set() with input as _security(ex.system, {"access_control": {"model": model}})
	}
}

# MDN-KAM-06

# The paper names encryption, a certification authority and PKI as examples ("misal"):
# any one of them is a means of securing transmission (issue 22); neither fires.
test_kam06_fires_without_any_means_of_securing_transmission if {
	every value in ["none", null] {
		doc := _security(ex.system, {"encryption": {"in_transit": value}, "pki": null})
		_paths(keamanan.deny, "MDN-KAM-06") == {"spec.security.encryption.in_transit"} with input as doc
	}
}

test_kam06_transport_encryption_alone_or_a_certificate_authority_alone_is_a_means if {
	_paths(keamanan.deny, "MDN-KAM-06") == set() with input as _security(ex.system, {"encryption": {"in_transit": "none"}})
	_paths(keamanan.deny, "MDN-KAM-06") == set() with input as _security(ex.system, {"pki": null})
}

test_kam06_mtls_is_stronger_than_tls if {
	_paths(keamanan.deny, "MDN-KAM-06") == set() with input as _security(ex.system, {"encryption": {"in_transit": "mtls"}})
}

test_kam06_a_blank_certificate_authority_is_no_means if {
	doc := _security(ex.proposal, {"encryption": {"in_transit": "none"}, "pki": {"certificate_authority": " "}})
	_paths(keamanan.deny, "MDN-KAM-06") == {"spec.security.encryption.in_transit"} with input as doc
}

# MDN-KAM-07

test_kam07_one_warning_per_missing_network_control if {
	doc := _security(ex.system, {"network": {"firewall": true, "ids": false, "antivirus": true, "vpn": null}})
	findings := keamanan.warn with input as doc
	_paths(findings, "MDN-KAM-07") == {"spec.security.network.ids", "spec.security.network.vpn"}
	some f in findings
	f.path == "spec.security.network.ids"
	f.params == {"control": "ids"}
}

test_kam07_each_control_alone if {
	every control in ["ids", "antivirus", "vpn"] {
		doc := json.remove(ex.proposal, [concat("/", ["spec/security/network", control])])
		_paths(keamanan.warn, "MDN-KAM-07") == {sprintf("spec.security.network.%s", [control])} with input as doc
	}
}

# MDN-KAM-08

test_kam08_one_warning_per_missing_physical_control if {
	every control in ["document_security", "room_security"] {
		doc := _security(ex.system, {"physical": {control: false}})
		_paths(keamanan.warn, "MDN-KAM-08") == {sprintf("spec.security.physical.%s", [control])} with input as doc
	}
	both := _security(ex.system, {"physical": null})
	_paths(keamanan.warn, "MDN-KAM-08") == {
		"spec.security.physical.document_security",
		"spec.security.physical.room_security",
	} with input as both
}

# Issue 12: the controls are read from their section (keamanan._network, _physical),
# not by their whole path. A section that is absent, null or not a mapping (possible
# under conftest), or a control that is anything but the boolean true, still fires.
test_kam07_kam08_fire_whatever_the_section_holds if {
	network := {"spec.security.network.ids", "spec.security.network.antivirus", "spec.security.network.vpn"}
	physical := {"spec.security.physical.document_security", "spec.security.physical.room_security"}
	every section in [null, [], ["ids", "vpn"], "ya", true] {
		doc := _security(ex.system, {"network": section, "physical": section})
		_paths(keamanan.warn, "MDN-KAM-07") == network with input as doc
		_paths(keamanan.warn, "MDN-KAM-08") == physical with input as doc
	}
	absent := json.remove(ex.system, ["spec/security/network", "spec/security/physical"])
	_paths(keamanan.warn, "MDN-KAM-07") == network with input as absent
	_paths(keamanan.warn, "MDN-KAM-08") == physical with input as absent
	not_true := {"ids": "true", "antivirus": 1, "vpn": [true], "document_security": "yes", "room_security": {"x": true}}
	_paths(keamanan.warn, "MDN-KAM-07") == network with input as _security(ex.system, {"network": not_true})
	_paths(keamanan.warn, "MDN-KAM-08") == physical with input as _security(ex.system, {"physical": not_true})
}

# MDN-KAM-09

test_kam09_warns_without_procedures_ref if {
	_paths(keamanan.warn, "MDN-KAM-09") == {"spec.security.procedures_ref"} with input as _security(ex.system, {"procedures_ref": ""})
	_paths(keamanan.warn, "MDN-KAM-09") == {"spec.security.procedures_ref"} with input as json.remove(ex.proposal, ["spec/security/procedures_ref"])
}

# MDN-KAM-10 (derived)

test_kam10_warns_for_sensitive_data_behind_password_only if {
	every patch in [
		{"data_classification": "confidential", "personal_data": false},
		{"data_classification": "secret", "personal_data": null},
		{"data_classification": "internal", "personal_data": true},
	] {
		doc := _security(ex.system, object.union(patch, {"authentication": {"method": "password"}}))
		_paths(keamanan.warn, "MDN-KAM-10") == {"spec.security.authentication.method"} with input as doc
	}
}

test_kam10_warns_on_proposals_and_systems_only if {
	every doc in [ex.proposal, ex.system] {
		sensitive := _security(doc, {"data_classification": "confidential", "authentication": {"method": "password"}})
		_paths(keamanan.warn, "MDN-KAM-10") == {"spec.security.authentication.method"} with input as sensitive
	}

	# Only under conftest: the schema has no security section on a procurement.
	every kind in ["Procurement", "Lainnya"] {
		doc := object.union(_security(ex.system, {"data_classification": "confidential", "authentication": {"method": "password"}, "encryption": {"at_rest": false}}), {"kind": kind})
		_paths(keamanan.warn, "MDN-KAM-10") == set() with input as doc
		_paths(keamanan.deny, "MDN-KAM-01") == set() with input as doc
	}
}

test_kam10_silent_for_public_data_or_second_factor if {
	public := _security(ex.system, object.union(_public, {"authentication": {"method": "password"}}))
	_paths(keamanan.warn, "MDN-KAM-10") == set() with input as public
	every method in ["password_mfa", "sso", "certificate"] {
		_paths(keamanan.warn, "MDN-KAM-10") == set() with input as _security(ex.proposal, {"authentication": {"method": method}})
	}
}
