# METADATA
# title: SDM dan organisasi
# description: |
#   People and organisation. The paper names "ketidaksiapan sumber daya manusia" as a
#   main obstacle, for which the Head of Diskominfo told the researchers bimtek is much
#   needed (bagian III.C); every Ketua Satuan Pelaksana "menyampaikan laporan berkala
#   tepat pada waktunya" (bagian III.A); and Perwali
#   28/2018 Pasal 11 ayat (2): "organisasi pelaksana smart city pemerintah kota
#   ditetapkan melalui keputusan wali Kota Medan" (bagian III.B).
package patuh.rules.medan.sdm

import data.patuh.lib

# METADATA
# title: Rencana pelatihan (bimtek) bagi operator dan pengguna
# custom:
#   id: MDN-SDM-01
#   severity: warning
warn contains lib.finding(
	"MDN-SDM-01",
	"spec.human_resources.training_plan",
	"rencana pelatihan/bimtek bagi operator dan pengguna belum dinyatakan",
	{},
) if {
	input.kind in {"Proposal", "System"}
	not lib.filled(["spec", "human_resources", "training_plan"])
}

# METADATA
# title: Laporan berkala
# description: |
#   The paper puts periodic reporting on every Ketua Satuan Pelaksana (a person);
#   asking each system's operating unit for a reporting period is the project's
#   application of that duty. A period of the contract, not never.
# custom:
#   id: MDN-ORG-01
#   severity: warning
warn contains lib.finding(
	"MDN-ORG-01",
	"spec.operations.periodic_report",
	"periode laporan berkala unit pengelola belum dinyatakan",
	{},
) if {
	input.kind == "System"
	not lib.period(lib.get(["spec", "operations", "periodic_report"]))
}

# METADATA
# title: Unit pengelola ditetapkan dengan keputusan Wali Kota
# description: |
#   Pasal 11 ayat (2): the implementing organisation is set by a Mayor's decree. The
#   unit and the decree are both named; one warning per missing field.
# custom:
#   id: MDN-ORG-02
#   severity: warning
warn contains lib.finding(
	"MDN-ORG-02",
	sprintf("spec.operations.%s", [field]),
	sprintf("unit pengelola dan keputusan Wali Kota yang menetapkannya wajib dinyatakan (%s kosong)", [field]),
	{"field": field},
) if {
	input.kind == "System"
	some field in ["unit", "decree_ref"]
	not lib.filled(["spec", "operations", field])
}
