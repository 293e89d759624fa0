# METADATA
# title: Pengadaan barang/jasa TIK
# description: |
#   The city's ICT procurement policy as Suhendra & Ginting 2018 describe it (bagian
#   III.D): outside parties supply goods and services "dengan spesifikasi yang
#   ditentukan oleh pihak Pemerintah Kota Medan"; for special application software the
#   specification comes from the city "melalui Dinas Komunikasi dan Informasi" [sic:
#   Informatika] and
#   technology transfer (source code handover and adequate training) is mandatory;
#   cooperation with outside parties always refers to the Renstra TIK.
package patuh.rules.medan.pengadaan

import data.patuh.lib

# Every rule here applies to procurements: each says so first in its body, where
# OPA's rule index reads it (lib: "Applicability").

# The procurement is of special application software.
_special if input.spec.category == "special_application_software"

_authored_by := lib.get(["spec", "specification", "authored_by"])

# METADATA
# title: Spesifikasi ditentukan oleh Pemerintah Kota Medan
# description: |
#   Outside parties supply "dengan spesifikasi yang ditentukan oleh pihak Pemerintah
#   Kota Medan": a specification written by the vendor, or by nobody, does not meet it.
# custom:
#   id: MDN-PBJ-01
#   severity: error
deny contains lib.finding(
	"MDN-PBJ-01",
	"spec.specification.authored_by",
	"spesifikasi pengadaan harus ditentukan oleh Pemkot Medan (OPD atau Diskominfo), bukan penyedia",
	{"actual": _authored_by},
) if {
	input.kind == "Procurement"
	not _authored_by in {"pemkot_opd", "diskominfo"}
}

# METADATA
# title: Spesifikasi aplikasi khusus ditentukan melalui Diskominfo
# description: |
#   For special application software the specification is set by the city "melalui
#   Dinas Komunikasi dan Informasi" [sic: Informatika; the sentence also says
#   "aplikasi umum" in the paragraph on special applications].
# custom:
#   id: MDN-PBJ-02
#   severity: error
deny contains lib.finding(
	"MDN-PBJ-02",
	"spec.specification.authored_by",
	"spesifikasi perangkat lunak aplikasi khusus harus ditentukan melalui Diskominfo",
	{"actual": _authored_by},
) if {
	input.kind == "Procurement"
	_special
	_authored_by != "diskominfo"
}

# METADATA
# title: Kode sumber aplikasi khusus diserahkan
# description: |
#   Technology transfer for special application software "berupa penyerahkannya
#   'source code'" to the city.
# custom:
#   id: MDN-PBJ-03
#   severity: error
deny contains lib.finding(
	"MDN-PBJ-03",
	"spec.deliverables.source_code.handover",
	"kode sumber (source code) perangkat lunak aplikasi khusus wajib diserahkan kepada Pemkot Medan",
	{},
) if {
	input.kind == "Procurement"
	_special
	not lib.enabled(["spec", "deliverables", "source_code", "handover"])
}

_training := ["spec", "technology_transfer", "training"]

_training_params := {
	"min_hours": lib.param("min_training_hours"),
	"min_participants": lib.param("min_training_participants"),
}

# METADATA
# title: Pelatihan yang memadai dari penyedia
# description: |
#   Technology transfer includes "pelatihan yang memadai dari pihak penyedia kepada
#   staf Pemkot Medan". No training declared at all.
# custom:
#   id: MDN-PBJ-04
#   severity: error
deny contains lib.finding(
	"MDN-PBJ-04",
	"spec.technology_transfer.training",
	"pelatihan dari penyedia kepada staf Pemkot Medan (transfer teknologi) belum dinyatakan",
	_training_params,
) if {
	input.kind == "Procurement"
	_special
	not is_object(lib.get(_training))
}

# METADATA
# title: Pelatihan yang memadai dari penyedia
# description: |
#   "Memadai" is measured against the Diskominfo parameters min_training_hours and
#   min_training_participants (project defaults, not numbers from the Perwali). One
#   finding per measure that falls short.
# custom:
#   id: MDN-PBJ-04
#   severity: error
deny contains lib.finding(
	"MDN-PBJ-04",
	sprintf("spec.technology_transfer.training.%s", [field]),
	sprintf("pelatihan kurang dari batas minimum Diskominfo (%s)", [field]),
	object.union(_training_params, {"actual": actual}),
) if {
	input.kind == "Procurement"
	_special
	is_object(lib.get(_training))
	some field, name in {"hours": "min_training_hours", "participants": "min_training_participants"}
	actual := lib.get(array.concat(_training, [field]))
	not lib.at_least(actual, lib.param(name))
}

# METADATA
# title: Pelatihan yang memadai dari penyedia
# description: |
#   The training is "kepada staf Pemkot Medan": its audience names at least one group
#   of the city's own staff (diskominfo_staff, opd_staff). Training given only to the
#   vendor's staff, or to nobody named, does not transfer technology to the city.
# custom:
#   id: MDN-PBJ-04
#   severity: error
deny contains lib.finding(
	"MDN-PBJ-04",
	"spec.technology_transfer.training.audience",
	"pelatihan tidak ditujukan kepada staf Pemkot Medan (audience tanpa diskominfo_staff atau opd_staff)",
	object.union(_training_params, {"audience": lib.get(array.concat(_training, ["audience"]))}),
) if {
	input.kind == "Procurement"
	_special
	is_object(lib.get(_training))
	not _trains_city_staff
}

# The city's own staff, as the audience of a training may name them (the schema's
# closed list is diskominfo_staff, opd_staff, vendor_staff).
_city_staff := {"diskominfo_staff", "opd_staff"}

_trains_city_staff if {
	audience := lib.get(array.concat(_training, ["audience"]))
	is_array(audience)
	some group in audience
	group in _city_staff
}

# METADATA
# title: Kode sumber yang diserahkan dapat dibangun ulang (turunan)
# description: |
#   Derived good practice from the source-code handover obligation: code handed over
#   is only useful to the city if it comes with its build scripts and documentation.
# custom:
#   id: MDN-PBJ-05
#   severity: warning
#   derived: true
warn contains lib.finding(
	"MDN-PBJ-05",
	"spec.deliverables.source_code.includes",
	sprintf("serah terima kode sumber belum mencakup: %s", [text]),
	{"missing": text},
) if {
	input.kind == "Procurement"
	_special
	missing := [item | some item in ["build_scripts", "documentation"]; not _handed_over(item)]
	count(missing) > 0
	text := concat(", ", missing)
}

# A part of the code handed over: named in source_code.includes; the documentation
# may also be listed in deliverables.documentation, where NAS-PSE-02 reads it
# (lib.documentation_handed_over: one fact, read in either place).
_handed_over(item) if item in lib.get(["spec", "deliverables", "source_code", "includes"])

_handed_over("documentation") if lib.documentation_handed_over

# METADATA
# title: Kerja sama mengacu pada Renstra TIK
# description: |
#   Cooperation with outside parties "harus selalu mengacu ke Rencana Strategis TIK
#   Pemerintah Kota Medan".
# custom:
#   id: MDN-PBJ-06
#   severity: error
deny contains lib.finding(
	"MDN-PBJ-06",
	"spec.renstra_tik_ref",
	"pengadaan belum mengacu pada Rencana Strategis (Renstra) TIK Pemkot Medan",
	{},
) if {
	input.kind == "Procurement"
	not lib.filled(["spec", "renstra_tik_ref"])
}

# METADATA
# title: Pengadaan merujuk usulan yang telah dikoordinasikan (turunan)
# description: |
#   Derived good practice: no sentence of the paper asks a procurement to name its
#   proposal; it follows from a stated aim of Perwali 28/2018 (III.B), consistency
#   between planning, budgeting and execution. With the desk's register the same gap
#   is MDN-PBJ-08's error (policies/medan/rujukan.rego), and this warning, which
#   would say it a second time at the same path, is not given.
# custom:
#   id: MDN-PBJ-07
#   severity: warning
#   derived: true
warn contains lib.finding(
	"MDN-PBJ-07",
	"metadata.proposal_ref",
	"pengadaan belum merujuk usulan kegiatan yang dilaksanakannya (metadata.proposal_ref; turunan)",
	{},
) if {
	input.kind == "Procurement"
	not lib.filled(["metadata", "proposal_ref"])
	not _desk_register
}

# The desk's register is loaded (policies/main.rego binds it from input.register). A
# rule, not `not is_object(...)` in the body: OPA answers undefined, not true, for
# `not` of a function whose argument is undefined.
_desk_register if is_object(data.patuh.register)
