/**
 * The resource types of FHIR R4 (4.0.1, http://hl7.org/fhir/R4/resourcelist.html), and the two of
 * DSTU2 that clients still send: `Conformance` (its CapabilityStatement) and `MedicationOrder`.
 * A path segment is taken for a resource type only if it is one of these.
 */
export const fhirResourceTypes: ReadonlySet<string> = new Set(
  `
  Account ActivityDefinition AdverseEvent AllergyIntolerance Appointment AppointmentResponse AuditEvent
  Basic Binary BiologicallyDerivedProduct BodyStructure Bundle CapabilityStatement CarePlan CareTeam
  CatalogEntry ChargeItem ChargeItemDefinition Claim ClaimResponse ClinicalImpression CodeSystem
  Communication CommunicationRequest CompartmentDefinition Composition ConceptMap Condition Consent
  Contract Coverage CoverageEligibilityRequest CoverageEligibilityResponse DetectedIssue Device
  DeviceDefinition DeviceMetric DeviceRequest DeviceUseStatement DiagnosticReport DocumentManifest
  DocumentReference EffectEvidenceSynthesis Encounter Endpoint EnrollmentRequest EnrollmentResponse
  EpisodeOfCare EventDefinition Evidence EvidenceVariable ExampleScenario ExplanationOfBenefit
  FamilyMemberHistory Flag Goal GraphDefinition Group GuidanceResponse HealthcareService ImagingStudy
  Immunization ImmunizationEvaluation ImmunizationRecommendation ImplementationGuide InsurancePlan
  Invoice Library Linkage List Location Measure MeasureReport Media Medication MedicationAdministration
  MedicationDispense MedicationKnowledge MedicationRequest MedicationStatement MedicinalProduct
  MedicinalProductAuthorization MedicinalProductContraindication MedicinalProductIndication
  MedicinalProductIngredient MedicinalProductInteraction MedicinalProductManufactured
  MedicinalProductPackaged MedicinalProductPharmaceutical MedicinalProductUndesirableEffect
  MessageDefinition MessageHeader MolecularSequence NamingSystem NutritionOrder Observation
  ObservationDefinition OperationDefinition OperationOutcome Organization OrganizationAffiliation
  Parameters Patient PaymentNotice PaymentReconciliation Person PlanDefinition Practitioner
  PractitionerRole Procedure Provenance Questionnaire QuestionnaireResponse RelatedPerson RequestGroup
  ResearchDefinition ResearchElementDefinition ResearchStudy ResearchSubject RiskAssessment
  RiskEvidenceSynthesis Schedule SearchParameter ServiceRequest Slot Specimen SpecimenDefinition
  StructureDefinition StructureMap Subscription Substance SubstanceNucleicAcid SubstancePolymer
  SubstanceProtein SubstanceReferenceInformation SubstanceSourceMaterial SubstanceSpecification
  SupplyDelivery SupplyRequest Task TerminologyCapabilities TestReport TestScript ValueSet
  VerificationResult VisionPrescription Conformance MedicationOrder
`
    .trim()
    .split(/\s+/),
);

/**
 * The resource types of R4's Patient compartment (http://hl7.org/fhir/CompartmentDefinition/patient,
 * 4.0.1): those that name a patient or are about one. Seen in clear, they are patient data in
 * clear, whatever their other elements hold.
 */
export const patientDataResourceTypes: ReadonlySet<string> = new Set(
  `
  Account AdverseEvent AllergyIntolerance Appointment AppointmentResponse AuditEvent Basic BodyStructure
  CarePlan CareTeam ChargeItem Claim ClaimResponse ClinicalImpression Communication CommunicationRequest
  Composition Condition Consent Coverage CoverageEligibilityRequest CoverageEligibilityResponse
  DetectedIssue DeviceRequest DeviceUseStatement DiagnosticReport DocumentManifest DocumentReference
  Encounter EnrollmentRequest EpisodeOfCare ExplanationOfBenefit FamilyMemberHistory Flag Goal Group
  ImagingStudy Immunization ImmunizationEvaluation ImmunizationRecommendation Invoice List MeasureReport
  Media MedicationAdministration MedicationDispense MedicationRequest MedicationStatement
  MolecularSequence NutritionOrder Observation Patient Person Procedure Provenance QuestionnaireResponse
  RelatedPerson RequestGroup ResearchSubject RiskAssessment Schedule ServiceRequest Specimen
  SupplyDelivery SupplyRequest Task VisionPrescription MedicationOrder
`
    .trim()
    .split(/\s+/),
);
