package patuh.rules.nasional.audit_test

import data.patuh.nasional_examples_test as ex
import data.patuh.rules.nasional.audit

_at(findings, rule) := {f.path | some f in findings; f.rule == rule}

_audited(date) := object.union(ex.system, {"spec": {"audit": {"last_date": date}}})

test_compliant_system_passes_on_the_run_date if {
	count(audit.deny) == 0 with input as ex.system with data.patuh.run.date as ex.run_date
	count(audit.warn) == 0 with input as ex.system with data.patuh.run.date as ex.run_date
}

test_aud01_three_years_old_fires if {
	findings := audit.deny with input as _audited("2023-06-15") with data.patuh.run.date as "2026-06-30"
	some f in findings
	f.rule == "NAS-AUD-01"
	f.path == "spec.audit.last_date"
	f.params == {"last_date": "2023-06-15", "run_date": "2026-06-30"}
}

test_aud01_two_years_to_the_day_passes_one_day_more_fires if {
	count(audit.deny) == 0 with input as _audited("2024-06-30") with data.patuh.run.date as "2026-06-30"
	_at(audit.deny, "NAS-AUD-01") == {"spec.audit.last_date"} with input as _audited("2024-06-29") with data.patuh.run.date as "2026-06-30"
}

test_aud01_an_audit_on_the_run_day_passes if {
	count(audit.deny) == 0 with input as _audited("2026-06-30") with data.patuh.run.date as "2026-06-30"
}

test_aud01_depends_on_the_run_date if {
	count(audit.deny) == 0 with input as _audited("2025-01-01") with data.patuh.run.date as "2026-06-30"
	_at(audit.deny, "NAS-AUD-01") == {"spec.audit.last_date"} with input as _audited("2025-01-01") with data.patuh.run.date as "2027-06-30"
}

test_aud01_fails_closed if {
	# no run date
	_at(audit.deny, "NAS-AUD-01") == {"spec.audit.last_date"} with input as ex.system

	# no audit, a date that is not one, an audit dated after the run
	_at(audit.deny, "NAS-AUD-01") == {"spec.audit.last_date"} with input as json.remove(ex.system, ["spec/audit"]) with data.patuh.run.date as "2026-06-30"
	_at(audit.deny, "NAS-AUD-01") == {"spec.audit.last_date"} with input as _audited("kemarin") with data.patuh.run.date as "2026-06-30"
	_at(audit.deny, "NAS-AUD-01") == {"spec.audit.last_date"} with input as _audited("2026-07-01") with data.patuh.run.date as "2026-06-30"
}

test_aud02_auditor_and_registration if {
	_at(audit.warn, "NAS-AUD-02") == {"spec.audit.auditor", "spec.audit.auditor_registration_ref"} with input as json.remove(ex.system, ["spec/audit"])
	_at(audit.warn, "NAS-AUD-02") == {"spec.audit.auditor_registration_ref"} with input as object.union(ex.system, {"spec": {"audit": {"auditor_registration_ref": null}}})
}

# Pasal 16 also lets a government IT audit body audit (issue 22): it has no LATIK
# registration to give, but it must still be named.
test_aud02_a_government_audit_body_needs_no_registration if {
	government := object.union(ex.system, {"spec": {"audit": {"auditor_kind": "government", "auditor_registration_ref": null}}})
	_at(audit.warn, "NAS-AUD-02") == set() with input as government
	unnamed := object.union(government, {"spec": {"audit": {"auditor": " "}}})
	_at(audit.warn, "NAS-AUD-02") == {"spec.audit.auditor"} with input as unnamed
	accredited := object.union(government, {"spec": {"audit": {"auditor_kind": "accredited"}}})
	_at(audit.warn, "NAS-AUD-02") == {"spec.audit.auditor_registration_ref"} with input as accredited
}

test_only_for_systems if {
	count(audit.deny) == 0 with input as ex.proposal
	count(audit.warn) == 0 with input as ex.procurement
}
