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

# The documentation may be listed in deliverables.documentation or named among the
# parts of the code handed over (source_code.includes: documentation, as MDN-PBJ-05
# asks): one fact, read in either place (lib.documentation_handed_over).
deny contains lib.finding(
	"NAS-PSE-02", "spec.deliverables.documentation",
	"dokumentasi perangkat lunak khusus wajib diserahkan (PP 71/2019 Pasal 9 ayat (1))",
	{},
) if {
	input.kind == "Procurement"
	_custom_software
	not lib.documentation_handed_over
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

# Ayat (3) makes the escrow conditional: "Dalam hal sarana … belum tersedia, … dapat
# menyimpan … kepada pihak ketiga terpercaya". A document that chooses escrow says why
# the agency's own means are not available (escrow_reason), for the procurement's code
# and for a system's.
deny contains lib.finding(
	"NAS-PSE-03", sprintf("%s.escrow_reason", [where]),
	"penyimpanan pada pihak ketiga hanya bila sarana instansi belum tersedia: alasannya wajib dinyatakan (PP 71/2019 Pasal 9 ayat (3))",
	{},
) if {
	input.kind in {"Procurement", "System"}
	some where, path in _code_custody
	object.get(input, array.concat(path, ["storage"]), null) == "escrow"
	not lib.filled(array.concat(path, ["escrow_reason"]))
}

_code_custody := {
	"spec.deliverables.source_code": ["spec", "deliverables", "source_code"],
	"spec.source_code": ["spec", "source_code"],
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
	_buys_a_service
	some field in ["sla_ref", "information_security_ref"]
	not lib.filled(["spec", "agreements", field])
}

# Pasal 11 ayat (1) concerns the IT service used, whatever the procurement's category:
# every category but hardware is software or a service; hardware bought with a
# contracted maintenance service buys that service too. Goods alone (hardware,
# maintained in-house or not at all) are not a service used. A missing category (only
# possible under conftest) is not "hardware": the rule applies (fail closed).
_buys_a_service if not input.spec.category == "hardware"

_buys_a_service if input.spec.maintenance.performed_by == "contract"

_buys_a_service if lib.filled(["spec", "maintenance", "contract_ref"])

_third_party_locations := {"public_cloud", "vendor_premises"}

# Who provides a third party's service to the system (Pasal 20 ayat (6): "menggunakan
# layanan pihak ketiga"), each named as the document names it: whoever hosts or
# operates it (hosting.provider, or a cloud or vendor premises as its location),
# maintains it under contract (maintenance.performed_by: contract, named by the
# contract), or takes part in a proposal (third_parties: developer, vendor, ...).
# Each name is made text by sprintf, so that a value of another type (only possible
# under conftest) still counts.
_service_providers contains sprintf("%v", [provider]) if {
	lib.filled(["spec", "hosting", "provider"])
	provider := lib.get(["spec", "hosting", "provider"])
}

_service_providers contains location if {
	location := lib.get(["spec", "hosting", "location"])
	location in _third_party_locations
}

_service_providers contains sprintf("%v", [_maintenance_contract]) if _maintained_by_contract

_maintained_by_contract if input.spec.maintenance.performed_by == "contract"

_maintained_by_contract if lib.filled(["spec", "maintenance", "contract_ref"])

_maintenance_contract := lib.get(["spec", "maintenance", "contract_ref"]) if {
	lib.filled(["spec", "maintenance", "contract_ref"])
} else := "maintenance: contract"

_service_providers contains sprintf("%v", [_party_name(entry)]) if {
	some entry in lib.get(["spec", "third_parties"])
}

# third_parties that is not a list (only possible under conftest) still names someone.
_service_providers contains sprintf("%v", [parties]) if {
	parties := lib.get(["spec", "third_parties"])
	not is_array(parties)
	not lib.blank(parties)
}

# A third party as a proposal names it: its name, else its role, else the entry itself.
_party_name(entry) := entry.name if {
	is_object(entry)
	not lib.blank(object.get(entry, "name", null))
} else := entry.role if {
	is_object(entry)
	not lib.blank(object.get(entry, "role", null))
} else := entry

_provider := concat(", ", sort(_service_providers))

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
	count(_service_providers) > 0
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
