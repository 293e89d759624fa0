# METADATA
# title: Penyelenggaraan sistem elektronik lingkup publik (PP 71/2019)
# description: |
#   Every OPD is a Penyelenggara Sistem Elektronik Lingkup Publik (PP 71/2019 Pasal 2
#   ayat (3)). Texts, bases and quotes: rules/nasional/pse.yaml (docs/national.md).
package patuh.rules.nasional.pse

import data.patuh.lib

# The city's own premises are in Indonesia; anywhere else must say its country.
_domestic_locations := {"diskominfo_datacenter", "opd_server_room"}

_country := lib.get(["spec", "hosting", "country"])

_kept_in_indonesia if _country == "ID"

_kept_in_indonesia if {
	lib.blank(_country)
	lib.get(["spec", "hosting", "location"]) in _domestic_locations
}

# METADATA
# title: Sistem dan data dikelola dan disimpan di Indonesia
# custom:
#   id: NAS-PSE-01
#   severity: error
deny contains lib.finding(
	"NAS-PSE-01", "spec.hosting.country",
	"sistem dan data wajib dikelola dan disimpan di wilayah Indonesia (PP 71/2019 Pasal 20 ayat (2))",
	{"actual": _country},
) if {
	input.kind in {"Proposal", "System"}
	not _kept_in_indonesia
}

_custom_software if input.spec.category == "special_application_software"

# METADATA
# title: Perangkat lunak khusus menyerahkan kode sumber dan dokumentasi
# custom:
#   id: NAS-PSE-02
#   severity: error
deny contains lib.finding(
	"NAS-PSE-02", "spec.deliverables.source_code.handover",
	"kode sumber perangkat lunak khusus wajib diserahkan (PP 71/2019 Pasal 9 ayat (1))",
	{},
) if {
	input.kind == "Procurement"
	_custom_software
	not lib.enabled(["spec", "deliverables", "source_code", "handover"])
}

deny contains lib.finding(
	"NAS-PSE-02", "spec.deliverables.documentation",
	"dokumentasi perangkat lunak khusus wajib diserahkan (PP 71/2019 Pasal 9 ayat (1))",
	{},
) if {
	input.kind == "Procurement"
	_custom_software
	not lib.filled(["spec", "deliverables", "documentation"])
}

_storages := {"agency", "escrow"}

# METADATA
# title: Kode sumber disimpan instansi atau pihak ketiga terpercaya
# custom:
#   id: NAS-PSE-03
#   severity: error
deny contains lib.finding(
	"NAS-PSE-03", "spec.deliverables.source_code.storage",
	"tempat penyimpanan kode sumber dan dokumentasi wajib dinyatakan (PP 71/2019 Pasal 9 ayat (2)-(3))",
	{},
) if {
	input.kind == "Procurement"
	_custom_software
	not lib.get(["spec", "deliverables", "source_code", "storage"]) in _storages
}

# A system that does not say it runs no custom software is read as running some.
deny contains lib.finding(
	"NAS-PSE-03", "spec.source_code.storage",
	"tempat penyimpanan kode sumber dan dokumentasi wajib dinyatakan (PP 71/2019 Pasal 9 ayat (2)-(3))",
	{},
) if {
	input.kind == "System"
	lib.get(["spec", "source_code", "custom_software"]) != false
	not lib.get(["spec", "source_code", "storage"]) in _storages
}

# METADATA
# title: Rencana keberlangsungan kegiatan
# custom:
#   id: NAS-PSE-04
#   severity: error
deny contains lib.finding(
	"NAS-PSE-04", "spec.sla.continuity_plan_ref",
	"rencana keberlangsungan kegiatan wajib ada (PP 71/2019 Pasal 20 ayat (1))",
	{},
) if {
	input.kind in {"Proposal", "System"}
	not lib.filled(["spec", "sla", "continuity_plan_ref"])
}

# METADATA
# title: Sistem elektronik terdaftar sebelum digunakan
# custom:
#   id: NAS-PSE-05
#   severity: error
deny contains lib.finding(
	"NAS-PSE-05", sprintf("spec.registration.%s", [field]),
	"sistem elektronik wajib didaftarkan sebelum digunakan (PP 71/2019 Pasal 6 ayat (1)-(2))",
	{"date": _registered, "run_date": _run_date},
) if {
	input.kind == "System"
	some field in ["number", "date"]
	not lib.filled(["spec", "registration", field])
}

# A registration dated after the day of the check has not happened (issue 22.2), judged
# as NAS-AUD-01 judges the audit: without a run date it fires (fail closed).
deny contains lib.finding(
	"NAS-PSE-05", "spec.registration.date",
	"tanggal pendaftaran sistem elektronik sesudah tanggal periksa (PP 71/2019 Pasal 6 ayat (1)-(2))",
	{"date": _registered, "run_date": _run_date},
) if {
	input.kind == "System"
	lib.filled(["spec", "registration", "date"])
	not lib.not_after_run_date(_registered)
}

_registered := lib.get(["spec", "registration", "date"])

_run_date := lib.run_date if lib.run_date

else := null

# METADATA
# title: Rekam jejak audit seluruh kegiatan
# custom:
#   id: NAS-PSE-06
#   severity: error
deny contains lib.finding(
	"NAS-PSE-06", "spec.security.audit_log.enabled",
	"rekam jejak audit wajib disediakan (PP 71/2019 Pasal 22 ayat (1))",
	{},
) if {
	input.kind in {"Proposal", "System"}
	not lib.enabled(["spec", "security", "audit_log", "enabled"])
}

# METADATA
# title: Perjanjian tingkat layanan dan perjanjian keamanan informasi
# custom:
#   id: NAS-PSE-07
#   severity: error
deny contains lib.finding(
	"NAS-PSE-07", sprintf("spec.agreements.%s", [field]),
	"perjanjian tingkat layanan dan keamanan informasi wajib tersedia (PP 71/2019 Pasal 11 ayat (1) huruf a-b)",
	{},
) if {
	input.kind == "Procurement"

	# IT services and software; goods alone (hardware) are not a service used.
	input.spec.category != "hardware"
	some field in ["sla_ref", "information_security_ref"]
	not lib.filled(["spec", "agreements", field])
}

_third_party_locations := {"public_cloud", "vendor_premises"}

_provider := lib.get(["spec", "hosting", "provider"]) if {
	lib.filled(["spec", "hosting", "provider"])
} else := lib.get(["spec", "hosting", "location"])

_third_party if lib.filled(["spec", "hosting", "provider"])

_third_party if lib.get(["spec", "hosting", "location"]) in _third_party_locations

# METADATA
# title: Klasifikasi data bila memakai layanan pihak ketiga
# custom:
#   id: NAS-PSE-08
#   severity: error
deny contains lib.finding(
	"NAS-PSE-08", "spec.security.data_classification",
	"dengan layanan pihak ketiga data wajib diklasifikasikan sesuai risiko (PP 71/2019 Pasal 20 ayat (6))",
	{"provider": _provider},
) if {
	input.kind in {"Proposal", "System"}
	_third_party
	not lib.filled(["spec", "security", "data_classification"])
}

# METADATA
# title: Uji Kelaikan Sistem Elektronik
# custom:
#   id: NAS-PSE-09
#   severity: error
deny contains lib.finding(
	"NAS-PSE-09", sprintf("spec.fitness_test.%s", [field]),
	"Uji Kelaikan Sistem Elektronik wajib dilakukan (PP 71/2019 Pasal 34 ayat (1))",
	{"date": _tested, "run_date": _run_date},
) if {
	input.kind == "System"
	some field in ["reference", "date"]
	not lib.filled(["spec", "fitness_test", field])
}

# A fitness test dated after the day of the check has not been done (issue 22.2).
deny contains lib.finding(
	"NAS-PSE-09", "spec.fitness_test.date",
	"tanggal Uji Kelaikan Sistem Elektronik sesudah tanggal periksa (PP 71/2019 Pasal 34 ayat (1))",
	{"date": _tested, "run_date": _run_date},
) if {
	input.kind == "System"
	lib.filled(["spec", "fitness_test", "date"])
	not lib.not_after_run_date(_tested)
}

_tested := lib.get(["spec", "fitness_test", "date"])
