using System.Collections.Frozen;

namespace FhirChainGateway.Fhir.FhirPath.Functions;

/// <summary>The function library by name, assembled explicitly from the category classes.</summary>
internal sealed class FunctionTable
{
    public static readonly FunctionTable Standard = Create();

    private readonly FrozenDictionary<string, FunctionSignature> _functions;

    private FunctionTable(FrozenDictionary<string, FunctionSignature> functions) => _functions = functions;

    public IEnumerable<string> Names => _functions.Keys;

    public FunctionSignature? Find(string name) => _functions.GetValueOrDefault(name);

    private static FunctionTable Create()
    {
        var functions = new Dictionary<string, FunctionSignature>(StringComparer.Ordinal);
        void Add(FunctionSignature signature) => functions.Add(signature.Name, signature);

        ExistenceFunctions.Register(Add);
        FilteringFunctions.Register(Add);
        SubsettingFunctions.Register(Add);
        ConversionFunctions.Register(Add);
        StringFunctions.Register(Add);
        MathFunctions.Register(Add);
        UtilityFunctions.Register(Add);
        DateTimeFunctions.Register(Add);
        FhirFunctions.Register(Add);
        return new FunctionTable(functions.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
