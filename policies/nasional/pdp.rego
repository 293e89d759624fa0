# METADATA
# title: Pelindungan data pribadi (UU 27/2022)
# description: |
#   An OPD is a Pengendali Data Pribadi (UU 27/2022 Pasal 1). A document that does
#   not say `security.personal_data: false` is read as processing personal data
#   (fail closed). Texts: rules/nasional/pdp.yaml (docs/national.md).
package patuh.rules.nasional.pdp

import data.patuh.lib

_dp := ["spec", "security", "data_protection"]

_personal_data if {
	input.kind in {"Proposal", "System"}
	lib.get(["spec", "security", "personal_data"]) != false
}

# Categories of personal data named: personal data, whatever `personal_data` says
# (fail closed on the contradiction NAS-PDP-02 reports).
_personal_data if {
	input.kind in {"Proposal", "System"}
	not lib.blank(lib.get(array.concat(_dp, ["categories"])))
}

# METADATA
# title: Dasar pemrosesan data pribadi
# custom:
#   id: NAS-PDP-01
#   severity: error
deny contains lib.finding(
	"NAS-PDP-01", "spec.security.data_protection.lawful_basis",
	"dasar pemrosesan data pribadi wajib ada (UU 27/2022 Pasal 20 ayat (1))",
	{},
) if {
	_personal_data
	not lib.filled(array.concat(_dp, ["lawful_basis"]))
}

# UU 27/2022 Pasal 4 ayat (2): the specific personal data.
_specific := {"health", "biometric", "genetic", "criminal_record", "children", "financial"}

# Low risk only when the document says so: categories declared, none specific, and
# an empty list of the other high-risk kinds of processing.
_low_risk if {
	categories := lib.get(array.concat(_dp, ["categories"]))
	is_array(categories)
	count(categories) > 0
	every category in categories {
		not category in _specific
	}
	lib.get(array.concat(_dp, ["high_risk"])) == []
}

# METADATA
# title: Penilaian dampak pelindungan data pribadi
# custom:
#   id: NAS-PDP-02
#   severity: error
deny contains lib.finding(
	"NAS-PDP-02", "spec.security.data_protection.dpia_ref",
	"pemrosesan berisiko tinggi wajib disertai penilaian dampak (UU 27/2022 Pasal 34 ayat (1)-(2))",
	{},
) if {
	_personal_data
	not _low_risk
	not lib.filled(array.concat(_dp, ["dpia_ref"]))
}

# METADATA
# title: Penilaian dampak pelindungan data pribadi
# description: |
#   Categories of personal data named beside `personal_data: false`: one of the two
#   is false, and reading the "false" would excuse every duty of this area (issue
#   22.4). The engine refuses the contradiction as SCHEMA; under conftest this fires.
# custom:
#   id: NAS-PDP-02
#   severity: error
deny contains lib.finding(
	"NAS-PDP-02", "spec.security.data_protection.categories",
	"kategori data pribadi bertentangan dengan personal_data: false (UU 27/2022 Pasal 34 ayat (1)-(2))",
	{},
) if {
	input.kind in {"Proposal", "System"}
	input.spec.security.personal_data == false
	not lib.blank(lib.get(array.concat(_dp, ["categories"])))
}

_breach := array.concat(_dp, ["breach_notification"])

_breach_gaps contains "procedure_ref" if not lib.filled(array.concat(_breach, ["procedure_ref"]))

_breach_gaps contains "within_hours" if {
	hours := lib.get(array.concat(_breach, ["within_hours"]))
	not _within_three_days(hours)
}

_within_three_days(hours) if {
	is_number(hours)
	hours <= 72
}

_breach_gaps contains "recipients" if {
	recipients := object.get(input, array.concat(_breach, ["recipients"]), [])
	not _notifies_both(recipients)
}

_notifies_both(recipients) if {
	is_array(recipients)
	"data_subjects" in recipients
	"agency" in recipients
}

# METADATA
# title: Pemberitahuan kegagalan pelindungan data pribadi
# custom:
#   id: NAS-PDP-03
#   severity: error
deny contains lib.finding(
	"NAS-PDP-03", sprintf("spec.security.data_protection.breach_notification.%s", [gap]),
	"kegagalan pelindungan data pribadi wajib diberitahukan tertulis paling lambat 3 x 24 jam (UU 27/2022 Pasal 46 ayat (1))",
	{},
) if {
	_personal_data
	some gap in _breach_gaps
}

# Huruf a: "pemrosesan Data Pribadi untuk kepentingan pelayanan publik". The purpose is
# public service when the document says so (public_service: true) or its lawful basis
# is public_task; and when it says neither (no public_service, no lawful basis) it is
# read as public service, as an OPD's processing usually is (fail closed). An internal
# system on another basis (e.g. contract) that does not claim public service is not.
_for_public_service if lib.get(array.concat(_dp, ["public_service"])) == true

_for_public_service if lib.get(array.concat(_dp, ["lawful_basis"])) == "public_task"

_for_public_service if {
	lib.get(array.concat(_dp, ["public_service"])) == null
	lib.blank(lib.get(array.concat(_dp, ["lawful_basis"])))
}

# METADATA
# title: Pejabat pelindungan data pribadi ditunjuk
# custom:
#   id: NAS-PDP-04
#   severity: error
deny contains lib.finding(
	"NAS-PDP-04", "spec.security.data_protection.officer.appointment_ref",
	"pemrosesan untuk kepentingan pelayanan publik: pejabat atau petugas pelindungan data pribadi wajib ditunjuk (UU 27/2022 Pasal 53 ayat (1) huruf a)",
	{},
) if {
	_personal_data
	_for_public_service
	not lib.filled(array.concat(_dp, ["officer", "appointment_ref"]))
}
