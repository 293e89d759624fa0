# METADATA
# title: Perawatan
# description: |
#   The city's maintenance policy as Suhendra & Ginting 2018 describe it (bagian
#   III.D): maintenance is done by the technical unit itself, or by an outside party
#   "dengan cara kontrak kerja"; it relies on manuals and procedures, a troubleshooting
#   procedure that separates internal from third-party problems, periodic virus and
#   spyware scanning, and checks of the physical condition of hardware and network.
package patuh.rules.medan.perawatan

import data.patuh.lib

# METADATA
# title: Perawatan oleh pihak luar berdasarkan kontrak kerja
# description: |
#   Outside maintenance is done "dengan cara kontrak kerja": the contract must be on
#   record when maintenance is contracted.
# custom:
#   id: MDN-RWT-01
#   severity: error
deny contains lib.finding(
	"MDN-RWT-01",
	"spec.maintenance.contract_ref",
	"perawatan oleh pihak luar wajib berdasarkan kontrak kerja (contract_ref kosong)",
	{},
) if {
	input.kind in {"Proposal", "Procurement", "System"}
	input.spec.maintenance.performed_by == "contract"
	not lib.filled(["spec", "maintenance", "contract_ref"])
}

# METADATA
# title: Manual dan prosedur penggunaan tersedia
# description: '"perlu dibuat manual dan prosedur penggunaan hardware maupun software" (III.D).'
# custom:
#   id: MDN-RWT-02
#   severity: warning
warn contains lib.finding(
	"MDN-RWT-02",
	"spec.maintenance.manuals",
	"manual dan prosedur penggunaan perangkat keras/lunak belum dinyatakan tersedia",
	{},
) if {
	input.kind in {"Proposal", "System"}
	not lib.enabled(["spec", "maintenance", "manuals"])
}

# METADATA
# title: Prosedur penanganan masalah (troubleshooting) tersedia
# description: |
#   Troubleshooting is classified into problems handled internally and problems that
#   need a third party (III.D).
# custom:
#   id: MDN-RWT-03
#   severity: warning
warn contains lib.finding(
	"MDN-RWT-03",
	"spec.maintenance.troubleshooting_procedure",
	"prosedur penanganan masalah (troubleshooting) belum dinyatakan tersedia",
	{},
) if {
	input.kind in {"Proposal", "System"}
	not lib.enabled(["spec", "maintenance", "troubleshooting_procedure"])
}

# METADATA
# title: Pemindaian virus dan spyware berkala
# description: '"perawatan berkala mengenai scanning virus, spyware ..." (III.D): a period, not never.'
# custom:
#   id: MDN-RWT-04
#   severity: warning
warn contains lib.finding(
	"MDN-RWT-04",
	"spec.maintenance.malware_scan",
	"pemindaian virus/spyware berkala belum dijadwalkan",
	{},
) if {
	input.kind in {"Proposal", "System"}
	not lib.period(lib.get(["spec", "maintenance", "malware_scan"]))
}

# METADATA
# title: Pemeriksaan kondisi fisik perangkat keras dan jaringan berkala
# description: '"perlunya pemeriksaan kondisi fisik hardware ataupun jaringan" (III.D): a period, not never.'
# custom:
#   id: MDN-RWT-05
#   severity: warning
warn contains lib.finding(
	"MDN-RWT-05",
	"spec.maintenance.physical_inspection",
	"pemeriksaan kondisi fisik perangkat keras dan jaringan belum dijadwalkan",
	{},
) if {
	input.kind in {"Proposal", "System"}
	not lib.period(lib.get(["spec", "maintenance", "physical_inspection"]))
}
