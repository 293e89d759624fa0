# METADATA
# title: Keamanan informasi
# description: |
#   Information from smart-city applications must meet "privasi, integritas,
#   otentikasi, ketersediaan, riwayat kejadian (non-repudiation), dan pengendalian
#   akses/hak akses", secured by security procedures, network security (firewall, IDS,
#   anti virus, VPN), access security, authentication of data transmission (encryption,
#   certification authority, PKI), document security and room security (Suhendra &
#   Ginting 2018, bagian III.D). Availability is checked by the SLA rules.
package patuh.rules.medan.keamanan

import data.patuh.lib

# Every rule here applies to proposals and systems. The guard is written in each
# rule, `input.kind in {...}` first in its body, not as a helper rule: OPA's rule
# index reads it and skips the rules for a procurement without evaluating them
# (lib: "Applicability").

_classification := lib.get(["spec", "security", "data_classification"])

_auth_method := lib.get(["spec", "security", "authentication", "method"])

# The network and physical security sections, read once for the rules that loop over
# their controls (a path built and looked up per control cost OPA more than the
# rest of those rules). `_network[control]` is undefined when the section or the
# control is absent or null, so `not _network[control] == true` holds then, as
# `not lib.enabled(...)` did: a missing control is not a "yes".
_network := lib.get(["spec", "security", "network"])

_physical := lib.get(["spec", "security", "physical"])

# Data whose privacy is at stake: classified confidential or secret, or personal data.
_sensitive if _classification in {"confidential", "secret"}

_sensitive if lib.enabled(["spec", "security", "personal_data"])

# METADATA
# title: Privasi — klasifikasi data dinyatakan
# description: Privacy cannot be judged without knowing how sensitive the data is.
# custom:
#   id: MDN-KAM-01
#   severity: error
deny contains lib.finding(
	"MDN-KAM-01",
	"spec.security.data_classification",
	"klasifikasi data (public/internal/confidential/secret) belum dinyatakan",
	{},
) if {
	input.kind in {"Proposal", "System"}
	lib.blank(_classification)
}

# METADATA
# title: Privasi — ada tidaknya data pribadi dinyatakan
# description: |
#   Whether encryption at rest is required depends on whether the system holds
#   personal data. An absent answer is not a "no": the document must say true or
#   false (issue 13.8), or encryption at rest would never be asked of it.
# custom:
#   id: MDN-KAM-01
#   severity: error
deny contains lib.finding(
	"MDN-KAM-01",
	"spec.security.personal_data",
	"belum dinyatakan apakah data pribadi diolah (security.personal_data: true atau false)",
	{},
) if {
	input.kind in {"Proposal", "System"}
	not is_boolean(lib.get(["spec", "security", "personal_data"]))
}

# METADATA
# title: Privasi — data rahasia atau data pribadi dienkripsi saat disimpan
# description: |
#   Privacy (confidentiality) of confidential, secret or personal data requires
#   encryption at rest.
# custom:
#   id: MDN-KAM-01
#   severity: error
deny contains lib.finding(
	"MDN-KAM-01",
	"spec.security.encryption.at_rest",
	"data terbatas (confidential), rahasia (secret) atau pribadi wajib dienkripsi saat disimpan (encryption.at_rest)",
	{},
) if {
	input.kind in {"Proposal", "System"}
	_sensitive
	not lib.enabled(["spec", "security", "encryption", "at_rest"])
}

# METADATA
# title: Integritas — kontrol integritas data
# description: Integrity needs at least one control (checksums, input validation, digital signature).
# custom:
#   id: MDN-KAM-02
#   severity: error
deny contains lib.finding(
	"MDN-KAM-02",
	"spec.security.integrity",
	"belum ada kontrol integritas data yang diaktifkan",
	{},
) if {
	input.kind in {"Proposal", "System"}
	not _has_integrity_control
}

_has_integrity_control if {
	some control in lib.get(["spec", "security", "integrity"])
	control == true
}

# METADATA
# title: Autentikasi pengguna
# description: Authentication, declared and not none.
# custom:
#   id: MDN-KAM-03
#   severity: error
deny contains lib.finding(
	"MDN-KAM-03",
	"spec.security.authentication.method",
	"metode autentikasi pengguna belum dinyatakan atau bernilai none",
	{},
) if {
	input.kind in {"Proposal", "System"}
	not _declared_not_none(_auth_method)
}

# METADATA
# title: Riwayat kejadian (non-repudiation) — log audit aktif
# description: Non-repudiation (riwayat kejadian) needs an audit log.
# custom:
#   id: MDN-KAM-04
#   severity: error
deny contains lib.finding(
	"MDN-KAM-04",
	"spec.security.audit_log.enabled",
	"log audit (riwayat kejadian) belum diaktifkan",
	{},
) if {
	input.kind in {"Proposal", "System"}
	not lib.enabled(["spec", "security", "audit_log", "enabled"])
}

# METADATA
# title: Pengendalian akses / hak akses
# description: Access control, declared and not none.
# custom:
#   id: MDN-KAM-05
#   severity: error
deny contains lib.finding(
	"MDN-KAM-05",
	"spec.security.access_control.model",
	"model pengendalian akses (hak akses) belum dinyatakan atau bernilai none",
	{},
) if {
	input.kind in {"Proposal", "System"}
	not _declared_not_none(lib.get(["spec", "security", "access_control", "model"]))
}

_declared_not_none(value) if {
	not lib.blank(value)
	value != "none"
}

# METADATA
# title: Autentikasi pengiriman data
# description: |
#   "otentifikasi pengiriman data (misal: menggunakan enkripsi, certification of
#   authority, dan public key infrastructure)": the paper names the three only as
#   examples ("misal"), so any one of them secures the transmission: encryption in
#   transit (TLS or stronger), or a certificate authority named (PKI). The finding
#   asks for a means, at encryption.in_transit, when the document declares neither.
# custom:
#   id: MDN-KAM-06
#   severity: error
deny contains lib.finding(
	"MDN-KAM-06",
	"spec.security.encryption.in_transit",
	"sarana autentikasi pengiriman data belum dinyatakan (enkripsi TLS/mTLS atau otoritas sertifikat/PKI)",
	{},
) if {
	input.kind in {"Proposal", "System"}
	not _transmission_secured
}

_transmission_secured if lib.get(["spec", "security", "encryption", "in_transit"]) in {"tls", "mtls"}

_transmission_secured if lib.filled(["spec", "security", "pki", "certificate_authority"])

# METADATA
# title: Pengamanan jaringan — IDS, antivirus dan VPN
# description: |
#   Network security "misal: menggunakan firewall, intrusion detection system, anti
#   virus, maupun virtual privat network". The firewall is an error under MDN-SLA-04;
#   one warning per other missing control.
# custom:
#   id: MDN-KAM-07
#   severity: warning
warn contains lib.finding(
	"MDN-KAM-07",
	sprintf("spec.security.network.%s", [control]),
	sprintf("kontrol pengamanan jaringan %s belum dinyatakan aktif", [control]),
	{"control": control},
) if {
	input.kind in {"Proposal", "System"}
	some control in ["ids", "antivirus", "vpn"]
	not _network[control] == true
}

# METADATA
# title: Pengamanan dokumen dan ruangan
# description: '"pengamanan dokumen; dan pengamanan ruangan": one warning per missing control.'
# custom:
#   id: MDN-KAM-08
#   severity: warning
warn contains lib.finding(
	"MDN-KAM-08",
	sprintf("spec.security.physical.%s", [control]),
	sprintf("pengamanan fisik %s belum dinyatakan", [control]),
	{"control": control},
) if {
	input.kind in {"Proposal", "System"}
	some control in ["document_security", "room_security"]
	not _physical[control] == true
}

# METADATA
# title: Prosedur pengamanan dirujuk
# description: '"prosedur pengamanan": the security procedure is named.'
# custom:
#   id: MDN-KAM-09
#   severity: warning
warn contains lib.finding(
	"MDN-KAM-09",
	"spec.security.procedures_ref",
	"prosedur pengamanan informasi belum dirujuk",
	{},
) if {
	input.kind in {"Proposal", "System"}
	not lib.filled(["spec", "security", "procedures_ref"])
}

# METADATA
# title: Data sensitif dilindungi lebih dari sekadar kata sandi (turunan)
# description: |
#   Derived good practice from the privacy and authentication requirements: the paper
#   gives a password as the example of access security, but confidential, secret or
#   personal data deserves a second factor.
# custom:
#   id: MDN-KAM-10
#   severity: warning
#   derived: true
warn contains lib.finding(
	"MDN-KAM-10",
	"spec.security.authentication.method",
	"data terbatas, rahasia atau pribadi hanya dilindungi kata sandi; gunakan faktor kedua (turunan)",
	{},
) if {
	input.kind in {"Proposal", "System"}
	_sensitive
	input.spec.security.authentication.method == "password"
}
