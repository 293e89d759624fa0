# METADATA
# title: Pusat data
# description: |
#   "Sesuai arahan Kementerian Kominfo, sejak Bulan Juni 2018, seluruh server yang
#   tersebar di beberapa OPD, telah disatukan di Dinas Kominfo Kota Medan." (a Bappeda
#   informant, Suhendra & Ginting 2018, bagian III.C). Systems are therefore hosted in
#   the Diskominfo data centre (parameter allowed_hosting); anything else needs a waiver.
package patuh.rules.medan.pusat_data

import data.patuh.lib

_location := lib.get(["spec", "hosting", "location"])

# METADATA
# title: Sistem ditempatkan di pusat data Diskominfo
# custom:
#   id: MDN-HOST-01
#   severity: error
deny contains lib.finding(
	"MDN-HOST-01",
	"spec.hosting.location",
	sprintf("lokasi penempatan sistem (hosting) harus salah satu dari: %s", [_allowed]),
	{"allowed": _allowed, "actual": _location},
) if {
	input.kind in {"Proposal", "System"}
	not _location_allowed
}

# METADATA
# title: Sistem ditempatkan di pusat data Diskominfo
# description: |
#   Data said to be kept abroad (hosting.country other than ID) are not in the
#   Diskominfo data centre, whatever `location` says (issue 20.16). The engine refuses
#   that contradiction as SCHEMA; under conftest, which validates nothing, this fires.
# custom:
#   id: MDN-HOST-01
#   severity: error
deny contains lib.finding(
	"MDN-HOST-01",
	"spec.hosting.country",
	sprintf("data disimpan di luar Indonesia (country %v), bukan di lokasi yang diizinkan: %s", [_country, _allowed]),
	{"allowed": _allowed, "actual": _country},
) if {
	input.kind in {"Proposal", "System"}
	_location_allowed
	lib.filled(["spec", "hosting", "country"])
	_country != "ID"
}

_country := lib.get(["spec", "hosting", "country"])

# Written as its own rule, not as `not x in data...`: with the parameter not loaded
# this is simply undefined, and the finding above fires (fail closed).
_location_allowed if {
	some location in data.medan.params.allowed_hosting
	location == _location
}

# The allowed locations as text for the message; empty when the parameter is not
# loaded (the rule then fires for every location: fail closed).
_allowed := concat(", ", locations) if {
	locations := lib.param("allowed_hosting")
	is_array(locations)
} else := ""
