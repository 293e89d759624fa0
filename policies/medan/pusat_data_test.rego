package patuh.rules.medan.pusat_data_test

import data.patuh.examples_test as ex
import data.patuh.rules.medan.pusat_data

_paths(findings, rule) := {f.path | some f in findings; f.rule == rule}

test_compliant_examples_pass if {
	every doc in ex.documents {
		count(pusat_data.deny) == 0 with input as doc
	}
}

test_host01_fires_outside_the_diskominfo_datacenter if {
	every location in ["opd_server_room", "public_cloud", "vendor_premises"] {
		every doc in [ex.proposal, ex.system] {
			findings := pusat_data.deny with input as object.union(doc, {"spec": {"hosting": {"location": location}}})
			some f in findings
			f.rule == "MDN-HOST-01"
			f.path == "spec.hosting.location"
			f.params == {"allowed": "diskominfo_datacenter", "actual": location}
		}
	}
}

test_host01_fires_when_hosting_absent_or_null if {
	_paths(pusat_data.deny, "MDN-HOST-01") == {"spec.hosting.location"} with input as json.remove(ex.system, ["spec/hosting"])
	_paths(pusat_data.deny, "MDN-HOST-01") == {"spec.hosting.location"} with input as object.union(ex.proposal, {"spec": {"hosting": null}})
	_paths(pusat_data.deny, "MDN-HOST-01") == {"spec.hosting.location"} with input as object.union(ex.proposal, {"spec": {"hosting": {"location": null}}})
}

test_host01_allowed_locations_come_from_parameters if {
	doc := object.union(ex.system, {"spec": {"hosting": {"location": "public_cloud"}}})
	count(pusat_data.deny) == 0 with input as doc with data.medan.params.allowed_hosting as ["diskominfo_datacenter", "public_cloud"]
}

test_host01_fails_closed_without_parameters if {
	findings := pusat_data.deny with input as ex.system with data.medan.params as {}
	some f in findings
	f.params == {"allowed": "", "actual": "diskominfo_datacenter"}
}

test_host01_not_for_procurement if {
	doc := object.union(ex.procurement, {"spec": {"hosting": {"location": "public_cloud"}}})
	count(pusat_data.deny) == 0 with input as doc
}

# Issue 20.16: data kept abroad are not in the Diskominfo data centre (the engine
# refuses the contradiction as SCHEMA; conftest validates nothing).
test_host01_fires_for_data_abroad_beside_the_datacenter if {
	doc := object.union(ex.system, {"spec": {"hosting": {"location": "diskominfo_datacenter", "country": "SG"}}})
	findings := pusat_data.deny with input as doc
	_paths(findings, "MDN-HOST-01") == {"spec.hosting.country"}
	some f in findings
	f.params == {"allowed": "diskominfo_datacenter", "actual": "SG"}
	ok := object.union(ex.system, {"spec": {"hosting": {"location": "diskominfo_datacenter", "country": "ID"}}})
	count(pusat_data.deny) == 0 with input as ok
}
