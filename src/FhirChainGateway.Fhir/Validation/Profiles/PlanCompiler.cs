using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.FhirPath;
using FhirChainGateway.Fhir.Snapshots;
using FhirChainGateway.Fhir.Validation.Profiles.Checks;

namespace FhirChainGateway.Fhir.Validation.Profiles;

/// <summary>
/// Compiles element definitions into <see cref="ElementPlan"/>s: which checks apply (type, primitive format,
/// length, fixed/pattern, range, binding, codes, references, invariants) is decided once per definition, and
/// invariants are compiled to FHIRPath once. ele-1 and ext-1, which hold on nearly every element, run natively.
/// </summary>
internal sealed class PlanCompiler
{
    /// <summary>Invariants with native checks (or whose work the walker does), so their FHIRPath never runs.</summary>
    private static readonly HashSet<string> NativeInvariants = new(StringComparer.Ordinal) { "ele-1", "ext-1", "txt-1", "txt-2" };

    private static readonly HashSet<string> QuantityTypes = new(StringComparer.Ordinal)
    {
        "Quantity", "Age", "Count", "Distance", "Duration", "SimpleQuantity", "MoneyQuantity",
    };

    private readonly ValidationResources _resources;
    private readonly Lazy<PrimitiveFormatCheck> _primitives;

    public PlanCompiler(ValidationResources resources)
    {
        _resources = resources;
        _primitives = new Lazy<PrimitiveFormatCheck>(() => new PrimitiveFormatCheck(resources.Definitions), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public ElementPlan For(ElementDef def)
    {
        if (def.Plan is ElementPlan plan)
        {
            return plan;
        }

        plan = Compile(def);
        return Interlocked.CompareExchange(ref def.Plan, plan, null) as ElementPlan ?? plan;
    }

    private ElementPlan Compile(ElementDef def)
    {
        var checks = new List<INodeCheck>();
        var isRoot = !def.Path.Contains('.', StringComparison.Ordinal);
        var definitions = _resources.Definitions;
        if (!isRoot)
        {
            if (def.Types.Count > 0)
            {
                checks.Add(new TypeCheck(def));
            }

            checks.Add(EmptyElementCheck.Instance);
        }

        var codes = def.Types.Select(t => t.Code).ToList();
        if (codes.Any(definitions.IsPrimitiveType))
        {
            checks.Add(_primitives.Value);
        }

        if (def.MaxLength is not null || def.MinLength is not null)
        {
            checks.Add(new LengthCheck(def.MinLength, def.MaxLength, ValidationRun.From(def)));
        }

        if (def.Fixed is { } fixedValue)
        {
            checks.Add(new FixedValueCheck(def, fixedValue));
        }

        if (def.Pattern is { } pattern)
        {
            checks.Add(new PatternCheck(def, pattern));
        }

        if (def.MinValue is not null || def.MaxValue is not null)
        {
            checks.Add(new ValueRangeCheck(def, def.MinValue, def.MaxValue));
        }

        if (def.Binding is { } binding && (binding.Strength != BindingStrength.Example || binding.Additional.Count > 0) && (binding.ValueSet is not null || binding.Additional.Count > 0))
        {
            checks.Add(new BindingCheck(def, binding));
        }

        if (codes.Contains("Coding"))
        {
            checks.Add(CodingCheck.Instance);
        }

        if (codes.Any(QuantityTypes.Contains))
        {
            checks.Add(QuantityCheck.Instance);
        }

        if (codes.Contains("Attachment"))
        {
            checks.Add(AttachmentCheck.Instance);
        }

        if (codes.Contains("canonical"))
        {
            checks.Add(CanonicalCheck.Instance);
        }

        if (codes.Contains("url"))
        {
            checks.Add(ExampleUrlCheck.Instance);
        }

        if (codes.Contains("string") || codes.Contains("markdown"))
        {
            checks.Add(MarkupInTextCheck.Instance);
        }

        if (codes.Contains("xhtml"))
        {
            checks.Add(NarrativeCheck.Instance);
        }

        if (codes.Contains("Reference"))
        {
            checks.Add(new ReferenceCheck(def));
        }

        if (isRoot && def.Path == "Extension")
        {
            checks.Add(ExtensionValueCheck.Instance);
        }

        foreach (var constraint in def.Constraints)
        {
            if (NativeInvariants.Contains(constraint.Key) || string.IsNullOrWhiteSpace(constraint.Expression))
            {
                continue;
            }

            if (def.Path == "Bundle" && NativeInvariantCheck.Bundle.TryGetValue(constraint.Key, out var holds))
            {
                checks.Add(new NativeInvariantCheck(def, constraint, holds));
                continue;
            }

            checks.Add(CompileInvariant(def, constraint));
        }

        return new ElementPlan(def, [.. checks]);
    }

    private InvariantCheck CompileInvariant(ElementDef def, ElementConstraint constraint)
    {
        try
        {
            return new InvariantCheck(def, constraint, _resources.Compiler.Compile(constraint.Expression!), null);
        }
        catch (FhirPathException e)
        {
            return new InvariantCheck(def, constraint, null, e.Message);
        }
    }
}
