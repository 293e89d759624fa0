"""The v1 document contract (docs/documents.md) as strict pydantic models.

The schema checks shape and types only. A section whose presence an obligation
demands is optional here: when it is missing the *rule* reports it, with its legal
basis and remedy. Required are only the envelope, metadata.id/title/opd and, for a
Procurement, spec.category. Enumerations are closed; unknown fields are errors.
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError


class Strict(BaseModel):
    # strict: no coercion ("yes" is not a boolean, "12" is not a number);
    # extra="forbid": a misspelt field is an error, never silently ignored.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def contradiction(code: str, field: str, **facts: object) -> PydanticCustomError:
    """Two facts of one document that cannot both be true (issue 20.16, 22.4): refused
    as SCHEMA, never read as a pass. `field` is the one the finding points at, below the
    section whose validator found it; `code` the message that names both facts."""
    return PydanticCustomError("contradiction", code, {"code": code, "field": field, **facts})


def _iso_date(value: str) -> str:
    try:
        _dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError("expected an ISO date YYYY-MM-DD") from exc
    if len(value) != 10:
        raise ValueError("expected an ISO date YYYY-MM-DD")
    return value


IsoDate = Annotated[
    str,
    AfterValidator(_iso_date),
    # What `patuh schema` tells editors (the validator above is the judge).
    WithJsonSchema(
        {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    ),
]
Text = Annotated[str, Field(max_length=10_000)]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Hours = Annotated[float, Field(ge=0, le=1_000_000, allow_inf_nan=False)]
# Hours a commitment is made in (issue 20.15): a bound beyond which the number promises
# nothing, so that a million hours cannot pass a rule that asks for "a figure". Each
# refusal says why (BOUND_REASONS, messages schema.hours.*); what the rules themselves
# ask (more than zero, at most 72 hours) stays theirs, with its basis.
# - recovery (rpo_hours, rto_hours): at most a year; 0 is a real objective (no loss,
#   no downtime, e.g. with synchronous replication);
RecoveryHours = Annotated[float, Field(ge=0, le=8_760, allow_inf_nan=False)]
# - incident response: at most 30 days (0 is MDN-SLA-05's: no guarantee stated);
ResponseHours = Annotated[float, Field(ge=0, le=720, allow_inf_nan=False)]
# - a breach notice: more than 0 (no notice can be given in no time: a 0 is a field
#   not filled) and at most 30 days (beyond 72 hours NAS-PDP-03 reports it).
NoticeHours = Annotated[float, Field(gt=0, le=720, allow_inf_nan=False)]
# (field name, pydantic error type) -> the message code that says why.
BOUND_REASONS = {
    ("rpo_hours", "less_than_equal"): "schema.hours.recovery",
    ("rto_hours", "less_than_equal"): "schema.hours.recovery",
    ("incident_response_hours", "less_than_equal"): "schema.hours.response",
    ("within_hours", "less_than_equal"): "schema.hours.notice",
    ("within_hours", "greater_than"): "schema.hours.notice_zero",
}
Count = Annotated[int, Field(ge=0)]
DocumentId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]

Kind = Literal["Proposal", "Procurement", "System"]
Dimension = Literal[
    "smart_economy",
    "smart_people",
    "smart_governance",
    "smart_mobility",
    "smart_environment",
    "smart_living",
    "smart_disaster_management",
]
Characteristic = Literal[
    "sensible", "connectable", "ubiquitous", "sociable", "shareable", "visible"
]
FundingSource = Literal["APBD", "APBN", "DAK", "hibah", "kerja_sama", "lainnya"]
CoordinationStatus = Literal["recommended", "pending", "rejected"]
HostingLocation = Literal[
    "diskominfo_datacenter", "opd_server_room", "public_cloud", "vendor_premises"
]
BackupFrequency = Literal["never", "hourly", "daily", "weekly", "monthly"]
Period = Literal["never", "daily", "weekly", "monthly", "quarterly"]
ReportPeriod = Literal["never", "weekly", "monthly", "quarterly", "semiannually", "annually"]
Classification = Literal["public", "internal", "confidential", "secret"]
AuthMethod = Literal["none", "password", "password_mfa", "sso", "certificate"]
AccessModel = Literal["none", "rbac", "abac", "acl"]
TransitEncryption = Literal["none", "tls", "mtls"]
MaintainedBy = Literal["internal", "contract"]
ProcurementCategory = Literal[
    "hardware",
    "system_software",
    "general_application_software",
    "special_application_software",
    "maintenance_service",
]
ProcurementMethod = Literal[
    "tender", "seleksi", "pengadaan_langsung", "e_purchasing", "penunjukan_langsung"
]
SpecAuthor = Literal["pemkot_opd", "diskominfo", "vendor"]
# Who a vendor's training is for (MDN-PBJ-04: "kepada staf Pemkot Medan"): the city's
# own staff, at Diskominfo or at an OPD, or the vendor's.
TrainingAudience = Literal["diskominfo_staff", "opd_staff", "vendor_staff"]
SourceCodePart = Literal["source", "build_scripts", "database_schema", "documentation", "tests"]
License = Literal["government_owned", "open_source", "proprietary"]
# --- facts the nasional pack asks for (docs/national.md) ---
# ISO 3166-1 alpha-2, "ID" for Indonesia (PP 71/2019 Pasal 20 ayat (2)).
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
# Where custom software's source code and documentation are kept (PP 71/2019 Pasal 9
# ayat (2)-(3)): by the agency itself, or with a trusted third party (escrow).
CodeStorage = Literal["agency", "escrow"]
# UU 27/2022 Pasal 4: general and specific personal data (health, biometric, genetic,
# criminal records, children's, personal financial).
PersonalDataCategory = Literal[
    "general", "health", "biometric", "genetic", "criminal_record", "children", "financial"
]
# The lawful bases of UU 27/2022 Pasal 20 ayat (2); an OPD's is usually public_task.
LawfulBasis = Literal[
    "consent",
    "contract",
    "legal_obligation",
    "vital_interest",
    "public_task",
    "legitimate_interest",
]
# What makes processing high-risk (UU 27/2022 Pasal 34 ayat (2)), besides specific data.
HighRiskProcessing = Literal[
    "automated_decision",
    "large_scale",
    "systematic_monitoring",
    "data_matching",
    "new_technology",
    "rights_limitation",
]
BreachRecipient = Literal["data_subjects", "agency"]
# The domains Aplikasi SPBE Prioritas support (Perpres 82/2023 Pasal 2 ayat (3) huruf a-i),
# or none of them (NAS-SPBE-03).
SpbePriorityDomain = Literal[
    "education",
    "health",
    "social_assistance",
    "population_administration",
    "state_payments",
    "civil_service",
    "public_service_portal",
    "one_data",
    "police",
    "none",
]
# Who carried out an IT audit (Permenkominfo 16/2022 Pasal 16): an accredited and
# registered audit body (LATIK), or a government IT audit body (no LATIK registration).
AuditorKind = Literal["accredited", "government"]


class Metadata(Strict):
    id: DocumentId
    title: Annotated[str, Field(min_length=1, max_length=500)]
    opd: Annotated[str, Field(min_length=1, max_length=300)]
    submitted: IsoDate | None = None
    proposal_ref: Text | None = None  # Procurement: the proposal it implements
    description: Text | None = None


class DiskominfoCoordination(Strict):
    reference: Text | None = None
    date: IsoDate | None = None
    status: CoordinationStatus | None = None


class Coordination(Strict):
    diskominfo: DiskominfoCoordination | None = None


class Funding(Strict):
    source: FundingSource | None = None
    amount_idr: Count | None = None


class SpbePriority(Strict):
    """Whether the application falls in a domain of the Aplikasi SPBE Prioritas and, if
    so, how it uses or integrates the priority application, or why it does not."""

    domain: SpbePriorityDomain | None = None
    use: Text | None = None
    reason: Text | None = None


class Planning(Strict):
    masterplan_ref: Text | None = None
    planning_document_ref: Text | None = None
    study_ref: Text | None = None
    renstra_tik_ref: Text | None = None
    spbe_architecture_ref: Text | None = None  # the regional SPBE architecture
    spbe_priority: SpbePriority | None = None  # Perpres 82/2023 (NAS-SPBE-03)


class ThirdParty(Strict):
    name: Text | None = None
    role: Text | None = None
    agreement_ref: Text | None = None


class Integration(Strict):
    system: Text | None = None
    method: Text | None = None


# Hosting locations that are in the city, so in Indonesia (docs/documents.md).
_IN_THE_CITY = ("diskominfo_datacenter", "opd_server_room")


class Hosting(Strict):
    # What `patuh schema` tells editors of the contradiction refused below.
    model_config = ConfigDict(
        json_schema_extra={
            "not": {
                "properties": {
                    "location": {"enum": list(_IN_THE_CITY)},
                    "country": {"type": "string", "not": {"const": "ID"}},
                },
                "required": ["location", "country"],
            }
        }
    )

    location: HostingLocation | None = None
    notes: Text | None = None
    country: CountryCode | None = None  # where systems and data are kept
    provider: Text | None = None  # the third party hosting or operating it, if any

    @model_validator(mode="after")
    def _abroad_in_the_city(self) -> Hosting:
        # The Diskominfo data centre and an OPD's server room are in Medan: a country
        # other than Indonesia beside them is not a fact that can be true.
        if self.location in _IN_THE_CITY and self.country is not None and self.country != "ID":
            raise contradiction(
                "schema.contradiction.hosting_country",
                "country",
                location=self.location,
                country=self.country,
            )
        return self


class Backup(Strict):
    frequency: BackupFrequency | None = None
    offsite_copy: bool | None = None


class DisasterRecovery(Strict):
    plan_ref: Text | None = None
    rpo_hours: RecoveryHours | None = None
    rto_hours: RecoveryHours | None = None


class Reliability(Strict):
    incident_response_hours: ResponseHours | None = None


class Sla(Strict):
    availability_percent: Percent | None = None
    backup: Backup | None = None
    redundancy: bool | None = None
    disaster_recovery: DisasterRecovery | None = None
    reliability: Reliability | None = None
    continuity_plan_ref: Text | None = None  # rencana keberlangsungan kegiatan


class Authentication(Strict):
    method: AuthMethod | None = None


class AccessControl(Strict):
    model: AccessModel | None = None


class AuditLog(Strict):
    enabled: bool | None = None
    retention_days: Count | None = None


class Integrity(Strict):
    checksums: bool | None = None
    input_validation: bool | None = None
    digital_signature: bool | None = None


class Encryption(Strict):
    in_transit: TransitEncryption | None = None
    at_rest: bool | None = None


class Pki(Strict):
    certificate_authority: Text | None = None


class NetworkSecurity(Strict):
    firewall: bool | None = None
    ids: bool | None = None
    antivirus: bool | None = None
    vpn: bool | None = None


class PhysicalSecurity(Strict):
    document_security: bool | None = None
    room_security: bool | None = None


class BreachNotification(Strict):
    procedure_ref: Text | None = None
    within_hours: NoticeHours | None = None
    recipients: list[BreachRecipient] | None = None


class DataProtectionOfficer(Strict):
    name: Text | None = None
    appointment_ref: Text | None = None


class DataProtection(Strict):
    categories: list[PersonalDataCategory] | None = None
    high_risk: list[HighRiskProcessing] | None = None
    lawful_basis: LawfulBasis | None = None
    dpia_ref: Text | None = None  # penilaian dampak pelindungan data pribadi
    breach_notification: BreachNotification | None = None
    officer: DataProtectionOfficer | None = None
    # Processing for public service (UU 27/2022 Pasal 53 ayat (1) huruf a, NAS-PDP-04).
    public_service: bool | None = None


class Security(Strict):
    # What `patuh schema` tells editors of the contradiction refused below.
    model_config = ConfigDict(
        json_schema_extra={
            "not": {
                "properties": {
                    "personal_data": {"const": False},
                    "data_protection": {
                        "type": "object",
                        "properties": {"categories": {"type": "array", "minItems": 1}},
                        "required": ["categories"],
                    },
                },
                "required": ["personal_data", "data_protection"],
            }
        }
    )

    data_classification: Classification | None = None
    personal_data: bool | None = None
    data_protection: DataProtection | None = None
    authentication: Authentication | None = None
    access_control: AccessControl | None = None
    audit_log: AuditLog | None = None
    integrity: Integrity | None = None
    encryption: Encryption | None = None
    pki: Pki | None = None
    network: NetworkSecurity | None = None
    physical: PhysicalSecurity | None = None
    procedures_ref: Text | None = None

    @model_validator(mode="after")
    def _categories_of_no_personal_data(self) -> Security:
        # Categories of personal data named beside "no personal data": one of the two
        # is false, and reading the "false" would excuse every NAS-PDP duty.
        categories = self.data_protection.categories if self.data_protection else None
        if self.personal_data is False and categories:
            raise contradiction(
                "schema.contradiction.personal_data",
                "data_protection.categories",
                categories=", ".join(categories),
            )
        return self


class Maintenance(Strict):
    performed_by: MaintainedBy | None = None
    contract_ref: Text | None = None
    duration_months: Count | None = None
    manuals: bool | None = None
    troubleshooting_procedure: bool | None = None
    malware_scan: Period | None = None
    physical_inspection: Period | None = None


class HumanResources(Strict):
    training_plan: Text | None = None


class Operations(Strict):
    unit: Text | None = None
    decree_ref: Text | None = None
    periodic_report: ReportPeriod | None = None


class Specification(Strict):
    authored_by: SpecAuthor | None = None
    reference: Text | None = None


class SourceCode(Strict):
    handover: bool | None = None
    includes: list[SourceCodePart] | None = None
    license: License | None = None
    storage: CodeStorage | None = None
    escrow_reason: Text | None = None  # why escrow: the agency's means not yet available


class SourceCodeCustody(Strict):
    custom_software: bool | None = None
    storage: CodeStorage | None = None
    storage_ref: Text | None = None
    escrow_reason: Text | None = None  # why escrow: the agency's means not yet available


class Registration(Strict):
    number: Text | None = None
    date: IsoDate | None = None


class FitnessTest(Strict):
    reference: Text | None = None
    date: IsoDate | None = None


class ItAudit(Strict):
    last_date: IsoDate | None = None
    auditor: Text | None = None
    auditor_kind: AuditorKind | None = None
    auditor_registration_ref: Text | None = None


class ServiceAgreements(Strict):
    sla_ref: Text | None = None
    information_security_ref: Text | None = None


class Deliverables(Strict):
    source_code: SourceCode | None = None
    documentation: list[Text] | None = None


class Training(Strict):
    hours: Hours | None = None
    participants: Count | None = None
    audience: list[TrainingAudience] | None = None


class TechnologyTransfer(Strict):
    training: Training | None = None


class ProposalSpec(Strict):
    summary: Text | None = None
    dimensions: list[Dimension] | None = None
    characteristics: list[Characteristic] | None = None
    funding: Funding | None = None
    coordination: Coordination | None = None
    planning: Planning | None = None
    third_parties: list[ThirdParty] | None = None
    integration: list[Integration] | None = None
    change_management: Text | None = None
    hosting: Hosting | None = None
    sla: Sla | None = None
    security: Security | None = None
    maintenance: Maintenance | None = None
    human_resources: HumanResources | None = None


class ProcurementSpec(Strict):
    category: ProcurementCategory
    summary: Text | None = None
    method: ProcurementMethod | None = None
    value_idr: Count | None = None
    specification: Specification | None = None
    coordination: Coordination | None = None
    renstra_tik_ref: Text | None = None
    # The regional SPBE architecture an infrastructure procurement is based on
    # (Perpres 132/2022 Pasal 5 ayat (1), NAS-SPBE-02).
    spbe_architecture_ref: Text | None = None
    third_parties: list[ThirdParty] | None = None
    deliverables: Deliverables | None = None
    technology_transfer: TechnologyTransfer | None = None
    maintenance: Maintenance | None = None
    agreements: ServiceAgreements | None = None


class SystemSpec(Strict):
    summary: Text | None = None
    dimensions: list[Dimension] | None = None
    characteristics: list[Characteristic] | None = None
    coordination: Coordination | None = None
    hosting: Hosting | None = None
    sla: Sla | None = None
    security: Security | None = None
    maintenance: Maintenance | None = None
    human_resources: HumanResources | None = None
    operations: Operations | None = None
    source_code: SourceCodeCustody | None = None
    registration: Registration | None = None
    fitness_test: FitnessTest | None = None
    audit: ItAudit | None = None


class _Envelope(Strict):
    apiVersion: Literal["patuh/v1"]
    metadata: Metadata


class Proposal(_Envelope):
    kind: Literal["Proposal"]
    spec: ProposalSpec = ProposalSpec()


class Procurement(_Envelope):
    kind: Literal["Procurement"]
    spec: ProcurementSpec


class System(_Envelope):
    kind: Literal["System"]
    spec: SystemSpec = SystemSpec()


Document = Proposal | Procurement | System
MODELS: dict[str, type[Proposal] | type[Procurement] | type[System]] = {
    "Proposal": Proposal,
    "Procurement": Procurement,
    "System": System,
}
