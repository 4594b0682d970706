using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.FhirPath.Binding;
using FhirChainGateway.Fhir.FhirPath.Values;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>
/// Child navigation (<c>name</c>, <c>Observation.value</c>): the children with that element name, choice elements
/// included under their plain name. At the start of a path a type name (<c>Patient.name</c>) instead selects the
/// items of that type.
/// </summary>
internal sealed class MemberEvaluator : Evaluator
{
    private readonly Evaluator? _target;
    private readonly string _name;
    private readonly bool _mayBeTypeName;

    public MemberEvaluator(Evaluator? target, string name, bool mayBeTypeName, SourcePosition position, StaticType type)
        : base(position, type)
    {
        _target = target;
        _name = name;
        _mayBeTypeName = mayBeTypeName;
    }

    public override IReadOnlyList<FhirPathValue> Evaluate(in Frame frame)
    {
        var focus = _target is null ? frame.This : _target.Evaluate(frame);
        if (focus.Count == 0)
        {
            return Collections.Empty;
        }

        List<FhirPathValue>? result = null;
        for (var i = 0; i < focus.Count; i++)
        {
            var item = focus[i];
            switch (item.Item)
            {
                case ElementNode node:
                    if (!AddChildren(node, ref result) && _mayBeTypeName && frame.State.Model.IsSameOrSubtypeOf(node.InstanceType, _name))
                    {
                        (result ??= []).Add(item);
                    }

                    break;
                case FhirPathTypeInfo typeInfo:
                    AddIfFound(ref result, _name switch { "name" => typeInfo.Name, "namespace" => typeInfo.Namespace, _ => null });
                    break;
                case FhirPathQuantity quantity:
                    if (_name == "value")
                    {
                        (result ??= []).Add(FhirPathValue.FromDecimal(quantity.Value));
                    }
                    else
                    {
                        AddIfFound(ref result, _name is "unit" or "code" ? quantity.Unit : null);
                    }

                    break;
            }
        }

        return result ?? Collections.Empty;
    }

    private bool AddChildren(ElementNode node, ref List<FhirPathValue>? result)
    {
        var children = node.Children;
        var found = false;
        for (var i = 0; i < children.Count; i++)
        {
            var child = children[i];
            if (string.Equals(child.Name, _name, StringComparison.Ordinal))
            {
                (result ??= []).Add(FhirPathValue.FromNode(child));
                found = true;
            }
        }

        return found;
    }

    private static void AddIfFound(ref List<FhirPathValue>? result, string? value)
    {
        if (value is not null)
        {
            (result ??= []).Add(FhirPathValue.FromString(value));
        }
    }
}
