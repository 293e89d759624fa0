package patuh.rules.medan.perawatan_test

import data.patuh.examples_test as ex
import data.patuh.rules.medan.perawatan

_paths(findings, rule) := {f.path | some f in findings; f.rule == rule}

_maintenance(doc, patch) := object.union(doc, {"spec": {"maintenance": patch}})

test_compliant_examples_pass if {
	every doc in ex.documents {
		count(perawatan.deny) == 0 with input as doc
		count(perawatan.warn) == 0 with input as doc
	}
}

# MDN-RWT-01

test_rwt01_fires_for_contract_without_contract_ref if {
	every doc in ex.documents {
		every ref in [null, "", "  "] {
			patched := _maintenance(doc, {"performed_by": "contract", "contract_ref": ref})
			_paths(perawatan.deny, "MDN-RWT-01") == {"spec.maintenance.contract_ref"} with input as patched
		}
		absent := json.remove(_maintenance(doc, {"performed_by": "contract"}), ["spec/maintenance/contract_ref"])
		_paths(perawatan.deny, "MDN-RWT-01") == {"spec.maintenance.contract_ref"} with input as absent
	}
}

test_rwt01_not_for_an_unknown_kind if {
	# Only under conftest: the schema refuses a kind it does not know.
	doc := object.union(_maintenance(ex.system, {"performed_by": "contract", "contract_ref": ""}), {"kind": "Lainnya"})
	_paths(perawatan.deny, "MDN-RWT-01") == set() with input as doc
}

test_rwt01_passes_for_internal_maintenance_or_with_contract if {
	count(perawatan.deny) == 0 with input as _maintenance(ex.system, {"performed_by": "internal", "contract_ref": null})
	count(perawatan.deny) == 0 with input as _maintenance(ex.system, {"performed_by": "contract", "contract_ref": "SPK/1"})
	count(perawatan.deny) == 0 with input as json.remove(ex.system, ["spec/maintenance"])
}

# MDN-RWT-02 .. MDN-RWT-05

test_warnings_fire_when_maintenance_absent_or_null if {
	expected := {
		"spec.maintenance.manuals",
		"spec.maintenance.troubleshooting_procedure",
		"spec.maintenance.malware_scan",
		"spec.maintenance.physical_inspection",
	}
	every doc in [ex.proposal, ex.system] {
		{f.path | some f in perawatan.warn} == expected with input as json.remove(doc, ["spec/maintenance"])
		{f.path | some f in perawatan.warn} == expected with input as object.union(doc, {"spec": {"maintenance": null}})
	}
}

test_rwt02_fires_when_manuals_false_or_null if {
	_paths(perawatan.warn, "MDN-RWT-02") == {"spec.maintenance.manuals"} with input as _maintenance(ex.proposal, {"manuals": false})
	_paths(perawatan.warn, "MDN-RWT-02") == {"spec.maintenance.manuals"} with input as _maintenance(ex.system, {"manuals": null})
}

test_rwt03_fires_when_troubleshooting_procedure_false if {
	_paths(perawatan.warn, "MDN-RWT-03") == {"spec.maintenance.troubleshooting_procedure"} with input as _maintenance(ex.proposal, {"troubleshooting_procedure": false})
}

test_rwt04_fires_when_malware_scan_never_or_null if {
	every value in ["never", null, ""] {
		_paths(perawatan.warn, "MDN-RWT-04") == {"spec.maintenance.malware_scan"} with input as _maintenance(ex.system, {"malware_scan": value})
	}
}

test_rwt05_fires_when_physical_inspection_never_or_absent if {
	_paths(perawatan.warn, "MDN-RWT-05") == {"spec.maintenance.physical_inspection"} with input as _maintenance(ex.proposal, {"physical_inspection": "never"})
	_paths(perawatan.warn, "MDN-RWT-05") == {"spec.maintenance.physical_inspection"} with input as json.remove(ex.system, ["spec/maintenance/physical_inspection"])
}

test_rwt04_rwt05_pass_for_any_period if {
	every period in ["daily", "weekly", "monthly", "quarterly"] {
		count(perawatan.warn) == 0 with input as _maintenance(ex.system, {"malware_scan": period, "physical_inspection": period})
	}
}

test_warnings_not_for_procurement if {
	count(perawatan.warn) == 0 with input as ex.procurement
}

# lib.period is a closed list: what conftest lets through is not a schedule (issue 10).

test_rwt04_rwt05_fire_for_values_that_are_not_periods if {
	every value in [false, "tidak pernah", "kadang-kadang", 0] {
		findings := perawatan.warn with input as _maintenance(ex.system, {"malware_scan": value, "physical_inspection": value})
		_paths(findings, "MDN-RWT-04") == {"spec.maintenance.malware_scan"}
		_paths(findings, "MDN-RWT-05") == {"spec.maintenance.physical_inspection"}
	}
}
