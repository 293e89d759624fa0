# METADATA
# title: Arsitektur SPBE dan Aplikasi SPBE Prioritas (Perpres 132/2022, Perpres 82/2023)
# description: |
#   Development, and building or developing SPBE infrastructure, is based on the
#   regional SPBE architecture; proposals say how they use the Aplikasi SPBE Prioritas
#   (Perpres 82/2023). Texts:
#   rules/nasional/spbe.yaml (docs/national.md).
package patuh.rules.nasional.spbe

import data.patuh.lib

# METADATA
# title: Pengembangan berdasarkan Arsitektur SPBE Pemerintah Daerah
# custom:
#   id: NAS-SPBE-01
#   severity: error
deny contains lib.finding(
	"NAS-SPBE-01", "spec.planning.spbe_architecture_ref",
	"pengembangan layanan SPBE berdasarkan Arsitektur SPBE Pemerintah Daerah (Perpres 132/2022 Pasal 3 ayat (6))",
	{},
) if {
	input.kind == "Proposal"
	not lib.filled(["spec", "planning", "spbe_architecture_ref"])
}

# The procurement categories that build or develop applications or buy a service; every
# other category (hardware, system software, or a category not given, which only
# conftest lets through) is read as SPBE infrastructure: the rule applies (fail closed).
_not_infrastructure := {"general_application_software", "special_application_software", "maintenance_service"}

# METADATA
# title: Pembangunan infrastruktur SPBE berdasarkan Arsitektur SPBE Pemerintah Daerah
# custom:
#   id: NAS-SPBE-02
#   severity: error
deny contains lib.finding(
	"NAS-SPBE-02", "spec.spbe_architecture_ref",
	"pembangunan dan pengembangan infrastruktur SPBE harus didasarkan pada Arsitektur SPBE Pemerintah Daerah (Perpres 132/2022 Pasal 5 ayat (1))",
	{"category": object.get(input, ["spec", "category"], null)},
) if {
	input.kind == "Procurement"
	not _application_or_service
	not lib.filled(["spec", "spbe_architecture_ref"])
}

# A rule, not `not input.spec.category in ...` in the body: OPA answers undefined, not
# true, for `not` of a membership whose left side is undefined (a missing category).
_application_or_service if input.spec.category in _not_infrastructure

# The domains of the Aplikasi SPBE Prioritas (Perpres 82/2023 Pasal 2 ayat (3) huruf a-i),
# as engine/reading/models.py names them; "none" says the application is in none.
_priority_domains := {
	"education",
	"health",
	"social_assistance",
	"population_administration",
	"state_payments",
	"civil_service",
	"public_service_portal",
	"one_data",
	"police",
}

_priority := ["spec", "planning", "spbe_priority"]

_domain := lib.get(array.concat(_priority, ["domain"]))

_domain_declared if _domain in _priority_domains

_domain_declared if _domain == "none"

# METADATA
# title: Pemanfaatan Aplikasi SPBE Prioritas
# description: |
#   Pemerintah daerah "mendukung dan melaksanakan … pemanfaatan Aplikasi SPBE
#   Prioritas" (Perpres 82/2023 Pasal 19). A proposal says whether its application falls
#   in a priority domain (Pasal 2 ayat (3)); a proposal that does not say is asked
#   (fail closed).
# custom:
#   id: NAS-SPBE-03
#   severity: warning
warn contains lib.finding(
	"NAS-SPBE-03", "spec.planning.spbe_priority.domain",
	"nyatakan apakah aplikasi termasuk ranah Aplikasi SPBE Prioritas (Perpres 82/2023 Pasal 19 dan Pasal 2 ayat (3))",
	{"domain": _domain},
) if {
	input.kind == "Proposal"
	not _domain_declared
}

# In a priority domain: how the proposal uses or integrates the priority application,
# or why it does not.
warn contains lib.finding(
	"NAS-SPBE-03", "spec.planning.spbe_priority.use",
	"aplikasi dalam ranah Aplikasi SPBE Prioritas: nyatakan pemanfaatan atau integrasinya, atau alasan tidak (Perpres 82/2023 Pasal 19)",
	{"domain": _domain},
) if {
	input.kind == "Proposal"
	_domain in _priority_domains
	not lib.filled(array.concat(_priority, ["use"]))
	not lib.filled(array.concat(_priority, ["reason"]))
}
