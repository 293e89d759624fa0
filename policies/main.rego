# METADATA
# title: patuh — batch entrypoint
# description: |
#   One query evaluates many documents: input is {"documents": [doc, ...], "packs":
#   [name, ...], "run_date": "YYYY-MM-DD", "register": {...}} and `results` answers,
#   in the same order, each document's findings from every rule area of the selected
#   packs (the areas under data.patuh.rules.<pack>). Packs and areas are discovered dynamically, so a
#   new policies/<pack>/<area>.rego needs no change here. Without "packs" the medan
#   pack alone is evaluated (patuh's answer before packs existed). This package
#   defines no `deny`/`warn` rules: conftest --all-namespaces would count those twice.
package patuh.main

# METADATA
# title: Temuan per dokumen
# description: |
#   A list with one entry per element of input.documents, in the same order:
#   {"errors": [...], "warnings": [...]}, each sorted by rule id then path.
#   Undefined (no answer at all, which the engine refuses) when a selected pack is
#   not loaded: an unknown pack must never read as a pack without findings.
# entrypoint: true
results := [{"errors": _ordered(found.deny), "warnings": _ordered(found.warn)} |
	some doc in input.documents

	# One `with` for both kinds: the helper rules an area's deny and warn share are
	# then evaluated once per document, not twice (~15 % of the evaluation time).
	found := _findings with input as doc with data.patuh.run as _run
] if {
	_packs_loaded
	not _has_register
}

# With the desk's register (letters and recommended proposals, read by
# policies/medan/rujukan.rego). It travels in the query's input, so that one OPA server
# shared by several processes answers each query with that query's own register;
# without one, the rules that read data.patuh.register never fire. (Two definitions
# of results, not one calling a function per document: that call cost ~2 % of the
# evaluation.)
results := [{"errors": _ordered(found.deny), "warnings": _ordered(found.warn)} |
	some doc in input.documents
	found := _findings with input as doc with data.patuh.run as _run
		with data.patuh.register as input.register
] if {
	_packs_loaded
	_has_register
}

_packs_loaded if {
	every pack in _packs {
		is_object(data.patuh.rules[pack])
	}
}

_packs := input.packs if is_array(input.packs)

else := ["medan"]

# The run's date, for the rules that depend on today (lib.run_date); absent, those
# rules fire (fail closed).
_run := {"date": input.run_date, "packs": _packs} if is_string(input.run_date)

else := {"packs": _packs}

_has_register if is_object(input.register)

# The findings of every rule area of the selected packs for the current input, by kind.
_findings := {
	"deny": {f | some pack in data.patuh.run.packs; some f in data.patuh.rules[pack][_].deny},
	"warn": {f | some pack in data.patuh.run.packs; some f in data.patuh.rules[pack][_].warn},
}

# Findings in a stable order (rule id, then path, then the finding itself).
_ordered(findings) := [entry[2] | some entry in sort([[f.rule, f.path, f] | some f in findings])]
