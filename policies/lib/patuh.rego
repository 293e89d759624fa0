# METADATA
# title: patuh — shared helpers
# description: |
#   Helpers shared by every rule area. The engine validates shape and types before
#   OPA, but any optional field or section may be absent or null, and under conftest
#   nothing is validated at all. These helpers treat null exactly like absent and
#   never let a missing value make a rule silently not fire.
#   This package defines no `deny`/`warn` rules (conftest --all-namespaces would count
#   them twice).
package patuh.lib

# The value at `path` (an array of keys and list indices) in the document, or null
# when it, or any section on the way to it, is absent or null.
# (A path is best written out in full, ["spec", "maintenance", "manuals"]: a constant
# costs OPA nothing, an array.concat of a prefix is built again for every document.)
get(path) := object.get(input, path, null)

# A value that says nothing: absent or null, a blank string, or an empty list/mapping.
# (One clause for the three empty values, not one each: every clause of a function
# is tried at every call, and blank is called ~20 times a document.)
blank(value) if value in {null, [], {}}

# A string is blank when it has no visible character: only whitespace and separators
# (Zs, Zl, Zp), control and format characters (Cc, Cf: zero-width space U+200B, word
# joiner U+2060, BOM U+FEFF, soft hyphen U+00AD) and the letters that render as
# nothing (Braille blank U+2800, Hangul fillers U+115F, U+1160, U+3164, U+FFA0). A
# reviewer sees such a field as empty; so must the rule (the same under conftest).
#
# A string is blank too when all it says is a placeholder word (issue 20.14): a
# closed list, compared without regard to case, invisible characters around and
# between the words and trailing punctuation ("N/A.", " Belum  ada "):
#   "-" (and other dashes, repeated), "n/a" ("n.a.", "na"), "TBD", "belum ada",
#   "tidak ada", "nihil", "0", "?" (repeated).
# And it is blank when it holds a `patuh init` placeholder anywhere ("<ISI: ...>",
# "<PILIH: a | b>"), in any case and with anything around it: the engine refuses an
# exact placeholder as SCHEMA, and one with a trailing "." or in lower case must not
# fill a field either. One regex (RE2, linear) for all, not a clause each: blank is
# called ~20 times a document.
blank(value) if {
	is_string(value)
	regex.match(_blank_text, value)
}

_blank_text := `(?i)^[\p{Cc}\p{Cf}\p{Zs}\p{Zl}\p{Zp}\x{115F}\x{1160}\x{2800}\x{3164}\x{FFA0}]*(?:[-\x{2010}-\x{2015}\x{2212}]+|n[./]?a\.?|tbd|belum[\p{Zs}\p{Cf}\t]+ada|tidak[\p{Zs}\p{Cf}\t]+ada|nihil|0|\?+)?[.,;:!]*[\p{Cc}\p{Cf}\p{Zs}\p{Zl}\p{Zp}\x{115F}\x{1160}\x{2800}\x{3164}\x{FFA0}]*$|<[\p{Zs}\t]*(?:isi|pilih)\b[^>]*>`

# The field at `path` holds something (a non-blank value). (object.get as in get,
# not a call of get: a function call costs OPA more than the lookup itself, and
# filled and enabled are the helpers the rules call most.)
filled(path) if not blank(object.get(input, path, null))

# The field at `path` is the boolean true. A missing flag is not a "yes".
enabled(path) if object.get(input, path, null) == true

# The software's documentation is handed over (PP 71/2019 Pasal 9 ayat (1), NAS-PSE-02;
# MDN-PBJ-05): listed in deliverables.documentation, or named among the parts of the
# source code handed over (source_code.includes: documentation). One fact, read in
# either place, so that neither pack fails a document for saying it in the other.
documentation_handed_over if filled(["spec", "deliverables", "documentation"])

documentation_handed_over if {
	includes := object.get(input, ["spec", "deliverables", "source_code", "includes"], null)
	is_array(includes)
	"documentation" in includes
}

# A period such as daily, monthly, quarterly: one of the periods the document
# contract names (engine/documents.py), never "never". A closed list, not "anything
# but never": under conftest nothing is validated, and `false` or "tidak pernah"
# must not count as a schedule.
# (object.get, not `value in {...}`: the argument is any value, and must stay so
# for the type checker.)
period(value) if object.get(_is_period, [value], false)

# The periods, as an object written out: a constant, where a comprehension over a
# set of them was built again for every document.
_is_period := {
	"hourly": true,
	"daily": true,
	"weekly": true,
	"monthly": true,
	"quarterly": true,
	"semiannually": true,
	"annually": true,
}

# The calendar day YYYY-MM-DD that `value` names, undefined when it names none. The
# engine passes ISO dates as text; conftest's YAML reader turns an unquoted date into
# an RFC 3339 timestamp ("2026-01-20T00:00:00Z"), whose first ten characters are the day.
iso_day(value) := day if {
	is_string(value)
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ].*)?$`, value)
	day := substring(value, 0, 10)
	time.parse_ns("2006-01-02", day)
}

# `value` is a number at least `minimum`. Never true when `minimum` is not a number
# (a parameter that is not loaded makes the calling rule fire: fail closed).
at_least(value, minimum) if {
	is_number(value)
	is_number(minimum)
	value >= minimum
}

# A Diskominfo parameter of the medan pack (data.medan.params, policies/medan/data.json), for use in a
# finding's params; null when the parameter is not loaded.
param(name) := value if {
	value := data.medan.params[name]
} else := null

# Applicability. A rule names the kinds it applies to (its applies_to in rules/) as
# the first expression of its body, `input.kind in {"Proposal", "System"}` or
# `input.kind == "Procurement"`, never through a helper: OPA's rule index reads that
# expression and leaves the rules of other kinds unevaluated, where a helper
# (`applies_to(kinds)`, `_applies`) was evaluated by every rule for every document
# (issue 12: ~14 % of OPA's allocations a document; bench/policy_cost.py).
# Likewise a rule whose test is a field equal to a constant compares the field by its
# whole path, `input.spec.maintenance.performed_by == "contract"`, not through get
# or a helper rule: the index reads that too (an absent or null field is never equal).

# The document comes from Diskominfo itself, which need not coordinate with itself
# (parameter diskominfo_names). Names are compared as office_name makes them, so
# "Dinas Komunikasi dan Informatika Kota Medan" (the paper's name for the office) and
# " diskominfo  kota medan" both match the listed "Dinas Komunikasi dan Informatika"
# and "Diskominfo".
is_diskominfo if {
	opd := office_name(input.metadata.opd)
	some name in data.medan.params.diskominfo_names
	office_name(name) == opd
}

# An office's name for comparison: lower case, every run of white space one space,
# trimmed, and without a trailing "Kota Medan" (every office here is the city's).
office_name(name) := trim_suffix(spaced, " kota medan") if {
	is_string(name)
	spaced := trim_space(regex.replace(lower(name), `[\s\x{00A0}]+`, " "))
}

# The seven smart-city dimensions of the Master Plan (Suhendra & Ginting 2018, III.D).
dimensions := {
	"smart_economy",
	"smart_people",
	"smart_governance",
	"smart_mobility",
	"smart_environment",
	"smart_living",
	"smart_disaster_management",
}

# A finding, the shape the engine and conftest both read: the rule id, the dotted
# path of the field it is about, a short Bahasa Indonesia fallback text for conftest
# users (the engine words findings from rules/), and the values the catalog message
# may interpolate.
finding(rule, path, msg, params) := {
	"rule": rule,
	"path": path,
	"msg": sprintf("%s: %s", [rule, msg]),
	"params": params,
}

# The date of the run (YYYY-MM-DD) for the rules that depend on today: set by
# patuh.main from input.run_date (the engine's run date, in the provenance).
# Undefined when not given, so such a rule fires (fail closed).
run_date := day if {
	day := iso_day(data.patuh.run.date)
}

# `value` names a day no later than the run's date: an event said to have happened
# (a coordination, a registration, a fitness test) cannot be dated after the day of
# the check (issue 20.15). Not true without a run date, nor when `value` names no day
# (ISO days compare as text).
not_after_run_date(value) if iso_day(value) <= run_date
