# Compliant documents of the nasional pack (the bases of fixtures/nasional/), for the
# pack's opa tests. The run date the tests evaluate on: run_date.
package patuh.nasional_examples_test

run_date := "2026-06-30"

proposal := {
	"apiVersion": "patuh/v1",
	"kind": "Proposal",
	"metadata": {
		"id": "UJI-PSE-06-LOLOS",
		"title": "Sistem Informasi Penerimaan Peserta Didik Baru (PPDB) Daring",
		"opd": "Dinas Pendidikan",
		"submitted": "2026-02-03",
	},
	"spec": {
		"summary": "Pendaftaran, seleksi zonasi dan pengumuman PPDB SD dan SMP negeri secara daring.",
		"dimensions": [
			"smart_people",
			"smart_governance",
		],
		"characteristics": [
			"connectable",
			"ubiquitous",
		],
		"funding": {
			"source": "APBD",
			"amount_idr": 620000000,
		},
		"coordination": {
			"diskominfo": {
				"reference": "555/087/Diskominfo/2026",
				"date": "2026-01-15",
				"status": "recommended",
			},
		},
		"planning": {
			"masterplan_ref": "Master Plan Smart City Kota Medan 2018, dimensi Smart People",
			"planning_document_ref": "Renja Dinas Pendidikan Kota Medan 2026",
			"study_ref": "Kajian evaluasi pelaksanaan PPDB 2025",
			"renstra_tik_ref": "Renstra TIK Kota Medan 2025-2029 program 2.1",
			"spbe_architecture_ref": "Keputusan Wali Kota Medan tentang Arsitektur SPBE Kota Medan 2025-2029",
			"spbe_priority": {
				"domain": "education",
				"use": "Data peserta didik diselaraskan dengan Dapodik (layanan pendidikan terintegrasi)",
			},
		},
		"third_parties": [
			{
				"name": "PT Sumatera Solusi Digital",
				"role": "developer",
				"agreement_ref": "PKS/027/DISDIK/2026",
			},
		],
		"integration": [
			{
				"system": "SIAK Disdukcapil",
				"method": "api",
			},
			{
				"system": "Dapodik",
				"method": "api",
			},
		],
		"change_management": "Sosialisasi ke 420 sekolah dan posko pendampingan selama masa PPDB",
		"hosting": {
			"location": "diskominfo_datacenter",
			"country": "ID",
		},
		"sla": {
			"availability_percent": 99.5,
			"backup": {
				"frequency": "daily",
				"offsite_copy": true,
			},
			"redundancy": true,
			"disaster_recovery": {
				"plan_ref": "DRP-DISDIK-2026-01",
				"rpo_hours": 24,
				"rto_hours": 8,
			},
			"reliability": {
				"incident_response_hours": 4,
			},
			"continuity_plan_ref": "BCP-DISDIK-2026-01",
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
			"procedures_ref": "SOP-KAMI-DISDIK-2026",
			"data_protection": {
				"categories": [
					"general",
					"children",
				],
				"high_risk": ["large_scale"],
				"lawful_basis": "public_task",
				"dpia_ref": "DPIA-DISDIK-2026-01",
				"breach_notification": {
					"procedure_ref": "SOP-INSIDEN-PDP-2026",
					"within_hours": 72,
					"recipients": [
						"data_subjects",
						"agency",
					],
				},
				"officer": {
					"name": "Kepala Bidang Aplikasi Informatika",
					"appointment_ref": "SK Wali Kota 800/123/2026",
				},
			},
		},
		"maintenance": {
			"performed_by": "internal",
			"manuals": true,
			"troubleshooting_procedure": true,
			"malware_scan": "monthly",
			"physical_inspection": "quarterly",
		},
		"human_resources": {
			"training_plan": "Bimtek operator sekolah dan verifikator dinas, 4 angkatan",
		},
	},
}

procurement := {
	"apiVersion": "patuh/v1",
	"kind": "Procurement",
	"metadata": {
		"id": "UJI-PSE-02-LOLOS",
		"title": "Pengadaan Jasa Pengembangan Aplikasi PPDB Daring",
		"opd": "Dinas Pendidikan",
		"submitted": "2026-03-02",
		"proposal_ref": "DISDIK-2026-004",
	},
	"spec": {
		"category": "special_application_software",
		"method": "tender",
		"value_idr": 545000000,
		"specification": {
			"authored_by": "diskominfo",
			"reference": "KAK-DISDIK-009/2026",
		},
		"coordination": {
			"diskominfo": {
				"reference": "555/142/Diskominfo/2026",
				"date": "2026-02-20",
				"status": "recommended",
			},
		},
		"renstra_tik_ref": "Renstra TIK Kota Medan 2025-2029 program 2.1",
		"third_parties": [
			{
				"name": "PT Sumatera Solusi Digital",
				"role": "vendor",
				"agreement_ref": "SPK/027/PPDB/2026",
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
				"storage": "agency",
			},
			"documentation": [
				"user_manual",
				"admin_manual",
			],
		},
		"technology_transfer": {
			"training": {
				"hours": 40,
				"participants": 12,
				"audience": [
					"diskominfo_staff",
					"opd_staff",
				],
			},
		},
		"maintenance": {
			"performed_by": "contract",
			"contract_ref": "SPK/028/PPDB/2026",
			"duration_months": 12,
		},
		"agreements": {
			"sla_ref": "SLA/027/PPDB/2026",
			"information_security_ref": "PKI/027/PPDB/2026",
		},
	},
}

system := {
	"apiVersion": "patuh/v1",
	"kind": "System",
	"metadata": {
		"id": "UJI-PSE-04-LOLOS",
		"title": "Sistem Informasi Manajemen Pajak Bumi dan Bangunan",
		"opd": "Badan Pendapatan Daerah",
	},
	"spec": {
		"dimensions": [
			"smart_economy",
			"smart_governance",
		],
		"coordination": {
			"diskominfo": {
				"reference": "555/061/Diskominfo/2023",
				"date": "2023-04-11",
				"status": "recommended",
			},
		},
		"hosting": {
			"location": "diskominfo_datacenter",
			"country": "ID",
		},
		"sla": {
			"availability_percent": 99.5,
			"backup": {
				"frequency": "daily",
				"offsite_copy": true,
			},
			"redundancy": true,
			"disaster_recovery": {
				"plan_ref": "DRP-BAPENDA-2023-02",
				"rpo_hours": 12,
				"rto_hours": 6,
			},
			"reliability": {
				"incident_response_hours": 2,
			},
			"continuity_plan_ref": "BCP-BAPENDA-2024-01",
		},
		"security": {
			"data_classification": "confidential",
			"personal_data": true,
			"authentication": {
				"method": "sso",
			},
			"access_control": {
				"model": "rbac",
			},
			"audit_log": {
				"enabled": true,
				"retention_days": 730,
			},
			"integrity": {
				"checksums": true,
				"input_validation": true,
				"digital_signature": true,
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
			"procedures_ref": "SOP-KAMI-BAPENDA-2024",
			"data_protection": {
				"categories": [
					"general",
				],
				"high_risk": [],
				"lawful_basis": "public_task",
				"breach_notification": {
					"procedure_ref": "SOP-INSIDEN-PDP-2026",
					"within_hours": 72,
					"recipients": [
						"data_subjects",
						"agency",
					],
				},
				"officer": {
					"name": "Kepala Bidang Aplikasi Informatika",
					"appointment_ref": "SK Wali Kota 800/123/2026",
				},
			},
		},
		"maintenance": {
			"performed_by": "internal",
			"manuals": true,
			"troubleshooting_procedure": true,
			"malware_scan": "weekly",
			"physical_inspection": "monthly",
		},
		"human_resources": {
			"training_plan": "Bimtek tahunan operator bidang PBB dan petugas loket",
		},
		"operations": {
			"unit": "Bidang Pajak Bumi dan Bangunan Bapenda",
			"decree_ref": "Keputusan Wali Kota Medan Nomor 050/412.K/2019",
			"periodic_report": "quarterly",
		},
		"source_code": {
			"custom_software": true,
			"storage": "agency",
			"storage_ref": "Repositori kode Diskominfo, berita acara 027/BA/2023",
		},
		"registration": {
			"number": "PSE-LP-2023-000871",
			"date": "2023-05-02",
		},
		"fitness_test": {
			"reference": "BA Uji Kelaikan 027/UK/2023",
			"date": "2023-04-20",
		},
		"audit": {
			"last_date": "2025-09-15",
			"auditor": "PT Audit Sistem Nusantara",
			"auditor_registration_ref": "LATIK-REG-2024-017",
		},
	},
}

documents := [proposal, procurement, system]
