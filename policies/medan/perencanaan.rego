# METADATA
# title: Perencanaan
# description: |
#   Planning obligations that Suhendra & Ginting 2018 attribute to Perwali 28/2018
#   (without an article number, bagian III.B) and to the Master Plan Smart City Kota
#   Medan 2018 (bagian III.D): every development refers to a master plan, planning
#   document or study; outside parties are involved only on a legal basis; and
#   development takes into account funding, integration and change management, within
#   the seven smart-city dimensions.
package patuh.rules.medan.perencanaan

import data.patuh.lib

# METADATA
# title: Usulan mengacu pada master plan, dokumen perencanaan atau kajian
# description: |
#   "dinas-dinas harus tetap memperhatikan master plan/ dokumen perencanaan/ kajian
#   analisis" (III.B): any one of the three references satisfies the obligation.
# custom:
#   id: MDN-RENC-01
#   severity: error
deny contains lib.finding(
	"MDN-RENC-01",
	"spec.planning",
	"usulan belum mengacu pada master plan, dokumen perencanaan, atau kajian analisis",
	{},
) if {
	input.kind == "Proposal"
	not _has_planning_basis
}

_has_planning_basis if {
	some field in ["masterplan_ref", "planning_document_ref", "study_ref"]
	lib.filled(["spec", "planning", field])
}

# METADATA
# title: Dimensi smart city dinyatakan (turunan)
# description: |
#   Derived good practice: the master plan groups smart-city applications into seven
#   dimensions (III.D), but the paper's sentence is permissive ("dapat
#   mempertimbangkan") and does not require a document to declare one. An error
#   because the project's contract says so.
# custom:
#   id: MDN-RENC-02
#   severity: error
#   derived: true
deny contains lib.finding(
	"MDN-RENC-02",
	"spec.dimensions",
	"dimensi smart city (smart_economy, smart_people, ...) belum dinyatakan (turunan)",
	{},
) if {
	input.kind in {"Proposal", "System"}
	not _has_dimension
}

_has_dimension if {
	some dimension in lib.get(["spec", "dimensions"])
	dimension in lib.dimensions
}

# METADATA
# title: Sumber pendanaan dinyatakan
# description: Development takes funding (pendanaan) into account (III.D).
# custom:
#   id: MDN-RENC-03
#   severity: error
deny contains lib.finding(
	"MDN-RENC-03",
	"spec.funding.source",
	"sumber pendanaan kegiatan belum dinyatakan",
	{},
) if {
	input.kind == "Proposal"
	not lib.filled(["spec", "funding", "source"])
}

# METADATA
# title: Pelibatan pihak ketiga memiliki dasar perjanjian
# description: |
#   Other parties may be involved "dengan masih mempertimbangkan dasar peraturan
#   perundang-undangan yang berlaku" (III.B): each one needs its agreement on record.
#   One finding per third party without one.
# custom:
#   id: MDN-RENC-04
#   severity: error
deny contains lib.finding(
	"MDN-RENC-04",
	sprintf("spec.third_parties[%d].agreement_ref", [i]),
	sprintf("pihak ketiga %s belum memiliki dasar perjanjian (agreement_ref)", [name]),
	{"index": i, "name": name},
) if {
	input.kind in {"Proposal", "Procurement"}
	some i, _ in lib.get(["spec", "third_parties"])
	not lib.filled(["spec", "third_parties", i, "agreement_ref"])
	name := _third_party_name(i)
}

# The third party's name, or its position in the list when it has none.
_third_party_name(i) := name if {
	name := lib.get(["spec", "third_parties", i, "name"])
	lib.filled(["spec", "third_parties", i, "name"])
} else := sprintf("third_parties[%d]", [i])

# METADATA
# title: Integrasi dan manajemen perubahan diperhatikan
# description: |
#   Development takes into account "integrasi jaringan, informasi dan aplikasi" and
#   "manajemen perubahan" (III.D). One warning per aspect not declared: integration is
#   declared by a list of the systems integrated with (the contract's shape), change
#   management by a description.
# custom:
#   id: MDN-RENC-05
#   severity: warning
warn contains lib.finding(
	"MDN-RENC-05",
	sprintf("spec.%s", [aspect]),
	sprintf("aspek %s belum dinyatakan dalam usulan", [aspect]),
	{"aspect": aspect},
) if {
	input.kind == "Proposal"
	some aspect in ["integration", "change_management"]
	not _declared(aspect)
}

# METADATA
# title: Integrasi dan manajemen perubahan diperhatikan
# description: |
#   An integration entry that does not name the system integrated with says nothing
#   (`integration: [{}]`): one warning per such entry, at its `system`.
# custom:
#   id: MDN-RENC-05
#   severity: warning
warn contains lib.finding(
	"MDN-RENC-05",
	sprintf("spec.integration[%d].system", [i]),
	sprintf("entri integrasi ke-%d tidak menyebut sistem yang diintegrasikan", [i]),
	{"aspect": "integration"},
) if {
	input.kind == "Proposal"
	integration := lib.get(["spec", "integration"])
	is_array(integration)
	some i, _ in integration
	not lib.filled(["spec", "integration", i, "system"])
}

_declared("integration") if {
	integration := lib.get(["spec", "integration"])
	is_array(integration)
	count(integration) > 0
}

_declared("change_management") if lib.filled(["spec", "change_management"])
