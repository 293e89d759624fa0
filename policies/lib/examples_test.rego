# METADATA
# title: Compliant example documents for the unit tests
# description: |
#   The three complete examples of docs/documents.md (the System's elided sla,
#   security and maintenance filled in as in the Proposal), converted to JSON. They
#   are meant to be compliant; each area's tests break one field at a time.
package patuh.examples_test

import data.patuh.main

proposal := {
	"apiVersion": "patuh/v1",
	"kind": "Proposal",
	"metadata": {
		"id": "DINKES-2026-007",
		"title": "Sistem Informasi Telemedicine Puskesmas",
		"opd": "Dinas Kesehatan",
		"submitted": "2026-02-10",
	},
	"spec": {
		"summary": "Layanan konsultasi jarak jauh untuk 41 puskesmas.",
		"dimensions": [
			"smart_living",
		],
		"characteristics": [
			"ubiquitous",
			"connectable",
		],
		"funding": {
			"source": "APBD",
			"amount_idr": 850000000,
		},
		"coordination": {
			"diskominfo": {
				"reference": "555/123/Diskominfo/2026",
				"date": "2026-01-20",
				"status": "recommended",
			},
		},
		"planning": {
			"masterplan_ref": "Master Plan Smart City Kota Medan 2018, Smart Living",
			"planning_document_ref": null,
			"study_ref": "Kajian kebutuhan telemedicine 2025",
			"renstra_tik_ref": "Renstra TIK 2025-2029 program 3.2",
		},
		"third_parties": [
			{
				"name": "PT Contoh Teknologi",
				"role": "developer",
				"agreement_ref": "PKS/045/2026",
			},
		],
		"integration": [
			{
				"system": "SIMPUS",
				"method": "api",
			},
		],
		"change_management": "Sosialisasi dan pendampingan 3 bulan",
		"hosting": {
			"location": "diskominfo_datacenter",
		},
		"sla": {
			"availability_percent": 99.5,
			"backup": {
				"frequency": "daily",
				"offsite_copy": true,
			},
			"redundancy": true,
			"disaster_recovery": {
				"plan_ref": "DRP-DINKES-01",
				"rpo_hours": 24,
				"rto_hours": 8,
			},
			"reliability": {
				"incident_response_hours": 4,
			},
		},
		"security": {
			"data_classification": "confidential",
			"personal_data": true,
			"authentication": {
				"method": "password_mfa",
			},
			"access_control": {
				"model": "rbac",
			},
			"audit_log": {
				"enabled": true,
				"retention_days": 365,
			},
			"integrity": {
				"checksums": true,
				"input_validation": true,
				"digital_signature": false,
			},
			"encryption": {
				"in_transit": "tls",
				"at_rest": true,
			},
			"pki": {
				"certificate_authority": "BSrE",
			},
			"network": {
				"firewall": true,
				"ids": true,
				"antivirus": true,
				"vpn": true,
			},
			"physical": {
				"document_security": true,
				"room_security": true,
			},
			"procedures_ref": "SOP-KAMI-2026",
		},
		"maintenance": {
			"performed_by": "internal",
			"contract_ref": null,
			"manuals": true,
			"troubleshooting_procedure": true,
			"malware_scan": "monthly",
			"physical_inspection": "quarterly",
		},
		"human_resources": {
			"training_plan": "Bimtek operator puskesmas, 3 angkatan",
		},
	},
}

procurement := {
	"apiVersion": "patuh/v1",
	"kind": "Procurement",
	"metadata": {
		"id": "PBJ-2026-DINKES-011",
		"title": "Pengadaan Aplikasi Telemedicine",
		"opd": "Dinas Kesehatan",
		"submitted": "2026-03-01",
		"proposal_ref": "DINKES-2026-007",
	},
	"spec": {
		"category": "special_application_software",
		"method": "tender",
		"value_idr": 780000000,
		"specification": {
			"authored_by": "diskominfo",
			"reference": "KAK-DINKES-011",
		},
		"coordination": {
			"diskominfo": {
				"reference": "555/140/Diskominfo/2026",
				"date": "2026-02-20",
				"status": "recommended",
			},
		},
		"renstra_tik_ref": "Renstra TIK 2025-2029 program 3.2",
		"third_parties": [
			{
				"name": "PT Contoh Teknologi",
				"role": "vendor",
				"agreement_ref": "SPK/011/2026",
			},
		],
		"deliverables": {
			"source_code": {
				"handover": true,
				"includes": [
					"source",
					"build_scripts",
					"database_schema",
					"documentation",
				],
				"license": "government_owned",
			},
			"documentation": [
				"user_manual",
				"admin_manual",
			],
		},
		"technology_transfer": {
			"training": {
				"hours": 40,
				"participants": 10,
				"audience": [
					"diskominfo_staff",
					"opd_staff",
				],
			},
		},
		"maintenance": {
			"performed_by": "contract",
			"contract_ref": "SPK/012/2026",
			"duration_months": 12,
		},
	},
}

system := {
	"apiVersion": "patuh/v1",
	"kind": "System",
	"metadata": {
		"id": "SIMPUS",
		"title": "Sistem Informasi Manajemen Puskesmas",
		"opd": "Dinas Kesehatan",
	},
	"spec": {
		"dimensions": [
			"smart_living",
		],
		"coordination": {
			"diskominfo": {
				"reference": "555/090/Diskominfo/2024",
				"date": "2024-05-02",
				"status": "recommended",
			},
		},
		"hosting": {
			"location": "diskominfo_datacenter",
		},
		"sla": {
			"availability_percent": 99.5,
			"backup": {
				"frequency": "daily",
				"offsite_copy": true,
			},
			"redundancy": true,
			"disaster_recovery": {
				"plan_ref": "DRP-DINKES-01",
				"rpo_hours": 24,
				"rto_hours": 8,
			},
			"reliability": {
				"incident_response_hours": 4,
			},
		},
		"security": {
			"data_classification": "confidential",
			"personal_data": true,
			"authentication": {
				"method": "password_mfa",
			},
			"access_control": {
				"model": "rbac",
			},
			"audit_log": {
				"enabled": true,
				"retention_days": 365,
			},
			"integrity": {
				"checksums": true,
				"input_validation": true,
				"digital_signature": false,
			},
			"encryption": {
				"in_transit": "tls",
				"at_rest": true,
			},
			"pki": {
				"certificate_authority": "BSrE",
			},
			"network": {
				"firewall": true,
				"ids": true,
				"antivirus": true,
				"vpn": true,
			},
			"physical": {
				"document_security": true,
				"room_security": true,
			},
			"procedures_ref": "SOP-KAMI-2026",
		},
		"maintenance": {
			"performed_by": "internal",
			"contract_ref": null,
			"manuals": true,
			"troubleshooting_procedure": true,
			"malware_scan": "monthly",
			"physical_inspection": "quarterly",
		},
		"human_resources": {
			"training_plan": "Bimtek tahunan",
		},
		"operations": {
			"unit": "UPT Smart City",
			"decree_ref": "Kepwal 050/2019",
			"periodic_report": "monthly",
		},
	},
}

documents := [proposal, procurement, system]

test_documents_md_examples_are_compliant if {
	results := main.results with input as {"documents": documents}
	results == [
		{"errors": [], "warnings": []},
		{"errors": [], "warnings": []},
		{"errors": [], "warnings": []},
	]
}
