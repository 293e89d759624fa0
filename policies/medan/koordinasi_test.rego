package patuh.rules.medan.koordinasi_test

import data.patuh.examples_test as ex
import data.patuh.rules.medan.koordinasi

# The paths of the findings of `rule` among `findings`.
_paths(findings, rule) := {f.path | some f in findings; f.rule == rule}

_no_coordination(doc) := json.remove(doc, ["spec/coordination"])

_status(doc, status) := object.union(doc, {"spec": {"coordination": {"diskominfo": {"status": status}}}})

test_compliant_examples_pass if {
	every doc in ex.documents {
		count(koordinasi.deny) == 0 with input as doc
		count(koordinasi.warn) == 0 with input as doc
	}
}

test_koor01_fires_on_every_kind_when_coordination_absent if {
	every doc in ex.documents {
		_paths(koordinasi.deny, "MDN-KOOR-01") == {"spec.coordination.diskominfo"} with input as _no_coordination(doc)
	}
}

test_koor01_fires_when_coordination_null if {
	doc := object.union(ex.proposal, {"spec": {"coordination": null}})
	_paths(koordinasi.deny, "MDN-KOOR-01") == {"spec.coordination.diskominfo"} with input as doc
}

test_koor01_fires_when_diskominfo_null if {
	doc := object.union(ex.system, {"spec": {"coordination": {"diskominfo": null}}})
	_paths(koordinasi.deny, "MDN-KOOR-01") == {"spec.coordination.diskominfo"} with input as doc
}

test_koor01_a_record_that_is_not_a_mapping_is_none if {
	# Only under conftest: the schema refuses a coordination written as text.
	every record in ["sudah koordinasi", ["555/1/Diskominfo/2026"], true] {
		doc := object.union(ex.proposal, {"spec": {"coordination": {"diskominfo": record}}})
		_paths(koordinasi.deny, "MDN-KOOR-01") == {"spec.coordination.diskominfo"} with input as doc
	}
}

test_koor01_fires_when_spec_null if {
	doc := object.union(ex.system, {"spec": null})
	_paths(koordinasi.deny, "MDN-KOOR-01") == {"spec.coordination.diskominfo"} with input as doc
}

test_koor01_names_each_missing_field if {
	doc := object.union(ex.procurement, {"spec": {"coordination": {"diskominfo": {"reference": "  ", "date": null}}}})
	findings := koordinasi.deny with input as doc
	_paths(findings, "MDN-KOOR-01") == {
		"spec.coordination.diskominfo.reference",
		"spec.coordination.diskominfo.date",
	}
	some f in findings
	f.path == "spec.coordination.diskominfo.date"
	f.params == {"field": "date"}
	startswith(f.msg, "MDN-KOOR-01: ")
}

test_koor01_fires_when_date_absent if {
	doc := json.remove(ex.proposal, ["spec/coordination/diskominfo/date"])
	_paths(koordinasi.deny, "MDN-KOOR-01") == {"spec.coordination.diskominfo.date"} with input as doc
}

test_koor02_fires_when_rejected if {
	findings := koordinasi.deny with input as _status(ex.proposal, "rejected")
	_paths(findings, "MDN-KOOR-02") == {"spec.coordination.diskominfo.status"}
	_paths(findings, "MDN-KOOR-01") == set()
}

test_koor02_passes_when_recommended_or_pending if {
	every status in ["recommended", "pending"] {
		_paths(koordinasi.deny, "MDN-KOOR-02") == set() with input as _status(ex.system, status)
	}
}

test_koor03_warns_when_pending if {
	_paths(koordinasi.warn, "MDN-KOOR-03") == {"spec.coordination.diskominfo.status"} with input as _status(ex.procurement, "pending")
}

test_koor03_silent_when_recommended_or_rejected if {
	every status in ["recommended", "rejected"] {
		count(koordinasi.warn) == 0 with input as _status(ex.procurement, status)
	}
}

test_diskominfo_is_exempt_case_insensitive_and_trimmed if {
	every opd in ["Diskominfo", "  dinas kominfo ", "DINAS KOMUNIKASI DAN INFORMATIKA"] {
		doc := object.union(_no_coordination(ex.proposal), {"metadata": {"opd": opd}})
		count(koordinasi.deny) == 0 with input as doc
	}
}

test_diskominfo_exempt_from_rejected_and_pending if {
	doc := object.union(_status(ex.system, "rejected"), {"metadata": {"opd": "Diskominfo"}})
	count(koordinasi.deny) == 0 with input as doc
	pending := object.union(_status(ex.system, "pending"), {"metadata": {"opd": "Diskominfo"}})
	count(koordinasi.warn) == 0 with input as pending
}

test_diskominfo_exempt_from_an_incomplete_or_late_record if {
	# Each clause of MDN-KOOR-01 exempts Diskominfo, not only the one without a record.
	incomplete := json.patch(ex.proposal, [
		{"op": "replace", "path": "/spec/coordination/diskominfo", "value": {"reference": "555/1/Diskominfo/2026"}},
		{"op": "replace", "path": "/metadata/opd", "value": "Diskominfo"},
	])
	count(koordinasi.deny) == 0 with input as incomplete
	late := object.union(_status(ex.proposal, "recommended"), {
		"metadata": {"opd": "Diskominfo", "submitted": "2026-02-10"},
		"spec": {"coordination": {"diskominfo": {"date": "2026-02-11"}}},
	})
	count(koordinasi.deny) == 0 with input as late
}

test_other_opd_with_similar_name_is_not_exempt if {
	doc := object.union(_no_coordination(ex.proposal), {"metadata": {"opd": "Dinas Kominfo Provinsi Sumut"}})
	_paths(koordinasi.deny, "MDN-KOOR-01") == {"spec.coordination.diskominfo"} with input as doc
}

test_exemption_list_comes_from_parameters if {
	doc := object.union(_no_coordination(ex.proposal), {"metadata": {"opd": "Dinas Kesehatan"}})
	count(koordinasi.deny) == 0 with input as doc with data.medan.params.diskominfo_names as ["Dinas Kesehatan"]
}

test_unknown_kind_is_not_checked if {
	doc := object.union(_no_coordination(ex.proposal), {"kind": "Other"})
	count(koordinasi.deny) == 0 with input as doc
}

test_unknown_kind_is_not_checked_by_any_clause if {
	# Only under conftest: the schema refuses a kind it does not know.
	every doc in [
		json.patch(ex.proposal, [{"op": "replace", "path": "/spec/coordination/diskominfo", "value": {}}]),
		_dated(ex.proposal, "2026-12-31"),
		_status(ex.proposal, "rejected"),
		_status(ex.proposal, "pending"),
	] {
		count(koordinasi.deny) == 0 with input as object.union(doc, {"kind": "Lainnya"})
		count(koordinasi.warn) == 0 with input as object.union(doc, {"kind": "Lainnya"})
	}
}

# A complete coordination record is reference, date and outcome (issue 10).

test_koor01_fires_without_status if {
	every diskominfo in [
		{"reference": "555/1/Diskominfo/2026", "date": "2026-01-20"},
		{"reference": "555/1/Diskominfo/2026", "date": "2026-01-20", "status": null},
		{"reference": "555/1/Diskominfo/2026", "date": "2026-01-20", "status": " "},
	] {
		doc := json.patch(ex.proposal, [{"op": "replace", "path": "/spec/coordination/diskominfo", "value": diskominfo}])
		findings := koordinasi.deny with input as doc
		_paths(findings, "MDN-KOOR-01") == {"spec.coordination.diskominfo.status"}
		some f in findings
		f.params == {"field": "status"}
	}
}

test_koor01_names_all_three_missing_fields if {
	doc := json.patch(ex.system, [{"op": "replace", "path": "/spec/coordination/diskominfo", "value": {}}])
	_paths(koordinasi.deny, "MDN-KOOR-01") == {
		"spec.coordination.diskominfo.reference",
		"spec.coordination.diskominfo.date",
		"spec.coordination.diskominfo.status",
	} with input as doc
}

# A coordination dated after the document's submission is not the one it rests on.

_dated(doc, date) := object.union(doc, {"spec": {"coordination": {"diskominfo": {"date": date}}}})

test_koor01_fires_when_coordinated_after_submission if {
	# proposal submitted 2026-02-10, procurement 2026-03-01
	every doc in [_dated(ex.proposal, "2026-02-11"), _dated(ex.procurement, "2026-12-31")] {
		findings := koordinasi.deny with input as doc
		_paths(findings, "MDN-KOOR-01") == {"spec.coordination.diskominfo.date"}
		some f in findings
		f.params == {"field": "date"}
	}
}

test_koor01_coordination_on_or_before_submission_day_passes if {
	every doc in [_dated(ex.proposal, "2026-02-10"), _dated(ex.proposal, "2025-12-01"), _dated(ex.procurement, "2026-03-01")] {
		count(koordinasi.deny) == 0 with input as doc
	}
}

test_koor01_any_date_passes_without_submission_date if {
	count(koordinasi.deny) == 0 with input as _dated(ex.system, "2030-01-01")
	doc := json.remove(_dated(ex.proposal, "2030-01-01"), ["metadata/submitted"])
	count(koordinasi.deny) == 0 with input as doc
}

test_koor01_conftest_timestamps_compare_by_day if {
	# conftest reads an unquoted YAML date as an RFC 3339 timestamp.
	late := object.union(_dated(ex.proposal, "2026-02-11T00:00:00Z"), {"metadata": {"submitted": "2026-02-10T00:00:00Z"}})
	_paths(koordinasi.deny, "MDN-KOOR-01") == {"spec.coordination.diskominfo.date"} with input as late
	same := object.union(_dated(ex.proposal, "2026-02-10T00:00:00Z"), {"metadata": {"submitted": "2026-02-10T00:00:00Z"}})
	count(koordinasi.deny) == 0 with input as same
}

test_koor01_a_date_that_names_no_day_fires if {
	every date in ["kemarin", "2026-13-45", "20-01-2026", true, 20260120] {
		_paths(koordinasi.deny, "MDN-KOOR-01") == {"spec.coordination.diskominfo.date"} with input as _dated(ex.system, date)
	}
	not_a_day := object.union(ex.proposal, {"metadata": {"submitted": "Februari 2026"}})
	_paths(koordinasi.deny, "MDN-KOOR-01") == {"spec.coordination.diskominfo.date"} with input as not_a_day
}

# Diskominfo's own names, with or without "Kota Medan", any spacing or case.

test_diskominfo_is_exempt_under_its_full_names if {
	every opd in [
		"Dinas Komunikasi dan Informatika Kota Medan",
		"Diskominfo Kota Medan",
		"DINAS  KOMINFO\tKOTA MEDAN",
		"dinas komunikasi dan informatika kota medan ",
		"Dinas Komunikasi dan Informatika",
	] {
		doc := object.union(_no_coordination(ex.proposal), {"metadata": {"opd": opd}})
		count(koordinasi.deny) == 0 with input as doc
	}
}

test_other_offices_of_medan_are_not_exempt if {
	every opd in ["Dinas Kesehatan Kota Medan", "Kota Medan", "Diskominfo Kota Binjai", "Bidang Diskominfo"] {
		doc := object.union(_no_coordination(ex.proposal), {"metadata": {"opd": opd}})
		_paths(koordinasi.deny, "MDN-KOOR-01") == {"spec.coordination.diskominfo"} with input as doc
	}
}

test_listed_names_are_normalised_too if {
	doc := object.union(_no_coordination(ex.proposal), {"metadata": {"opd": "Diskominfo"}})
	count(koordinasi.deny) == 0 with input as doc with data.medan.params.diskominfo_names as ["  DISKOMINFO   Kota Medan"]
}

# Issue 20.15: a coordination dated after the day of the check has not happened,
# also when the document gives no submission date.
test_koor01_fires_when_coordinated_after_the_run_date if {
	undated := json.remove(_dated(ex.proposal, "2026-07-01"), ["metadata/submitted"])
	every doc in [_dated(ex.system, "2026-07-01"), undated, _dated(ex.procurement, "2026-07-01")] {
		findings := koordinasi.deny with input as doc with data.patuh.run.date as "2026-06-30"
		_paths(findings, "MDN-KOOR-01") == {"spec.coordination.diskominfo.date"}
	}
	count(koordinasi.deny) == 0 with input as _dated(ex.system, "2026-06-30") with data.patuh.run.date as "2026-06-30"
	count(koordinasi.deny) == 0 with input as undated with data.patuh.run.date as "2026-07-01"
}

# In the desk (data.patuh.register.desk): the submission is the coordination; nothing
# of the applicant's coordination fields is asked for (issue 23).
_desk_register := {"letter_form": "^x$", "letters": {}, "proposals": {}, "desk": {"checked_on": "2026-03-02"}}

test_in_the_desk_koor01_to_03_ask_for_no_letter if {
	every doc in ex.documents {
		count(koordinasi.deny) == 0 with input as _no_coordination(doc) with data.patuh.register as _desk_register
	}
	count(koordinasi.warn) == 0 with input as _status(ex.proposal, "pending") with data.patuh.register as _desk_register
	count(koordinasi.deny) == 0 with input as _status(ex.proposal, "rejected") with data.patuh.register as _desk_register
}

test_with_a_register_without_desk_the_fields_are_asked_for if {
	register := json.remove(_desk_register, ["desk"])
	_paths(koordinasi.deny, "MDN-KOOR-01") == {"spec.coordination.diskominfo"} with input as _no_coordination(ex.proposal) with data.patuh.register as register
}
