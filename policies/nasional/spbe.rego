# METADATA
# title: Arsitektur SPBE (Perpres 132/2022)
# description: |
#   Development is based on the regional SPBE architecture. Texts:
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
