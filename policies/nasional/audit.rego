# METADATA
# title: Audit TIK (Permenkominfo 16/2022)
# description: |
#   An audit at least once every two years, counted back from the run's date
#   (lib.run_date, recorded in the report); without a run date the rule fires.
#   Texts: rules/nasional/audit.yaml (docs/national.md).
package patuh.rules.nasional.audit

import data.patuh.lib

_last := lib.get(["spec", "audit", "last_date"])

# The last audit is at most two years before the run's date (and not after it).
_recent if {
	last := time.parse_ns("2006-01-02", lib.iso_day(_last))
	today := time.parse_ns("2006-01-02", lib.run_date)
	last <= today
	time.add_date(last, 2, 0, 0) >= today
}

_run_date := lib.run_date if lib.run_date

else := null

# METADATA
# title: Audit TIK paling sedikit sekali dalam dua tahun
# custom:
#   id: NAS-AUD-01
#   severity: error
deny contains lib.finding(
	"NAS-AUD-01", "spec.audit.last_date",
	"Audit TIK wajib paling sedikit sekali dalam dua tahun (Permenkominfo 16/2022 Pasal 4 ayat (3))",
	{"last_date": _last, "run_date": _run_date},
) if {
	input.kind == "System"
	not _recent
}

# METADATA
# title: Audit oleh lembaga pelaksana audit TIK terakreditasi dan terdaftar
# custom:
#   id: NAS-AUD-02
#   severity: warning
warn contains lib.finding(
	"NAS-AUD-02", sprintf("spec.audit.%s", [field]),
	"Audit TIK oleh lembaga terakreditasi dan terdaftar (Permenkominfo 16/2022 Pasal 16 ayat (5))",
	{},
) if {
	input.kind == "System"
	some field in _auditor_fields
	not lib.filled(["spec", "audit", field])
}

# Who audited, and for an accredited and registered body its registration. An audit by
# a government IT audit body (auditor_kind: government) has no LATIK registration to
# give; any other kind, or none, is read as an accredited body's (fail closed).
_auditor_fields := ["auditor"] if input.spec.audit.auditor_kind == "government"

else := ["auditor", "auditor_registration_ref"]
