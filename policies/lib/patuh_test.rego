package patuh.lib_test

import data.patuh.lib

test_get_treats_null_like_absent if {
	lib.get(["spec", "sla", "x"]) == null with input as {"spec": {"sla": null}}
	lib.get(["spec", "sla", "x"]) == null with input as {"spec": null}
	lib.get(["spec", "sla", "x"]) == null with input as {}
	lib.get(["spec", "l", 1, "x"]) == 2 with input as {"spec": {"l": [{}, {"x": 2}]}}
}

test_blank if {
	every value in [null, "", "  \t", [], {}] {
		lib.blank(value)
	}
	every value in ["x", [1], {"a": 1}, false, 0] {
		not lib.blank(value)
	}
}

# Issue 13.3: text a reviewer sees as empty is blank, whatever invisible characters it holds.
test_blank_invisible_text if {
	every value in [
		"\u200b", "\u2060", "\ufeff", "\u00ad", "\u2800", "\u3164", "\u115f", "\u1160",
		"\uffa0", "\u00a0", "\u3000", "\u2028", "\u2029", "\u0085", " \u200b\t\u2060 ",
	] {
		lib.blank(value)
	}
	every value in ["\u200bx", "BSrE\u200b", "\u00e9", "\u4e00", "-x", "10", "0x"] {
		not lib.blank(value)
	}
}

# Issue 20.14: a placeholder word says nothing, whatever its case, spacing and
# trailing punctuation; a template placeholder anywhere in the text says nothing.
test_blank_placeholder_words if {
	every value in [
		"-", "--", " — ", "–", "n/a", "N/A", "N/A.", "n.a.", "NA", "TBD", "tbd.",
		"belum ada", "Belum  Ada", "belum ada.", "tidak ada", "TIDAK ADA!", "nihil",
		"Nihil.", "0", " 0 ", "?", "???", "-.", "<ISI: nomor surat>.", "<isi: nomor surat>",
		"lihat <PILIH: a | b>", "< pilih: a>", "​TBD​",
	] {
		lib.blank(value)
	}
	every value in [
		"BSrE", "0/2026", "n/a/b", "tidak", "ada", "belum ada surat", "TBD-1", "-1", "10",
		"555/001/Diskominfo/2026", "<b>", "< isian >", "Nihilisme", "?x",
	] {
		not lib.blank(value)
	}
}

test_period if {
	lib.period("monthly")
	not lib.period("never")
	not lib.period(null)
	not lib.period("")
}

test_period_is_a_closed_list if {
	# Under conftest nothing is validated: these are not schedules.
	every value in [false, true, "tidak pernah", "kadang-kadang", 0, 12, ["monthly"], {"monthly": true}] {
		not lib.period(value)
	}
	every value in ["hourly", "daily", "weekly", "monthly", "quarterly", "semiannually", "annually"] {
		lib.period(value)
	}
}

test_iso_day if {
	lib.iso_day("2026-01-20") == "2026-01-20"
	lib.iso_day("2026-01-20T00:00:00Z") == "2026-01-20"
	every value in ["2026-02-30", "20-01-2026", "2026-1-2", "", null, 20260120, "2026-01-20x"] {
		not lib.iso_day(value)
	}
}

test_office_name if {
	lib.office_name("  Dinas  Komunikasi\tdan Informatika KOTA MEDAN ") == "dinas komunikasi dan informatika"
	lib.office_name("Diskominfo") == "diskominfo"
	lib.office_name("Kota Medan") == "kota medan"
	not lib.office_name(null)
}

test_at_least if {
	lib.at_least(5, 5)
	not lib.at_least(4.9, 5)
	not lib.at_least("9", 5)
	not lib.at_least(null, 5)
	not lib.at_least(5, null)
}

test_param if {
	lib.param("min_training_hours") == 1
	lib.param("no_such_parameter") == null
}

test_finding_prefixes_msg_with_rule if {
	lib.finding("MDN-X-01", "spec.a", "teks", {}) == {"rule": "MDN-X-01", "path": "spec.a", "msg": "MDN-X-01: teks", "params": {}}
}

test_is_diskominfo if {
	lib.is_diskominfo with input as {"metadata": {"opd": " DISKOMINFO"}}
	not lib.is_diskominfo with input as {"metadata": {"opd": "Dinas Kesehatan"}}
	not lib.is_diskominfo with input as {"metadata": {}}
	not lib.is_diskominfo with input as {"metadata": {"opd": "Diskominfo"}} with data.medan.params as {}
	lib.is_diskominfo with input as {"metadata": {"opd": "Dinas Komunikasi dan Informatika Kota Medan"}}
	lib.is_diskominfo with input as {"metadata": {"opd": "diskominfo  kota\u00a0medan"}}
	not lib.is_diskominfo with input as {"metadata": {"opd": 7}}
}
