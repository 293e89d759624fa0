# METADATA
# title: Koordinasi dengan Diskominfo
# description: |
#   Perwali 28/2018 Pasal 5 ayat (2): in building and developing ICT within the
#   Medan city government, every OPD must coordinate with Dinas Komunikasi dan
#   Informatika (Suhendra & Ginting 2018, bagian III.B). Applies to every kind of
#   document, except those of Diskominfo itself (parameter diskominfo_names).
package patuh.rules.medan.koordinasi

import data.patuh.lib

# Every kind is an act of "pembangunan dan pengembangan TIK".
_applies if input.kind in {"Proposal", "Procurement", "System"}

# Diskominfo does not coordinate with itself: each rule ends with `not
# lib.is_diskominfo`. Last, because comparing the office names (each normalised by
# a regular expression) is the dearest test here, and most documents pass the others.

_diskominfo := lib.get(["spec", "coordination", "diskominfo"])

# A version checked in the desk (its register carries `desk`): submitting to the desk is
# the coordination Pasal 5 ayat (2) asks for, and the desk keeps its record (submitted
# on, status, the letter once issued). KOOR-01..03 then read nothing the applicant would
# have to copy from a letter the desk has yet to issue. `patuh check` has no such record
# (a register file may not carry one) and asks for the fields (docs/sources.md).
_in_desk if is_object(data.patuh.register.desk)

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
	not _in_desk
	not is_object(_diskominfo)
	not lib.is_diskominfo
}

# METADATA
# title: Koordinasi dengan Diskominfo wajib dinyatakan
# description: |
#   A coordination record is complete with its letter number, its date and its
#   outcome: without one of them it cannot be verified, so it does not show that the
#   OPD coordinated. One finding per missing field, at its path.
# custom:
#   id: MDN-KOOR-01
#   severity: error
deny contains lib.finding(
	"MDN-KOOR-01",
	sprintf("spec.coordination.diskominfo.%s", [field]),
	sprintf("nomor surat, tanggal dan hasil koordinasi dengan Diskominfo wajib diisi (%s kosong)", [field]),
	{"field": field},
) if {
	_applies
	not _in_desk
	is_object(_diskominfo)
	some field in ["reference", "date", "status"]

	# The field of the record read from it, not from the document by its whole path:
	# one lookup per field instead of a path built and a helper called.
	lib.blank(object.get(_diskominfo, field, null))
	not lib.is_diskominfo
}

# METADATA
# title: Koordinasi dengan Diskominfo wajib dinyatakan
# description: |
#   The coordination Pasal 5 ayat (2) requires comes before the activity it is about: a
#   coordination dated after the document was submitted (metadata.submitted) is not
#   the coordination the submission rests on, and one dated after the day of the check
#   (the run date; also without metadata.submitted) has not happened. A date that names
#   no calendar day (only possible under conftest, which validates nothing) proves
#   nothing either. (Conftest has no run date unless given as data.patuh.run.date:
#   without one, only metadata.submitted is compared.)
# custom:
#   id: MDN-KOOR-01
#   severity: error
deny contains lib.finding(
	"MDN-KOOR-01",
	"spec.coordination.diskominfo.date",
	"tanggal koordinasi dengan Diskominfo bukan tanggal, atau sesudah tanggal pengajuan dokumen (metadata.submitted) atau tanggal periksa",
	{"field": "date"},
) if {
	_applies
	not _in_desk
	lib.filled(["spec", "coordination", "diskominfo", "date"])
	_misdated
	not lib.is_diskominfo
}

_misdated if not _dated_before_submission

_misdated if _coordination_day > lib.run_date

# The coordination's date is a calendar day, and no later than the submission day
# when the document has one (ISO days compare as text).
_dated_before_submission if {
	_coordination_day
	not lib.filled(["metadata", "submitted"])
}

_dated_before_submission if _coordination_day <= lib.iso_day(lib.get(["metadata", "submitted"]))

# The coordination's day, read once for both comparisons (undefined when the date
# names no day).
_coordination_day := lib.iso_day(lib.get(["spec", "coordination", "diskominfo", "date"]))

# METADATA
# title: Diskominfo tidak menolak kegiatan
# description: |
#   Pasal 5 ayat (2) obliges the OPD to coordinate; a record whose outcome is a
#   rejection does not show a coordination the activity can rest on. The paper says
#   nothing of what follows a rejection, and the texts do not claim it.
# custom:
#   id: MDN-KOOR-02
#   severity: error
deny contains lib.finding(
	"MDN-KOOR-02",
	"spec.coordination.diskominfo.status",
	"hasil koordinasi dengan Diskominfo adalah penolakan (rejected)",
	{},
) if {
	_applies
	not _in_desk
	input.spec.coordination.diskominfo.status == "rejected"
	not lib.is_diskominfo
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
	not _in_desk
	input.spec.coordination.diskominfo.status == "pending"
	not lib.is_diskominfo
}
