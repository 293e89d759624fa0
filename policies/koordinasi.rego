# METADATA
# title: Koordinasi dengan Diskominfo
# description: |
#   Perwali 28/2018 Pasal 5 ayat (2): in building and developing ICT within the
#   Medan city government, every OPD must coordinate with Dinas Komunikasi dan
#   Informatika (Suhendra & Ginting 2018, bagian III.B). Applies to every kind of
#   document, except those of Diskominfo itself (parameter diskominfo_names).
package patuh.rules.koordinasi

import data.patuh.lib

# Every kind is an act of "pembangunan dan pengembangan TIK"; Diskominfo does not
# coordinate with itself.
_applies if {
	lib.applies_to({"Proposal", "Procurement", "System"})
	not lib.is_diskominfo
}

_base := ["spec", "coordination", "diskominfo"]

_diskominfo := lib.get(_base)

_status := lib.get(array.concat(_base, ["status"]))

# METADATA
# title: Koordinasi dengan Diskominfo wajib dinyatakan
# description: No record of coordination at all — the obligation of Pasal 5 ayat (2) is unmet.
# custom:
#   id: MDN-KOOR-01
#   severity: error
deny contains lib.finding(
	"MDN-KOOR-01",
	"spec.coordination.diskominfo",
	"koordinasi dengan Diskominfo (Perwali 28/2018 Pasal 5 ayat (2)) belum dinyatakan",
	{},
) if {
	_applies
	not is_object(_diskominfo)
}

# METADATA
# title: Koordinasi dengan Diskominfo wajib dinyatakan
# description: |
#   A coordination record without its letter number or date cannot be verified, so
#   it does not show that the OPD coordinated. One finding per missing field.
# custom:
#   id: MDN-KOOR-01
#   severity: error
deny contains lib.finding(
	"MDN-KOOR-01",
	sprintf("spec.coordination.diskominfo.%s", [field]),
	sprintf("nomor surat dan tanggal koordinasi dengan Diskominfo wajib diisi (%s kosong)", [field]),
	{"field": field},
) if {
	_applies
	is_object(_diskominfo)
	some field in ["reference", "date"]
	not lib.filled(array.concat(_base, [field]))
}

# METADATA
# title: Diskominfo tidak menolak kegiatan
# description: |
#   Coordination that ended in a rejection is not the coordination Pasal 5 ayat (2)
#   requires as a basis for going ahead.
# custom:
#   id: MDN-KOOR-02
#   severity: error
deny contains lib.finding(
	"MDN-KOOR-02",
	"spec.coordination.diskominfo.status",
	"Diskominfo menolak kegiatan ini; kegiatan tidak dapat dilanjutkan tanpa rekomendasi",
	{},
) if {
	_applies
	_status == "rejected"
}

# METADATA
# title: Koordinasi dengan Diskominfo belum selesai
# description: Coordination has started but Diskominfo has not yet recommended the activity.
# custom:
#   id: MDN-KOOR-03
#   severity: warning
warn contains lib.finding(
	"MDN-KOOR-03",
	"spec.coordination.diskominfo.status",
	"koordinasi dengan Diskominfo masih menunggu rekomendasi (pending)",
	{},
) if {
	_applies
	_status == "pending"
}
