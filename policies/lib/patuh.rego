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
get(path) := object.get(input, path, null)

# A value that says nothing: absent or null, a blank string, or an empty list/mapping.
blank(value) if value == null

# A string is blank when it has no visible character: only whitespace and separators
# (Zs, Zl, Zp), control and format characters (Cc, Cf: zero-width space U+200B, word
# joiner U+2060, BOM U+FEFF, soft hyphen U+00AD) and the letters that render as
# nothing (Braille blank U+2800, Hangul fillers U+115F, U+1160, U+3164, U+FFA0). A
# reviewer sees such a field as empty; so must the rule (the same under conftest).
blank(value) if {
	is_string(value)
	regex.match(`^[\p{Cc}\p{Cf}\p{Zs}\p{Zl}\p{Zp}\x{115F}\x{1160}\x{2800}\x{3164}\x{FFA0}]*$`, value)
}

blank(value) if {
	is_array(value)
	count(value) == 0
}

blank(value) if {
	is_object(value)
	count(value) == 0
}

# The field at `path` holds something (a non-blank value).
filled(path) if not blank(get(path))

# The field at `path` is the boolean true. A missing flag is not a "yes".
enabled(path) if get(path) == true

# A period such as daily, monthly, quarterly: declared and not "never".
period(value) if {
	not blank(value)
	value != "never"
}

# `value` is a number at least `minimum`. Never true when `minimum` is not a number
# (a parameter that is not loaded makes the calling rule fire: fail closed).
at_least(value, minimum) if {
	is_number(value)
	is_number(minimum)
	value >= minimum
}

# A Diskominfo parameter (data.patuh.params, policies/data.json) for use in a
# finding's params; null when the parameter is not loaded.
param(name) := value if {
	value := data.patuh.params[name]
} else := null

# The document's kind is one of `kinds` (the rule's applicability in rules.md).
applies_to(kinds) if input.kind in kinds

# The document comes from Diskominfo itself, which need not coordinate with itself
# (parameter diskominfo_names; compared case-insensitively, trimmed).
is_diskominfo if {
	opd := lower(trim_space(input.metadata.opd))
	some name in data.patuh.params.diskominfo_names
	lower(trim_space(name)) == opd
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
