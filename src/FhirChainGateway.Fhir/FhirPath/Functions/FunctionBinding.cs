using FhirChainGateway.Fhir.FhirPath.Binding;
using FhirChainGateway.Fhir.FhirPath.Evaluation;

namespace FhirChainGateway.Fhir.FhirPath.Functions;

/// <summary>
/// What the binder sees of a call: the input's static type, the bound arguments, a type argument, and whether the
/// compiler is in strict mode.
/// </summary>
internal sealed record FunctionBinding(StaticType Input, IReadOnlyList<Evaluator> Arguments, TypeSpecifier? TypeArgument, TypeModel Model, bool Strict = false);
