# METADATA
# title: Arsitektur SPBE (Perpres 132/2022)
# description: |
#   Development, and building or developing SPBE infrastructure, is based on the
#   regional SPBE architecture. Texts:
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
