using FhirChainGateway.Fhir.FhirPath.Evaluation;

namespace FhirChainGateway.Fhir.FhirPath.Functions;

/// <summary>A function's implementation: its input collection (the focus) and the call, to evaluate arguments.</summary>
internal delegate IReadOnlyList<FhirPathValue> FunctionBody(FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus);
