# METADATA
# title: Service Level Agreement
# description: |
#   "infrastruktur smart city harus memenuhi Service Level Agreement (SLA) atas aspek
#   pengelolaan jaringan meliputi ketersediaan jaringan, sistem cadangan, sistem
#   penanggulangan bencana, perangkat pengamanan jaringan, dan jaminan keandalan
#   jaringan" (Suhendra & Ginting 2018, bagian III.D). One rule per aspect. The
#   availability threshold is a Diskominfo parameter (min_availability_percent), not a
#   number from the Perwali.
package patuh.rules.medan.sla

import data.patuh.lib

# Every rule here applies to proposals and systems. The guard is written in each
# rule, `input.kind in {...}` first in its body, not as a helper rule: OPA's rule
# index reads it and skips the rules for a procurement without evaluating them
# (lib: "Applicability").

_availability := lib.get(["spec", "sla", "availability_percent"])

# METADATA
# title: Ketersediaan (availability) memenuhi batas minimum
# description: Network availability, declared and at least min_availability_percent.
# custom:
#   id: MDN-SLA-01
#   severity: error
deny contains lib.finding(
	"MDN-SLA-01",
	"spec.sla.availability_percent",
	"ketersediaan layanan (availability) belum dinyatakan atau di bawah batas minimum Diskominfo",
	{"minimum": lib.param("min_availability_percent"), "actual": _availability},
) if {
	input.kind in {"Proposal", "System"}
	not lib.at_least(_availability, lib.param("min_availability_percent"))
}

# METADATA
# title: Sistem cadangan (backup/redundansi) tersedia
# description: |
#   "sistem cadangan (back-up system/redundancy system)": either a backup with a
#   frequency other than never, or redundancy.
# custom:
#   id: MDN-SLA-02
#   severity: error
deny contains lib.finding(
	"MDN-SLA-02",
	"spec.sla.backup",
	"sistem cadangan belum tersedia: nyatakan frekuensi pencadangan (backup) atau redundansi",
	{},
) if {
	input.kind in {"Proposal", "System"}
	not _has_backup_system
}

_has_backup_system if lib.period(lib.get(["spec", "sla", "backup", "frequency"]))

_has_backup_system if lib.enabled(["spec", "sla", "redundancy"])

# METADATA
# title: Rencana pemulihan bencana (disaster recovery) tersedia
# description: '"sistem penanggulangan bencana (disaster recovery system)": a plan on record.'
# custom:
#   id: MDN-SLA-03
#   severity: error
deny contains lib.finding(
	"MDN-SLA-03",
	"spec.sla.disaster_recovery.plan_ref",
	"rencana pemulihan bencana (disaster recovery plan) belum dirujuk",
	{},
) if {
	input.kind in {"Proposal", "System"}
	not lib.filled(["spec", "sla", "disaster_recovery", "plan_ref"])
}

# METADATA
# title: Perangkat pengamanan jaringan (firewall) tersedia
# description: '"perangkat pengamanan jaringan (network security)": at least a firewall.'
# custom:
#   id: MDN-SLA-04
#   severity: error
deny contains lib.finding(
	"MDN-SLA-04",
	"spec.security.network.firewall",
	"perangkat pengamanan jaringan (firewall) belum dinyatakan",
	{},
) if {
	input.kind in {"Proposal", "System"}
	not lib.enabled(["spec", "security", "network", "firewall"])
}

# METADATA
# title: Jaminan keandalan (waktu tanggap insiden) dinyatakan
# description: |
#   "jaminan keandalan jaringan (network reliability)": a committed incident response
#   time greater than zero.
# custom:
#   id: MDN-SLA-05
#   severity: error
deny contains lib.finding(
	"MDN-SLA-05",
	"spec.sla.reliability.incident_response_hours",
	"jaminan keandalan (waktu tanggap insiden dalam jam) belum dinyatakan",
	{},
) if {
	input.kind in {"Proposal", "System"}
	not _has_reliability_guarantee
}

_has_reliability_guarantee if {
	hours := lib.get(["spec", "sla", "reliability", "incident_response_hours"])
	is_number(hours)
	hours > 0
}
