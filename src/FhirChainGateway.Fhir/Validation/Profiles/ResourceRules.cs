using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation.Profiles;

/// <summary>Rules that hold once per resource (not per profile): the Bundle rules, and the rules of other resource kinds that need more than one element.</summary>
internal static class ResourceRules
{
    public static void Check(ElementNode resource, ValidationRun run)
    {
        switch (resource.InstanceType)
        {
            case "Bundle":
                BundleRules.Check(resource, run);
                break;
            case "MeasureReport":
                MeasureReportRules.Check(resource, run);
                break;
            case "Observation":
                ObservationRules.Check(resource, run);
                break;
            case "QuestionnaireResponse":
                Questionnaires.QuestionnaireResponseRules.Check(resource, run);
                break;
        }
    }
}
