using System.Collections.Frozen;
using System.Text.RegularExpressions;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.FhirPath.Evaluation;
using FhirChainGateway.Fhir.FhirPath.Functions;
using FhirChainGateway.Fhir.FhirPath.Parsing;
using FhirChainGateway.Fhir.FhirPath.Values;

namespace FhirChainGateway.Fhir.FhirPath.Binding;

/// <summary>
/// Turns the syntax tree into evaluators, computing static types on the way and reporting, at compile time, the
/// errors the types make certain: unknown elements on known types, unknown functions and types, wrong argument
/// counts, operators applied to operand types they never accept.
/// </summary>
internal sealed class Binder
{
    private static readonly FrozenSet<string> RegexFunctions =
        new[] { "matches", "matchesFull", "replaceMatches" }.ToFrozenSet(StringComparer.Ordinal);

    private readonly TypeModel _model;
    private readonly FhirPathCompilerOptions _options;
    private readonly string _expression;
    private readonly FunctionTable _functions;
    private StaticType _rootType = StaticType.Unknown;

    public Binder(TypeModel model, FhirPathCompilerOptions options, string expression, FunctionTable functions)
    {
        _model = model;
        _options = options;
        _expression = expression;
        _functions = functions;
    }

    /// <summary>Binds a whole expression whose input is of <paramref name="inputType"/> (null when unknown).</summary>
    public Evaluator BindRoot(Syntax syntax, string? inputType)
    {
        _rootType = RootType(inputType);
        return Bind(syntax, new Scope(_rootType, InLambda: false, HasTotal: false));
    }

    /// <summary>The static type of the input: a type name (<c>Patient</c>) or an element path (<c>Patient.contact</c>).</summary>
    private StaticType RootType(string? inputType)
    {
        if (inputType is null || _model.Definitions is null)
        {
            return StaticType.Unknown.AsSingleton();
        }

        if (inputType.Contains('.', StringComparison.Ordinal))
        {
            var element = _model.Definitions.FindElement(inputType)
                ?? throw new FhirPathSemanticException($"The input element '{inputType}' is not defined.", _expression, null);
            var types = element.Types.Count == 0 ? ["Element"] : element.Types;
            return new StaticType(types.Select(t => TypeRef.FhirType(t, element)).ToList(), singleton: true);
        }

        var type = _model.Definitions.FindType(inputType)
            ?? throw new FhirPathSemanticException($"The input type '{inputType}' is not a known FHIR type.", _expression, null);
        return StaticType.Of(TypeRef.FhirType(type.Name, type.Root), singleton: true);
    }

    /// <summary>Bounds the depth of the compiled tree (long operator or path chains), and so of evaluation.</summary>
    private const int MaxDepth = 500;

    private int _depth;

    private Evaluator Bind(Syntax syntax, Scope scope)
    {
        if (++_depth > MaxDepth)
        {
            throw Semantic($"The expression is too deeply nested (more than {MaxDepth} levels).", syntax.Position);
        }

        try
        {
            return BindNode(syntax, scope);
        }
        finally
        {
            _depth--;
        }
    }

    private Evaluator BindNode(Syntax syntax, Scope scope) => syntax switch
    {
        LiteralSyntax literal => BindLiteral(literal),
        MemberSyntax member => BindMember(member, scope),
        FunctionCallSyntax call => BindFunction(call, scope),
        IndexerSyntax indexer => BindIndexer(indexer, scope),
        UnarySyntax unary => BindUnary(unary, scope),
        BinarySyntax binary => BindBinary(binary, scope),
        TypeOperationSyntax typeOperation => BindTypeOperation(typeOperation, scope),
        VariableSyntax variable => BindVariable(variable, scope),
        EnvironmentVariableSyntax environment => BindEnvironment(environment),
        _ => throw Semantic($"'{syntax}' cannot be used here.", syntax.Position),
    };

    private static ConstantEvaluator BindLiteral(LiteralSyntax literal)
    {
        if (literal.Value is not { } value)
        {
            return new ConstantEvaluator(Collections.Empty, literal.Position, StaticType.Empty);
        }

        return new ConstantEvaluator([value], literal.Position, StaticType.System(value.TypeName));
    }

    private Evaluator BindVariable(VariableSyntax variable, Scope scope) => variable.Name switch
    {
        "this" => new VariableEvaluator("this", variable.Position, scope.This),
        "index" => new VariableEvaluator("index", variable.Position, StaticType.Integer),
        _ => scope.HasTotal
            ? new VariableEvaluator("total", variable.Position, StaticType.Unknown)
            : throw Semantic("$total can only be used in the expression of aggregate().", variable.Position),
    };

    private Evaluator BindEnvironment(EnvironmentVariableSyntax environment)
    {
        var name = environment.Name;
        string? constant = name switch
        {
            "ucum" => "http://unitsofmeasure.org",
            "sct" => "http://snomed.info/sct",
            "loinc" => "http://loinc.org",
            _ when name.StartsWith("vs-", StringComparison.Ordinal) => "http://hl7.org/fhir/ValueSet/" + name[3..],
            _ when name.StartsWith("ext-", StringComparison.Ordinal) => "http://hl7.org/fhir/StructureDefinition/" + name[4..],
            _ => null,
        };
        if (constant is not null)
        {
            return new ConstantEvaluator([FhirPathValue.FromString(constant)], environment.Position, StaticType.String);
        }

        var type = name switch
        {
            "context" => _rootType,
            "resource" or "rootResource" when _rootType.All(t => _model.IsResourceType(t.Name)) => _rootType,
            _ => StaticType.Unknown,
        };
        return new EnvironmentVariableEvaluator(name, environment.Position, type);
    }

    private MemberEvaluator BindMember(MemberSyntax member, Scope scope)
    {
        var target = member.Target is null ? null : Bind(member.Target, scope);
        var input = target?.Type ?? scope.This;
        var termLevel = member.Target is null;
        var type = Navigate(input, member.Name, termLevel, member.Position);
        var mayBeTypeName = termLevel && char.IsAsciiLetterUpper(member.Name[0]);
        return new MemberEvaluator(target, member.Name, mayBeTypeName, member.Position, type);
    }

    /// <summary>The static type of <c>input.name</c>; a semantic error when no possible input type has that element.</summary>
    private StaticType Navigate(StaticType input, string name, bool termLevel, SourcePosition position)
    {
        if (!input.IsKnown || _model.Definitions is null)
        {
            return StaticType.Unknown;
        }

        if (input.IsEmpty)
        {
            return StaticType.Empty;
        }

        var results = new List<TypeRef>();
        var singleton = input.IsSingleton;
        var found = false;
        foreach (var type in input.Types)
        {
            if (type.IsSystem)
            {
                if (type.Name == SystemTypes.Quantity && name is "value" or "unit" or "code")
                {
                    found = true;
                    results.Add(TypeRef.SystemType(name == "value" ? SystemTypes.Decimal : SystemTypes.String));
                    continue;
                }

                return StaticType.Unknown;
            }

            if (termLevel && _model.IsSameOrSubtypeOf(type.Name, name))
            {
                found = true;
                results.Add(type);
                continue;
            }

            var children = _model.ChildrenOf(type.Name, type.Element);
            if (children is null)
            {
                return StaticType.Unknown;
            }

            var child = FindChild(children, name);
            if (child is null)
            {
                // An abstract type (Resource, DomainResource) stands for subtypes that may well have the element;
                // a backbone element's inline children are all there is.
                if (_model.IsAbstract(type.Name) && type.Element is not { HasInlineChildren: true })
                {
                    return StaticType.Unknown;
                }

                continue;
            }

            found = true;
            singleton &= !child.IsCollection && child.Max is 1 or 0;
            foreach (var code in child.Types)
            {
                results.Add(TypeRef.FhirType(code, child));
            }
        }

        if (found)
        {
            return results.Count == 0 ? StaticType.Unknown : new StaticType(results, singleton, input.IsOrdered);
        }

        if (termLevel && char.IsAsciiLetterUpper(name[0]) && _model.IsKnownFhirType(name) == true)
        {
            return _options.Strict
                ? throw Semantic($"The input is of type {Describe(input)}, never {name}, so '{name}' selects nothing.", position)
                : StaticType.Empty;
        }

        var hint = name.Length > 1 && input.Types.Any(t => ChoiceHint(t, name) is not null)
            ? " " + input.Types.Select(t => ChoiceHint(t, name)).First(h => h is not null)
            : string.Empty;
        throw Semantic($"'{name}' is not an element of {Describe(input)}.{hint}", position);
    }

    /// <summary>For <c>valueQuantity</c>-style names: FHIRPath names choice elements without the type suffix.</summary>
    private string? ChoiceHint(TypeRef type, string name)
    {
        var children = _model.ChildrenOf(type.Name, type.Element);
        if (children is null)
        {
            return null;
        }

        foreach (var child in children)
        {
            if (child.IsChoice && name.StartsWith(child.Name, StringComparison.Ordinal) && name.Length > child.Name.Length)
            {
                var suffix = name[child.Name.Length..];
                return $"Choice elements are named without their type: use {child.Name}.ofType({suffix}) or ({child.Name} as {suffix}).";
            }
        }

        return null;
    }

    private static ElementDefinitionInfo? FindChild(IReadOnlyList<ElementDefinitionInfo> children, string name)
    {
        for (var i = 0; i < children.Count; i++)
        {
            if (string.Equals(children[i].Name, name, StringComparison.Ordinal))
            {
                return children[i];
            }
        }

        return null;
    }

    private FunctionEvaluator BindFunction(FunctionCallSyntax call, Scope scope)
    {
        var signature = _functions.Find(call.Name)
            ?? throw Semantic($"Unknown function '{call.Name}()'.", call.Position);
        if (call.Name == "as" && _options.AllowAsOnCollections)
        {
            signature = UtilityFunctions.CollectionAs;
        }

        if (call.Arguments.Count < signature.MinArguments || call.Arguments.Count > signature.MaxArguments)
        {
            throw Semantic($"{call.Name}() takes {signature.Arity} but was given {call.Arguments.Count}.", call.Position);
        }

        var target = call.Target is null ? null : Bind(call.Target, scope);
        var input = target?.Type ?? scope.This;
        if (_options.CheckOrderedFunctions && !input.IsOrdered && SubsettingFunctions.OrderDependent.Contains(call.Name))
        {
            throw Semantic($"{call.Name}() depends on the order of its input, which is undefined here.", call.Position);
        }

        var arguments = new Evaluator[call.Arguments.Count];
        var descending = new bool[call.Arguments.Count];
        TypeSpecifier? typeArgument = null;
        for (var i = 0; i < arguments.Length; i++)
        {
            var argument = call.Arguments[i];
            switch (signature.KindOf(i))
            {
                case ArgumentKind.Type:
                    typeArgument = ResolveType(ToTypeSpecifier(argument));
                    arguments[i] = new ConstantEvaluator(Collections.Empty, argument.Position, StaticType.Empty);
                    break;
                case ArgumentKind.Expression:
                    // sort(-key) sorts descending: the minus marks the direction, it does not negate the key.
                    if (call.Name == "sort" && argument is UnarySyntax { Operator: "-" } negated)
                    {
                        descending[i] = true;
                        argument = negated.Operand;
                    }

                    var lambdaScope = signature.ArgumentsSeeInput
                        ? scope with { This = input }
                        : new Scope(input.AsSingleton(), InLambda: true, HasTotal: call.Name == "aggregate" || scope.HasTotal);
                    arguments[i] = Bind(argument, lambdaScope);
                    break;
                default:
                    arguments[i] = Bind(argument, scope);
                    break;
            }
        }

        CheckArgumentTypes(call, signature, arguments);
        var binding = new FunctionBinding(input, arguments, typeArgument, _model, _options.Strict);
        if (signature.Check?.Invoke(binding) is { } problem)
        {
            throw Semantic(problem, call.Position);
        }

        var type = signature.ResultType?.Invoke(binding) ?? StaticType.Unknown;
        return new FunctionEvaluator(target, signature, arguments, typeArgument, descending, ConstantRegex(call.Name, arguments), call.Position, type);
    }

    private void CheckArgumentTypes(FunctionCallSyntax call, FunctionSignature signature, Evaluator[] arguments)
    {
        for (var i = 0; i < arguments.Length && i < signature.ArgumentTypes.Count; i++)
        {
            if (signature.ArgumentTypes[i] is not { } expected || signature.KindOf(i) != ArgumentKind.Value
                || SystemTypeOf(arguments[i].Type) is not { } actual)
            {
                continue;
            }

            var compatible = expected == "Number" ? Numbers.IsNumericType(actual) : expected == actual;
            if (!compatible)
            {
                throw Semantic(
                    $"Argument {i + 1} of {call.Name}() must be {(expected == "Number" ? "a number" : expected)}, not {actual}.",
                    call.Arguments[i].Position);
            }
        }
    }

    private static Regex? ConstantRegex(string function, Evaluator[] arguments)
    {
        if (!RegexFunctions.Contains(function) || arguments.Length == 0
            || arguments[0] is not ConstantEvaluator { Value: [{ Item: string pattern }] } || pattern.Length == 0)
        {
            return null;
        }

        return StringFunctions.Compile(pattern, full: function == "matchesFull");
    }

    private IndexerEvaluator BindIndexer(IndexerSyntax indexer, Scope scope)
    {
        var target = Bind(indexer.Target, scope);
        if (_options.CheckOrderedFunctions && !target.Type.IsOrdered)
        {
            throw Semantic("An indexer depends on the order of its input, which is undefined here.", indexer.Position);
        }

        var index = Bind(indexer.Index, scope);
        return new IndexerEvaluator(target, index, indexer.Position, target.Type.AsSingleton());
    }

    private Evaluator BindUnary(UnarySyntax unary, Scope scope)
    {
        var operand = Bind(unary.Operand, scope);
        var operandType = SystemTypeOf(operand.Type);
        if (operandType is not null && !Numbers.IsNumericType(operandType) && operandType != SystemTypes.Quantity)
        {
            throw Semantic($"Unary '{unary.Operator}' needs a number or a quantity, not a {operandType}.", unary.Position);
        }

        if (operand is ConstantEvaluator { Value: [var value] } && unary.Operator == "-")
        {
            // Fold -5 into a literal so it costs nothing at run time.
            return new ConstantEvaluator([Arithmetic.Negate(value)], unary.Position, operand.Type);
        }

        return new PolarityEvaluator(unary.Operator, operand, unary.Position, operand.Type);
    }

    private Evaluator BindBinary(BinarySyntax binary, Scope scope)
    {
        var left = Bind(binary.Left, scope);
        var right = Bind(binary.Right, scope);
        var op = binary.Operator;
        var position = binary.Position;
        switch (op)
        {
            case "=" or "!=" or "~" or "!~":
                return new EqualityEvaluator(op, left, right, position);
            case "<" or ">" or "<=" or ">=":
                CheckOperands(op, left, right, position, OperandRules.Comparable);
                return new ComparisonEvaluator(op, left, right, position);
            case "+" or "-" or "*" or "/" or "div" or "mod":
                var resultType = CheckOperands(op, left, right, position, OperandRules.Arithmetic(op));
                return new ArithmeticEvaluator(op, left, right, position, resultType);
            case "&":
                return new ConcatenateEvaluator(left, right, position);
            case "|":
                return new UnionEvaluator(left, right, position, StaticType.Union(left.Type, right.Type, singleton: false));
            case "in" or "contains":
                return new MembershipEvaluator(op, left, right, position);
            default:
                return new LogicalEvaluator(op, left, right, position);
        }
    }

    /// <summary>Raises a semantic error when both operand types are known and the operator never accepts them; returns the result type.</summary>
    private StaticType CheckOperands(string op, Evaluator left, Evaluator right, SourcePosition position, Func<string, string, string?> rule)
    {
        var a = SystemTypeOf(left.Type);
        var b = SystemTypeOf(right.Type);
        if (a is null || b is null)
        {
            return StaticType.Unknown.AsSingleton();
        }

        var result = rule(a, b) ?? throw Semantic($"Operator '{op}' cannot be applied to {a} and {b}.", position);
        return result.Length == 0 ? StaticType.Unknown.AsSingleton() : StaticType.System(result);
    }

    /// <summary>The single System type every possible item of a static type converts to, or null when unknown or mixed.</summary>
    private static string? SystemTypeOf(StaticType type)
    {
        if (!type.IsKnown || type.Types.Count == 0)
        {
            return null;
        }

        string? result = null;
        foreach (var candidate in type.Types)
        {
            var system = candidate.IsSystem ? candidate.Name : SystemTypes.SystemTypeOf(candidate.Name) ?? "Complex";
            if (result is not null && result != system)
            {
                return null;
            }

            result = system;
        }

        return result;
    }

    private FunctionEvaluator BindTypeOperation(TypeOperationSyntax operation, Scope scope)
    {
        var operand = Bind(operation.Operand, scope);
        var type = ResolveType(new TypeSpecifier(operation.Type.Namespace, operation.Type.Name), operation.Type.Position);
        var signature = operation.Operator == "as" && _options.AllowAsOnCollections
            ? UtilityFunctions.CollectionAs
            : _functions.Find(operation.Operator)!;
        var placeholder = new ConstantEvaluator(Collections.Empty, operation.Type.Position, StaticType.Empty);
        var binding = new FunctionBinding(operand.Type, [placeholder], type, _model);
        var resultType = signature.ResultType?.Invoke(binding) ?? StaticType.Unknown;
        return new FunctionEvaluator(operand, signature, [placeholder], type, [], null, operation.Position, resultType);
    }

    private (TypeSpecifier Type, SourcePosition Position) ToTypeSpecifier(Syntax syntax) => syntax switch
    {
        MemberSyntax { Target: null } simple => (new TypeSpecifier(null, simple.Name), simple.Position),
        MemberSyntax { Target: MemberSyntax { Target: null } qualifier } qualified =>
            (new TypeSpecifier(qualifier.Name, qualified.Name), qualifier.Position),
        _ => throw Semantic("Expected a type name such as Quantity or FHIR.Patient.", syntax.Position),
    };

    private TypeSpecifier ResolveType((TypeSpecifier Type, SourcePosition Position) specifier) =>
        ResolveType(specifier.Type, specifier.Position);

    private TypeSpecifier ResolveType(TypeSpecifier type, SourcePosition position)
    {
        if (type.Namespace is not (null or TypeRef.Fhir or TypeRef.System))
        {
            throw Semantic($"Unknown type namespace '{type.Namespace}' (expected FHIR or System).", position);
        }

        var known = _model.IsKnownFhirType(type.Name);
        if (known is null || type.Namespace == TypeRef.System)
        {
            return type;
        }

        if (!known.Value && (type.Namespace == TypeRef.Fhir || !SystemTypes.All.Contains(type.Name)))
        {
            throw Semantic($"Unknown type '{type}'.", position);
        }

        return type;
    }

    private static string Describe(StaticType type) => string.Join(" | ", type.Types.Select(t => t.Element is { } e && t.Name is "BackboneElement" or "Element" ? e.Path : t.Name).Distinct());

    private FhirPathSemanticException Semantic(string message, SourcePosition? position) => new(message, _expression, position);

    /// <summary>Which System operand types the comparison and arithmetic operators accept, and what they give.</summary>
    private static class OperandRules
    {
        public static string? Comparable(string a, string b)
        {
            var ok = (Numbers.IsNumericType(a) && Numbers.IsNumericType(b))
                || (a == b && a is SystemTypes.String or SystemTypes.Time or SystemTypes.Quantity or SystemTypes.Date or SystemTypes.DateTime)
                || (a is SystemTypes.Date or SystemTypes.DateTime && b is SystemTypes.Date or SystemTypes.DateTime)
                || (a == SystemTypes.Quantity && Numbers.IsNumericType(b))
                || (b == SystemTypes.Quantity && Numbers.IsNumericType(a));
            return ok ? SystemTypes.Boolean : null;
        }

        public static Func<string, string, string?> Arithmetic(string op) => (a, b) =>
        {
            var numeric = Numbers.IsNumericType(a) && Numbers.IsNumericType(b);
            var temporal = a is SystemTypes.Date or SystemTypes.DateTime or SystemTypes.Time;
            switch (op)
            {
                case "+" when a == SystemTypes.String && b == SystemTypes.String:
                    return SystemTypes.String;
                case "+" or "-" when temporal && b == SystemTypes.Quantity:
                    return a;
                case "+" or "-" when a == SystemTypes.Quantity && b == SystemTypes.Quantity:
                    return SystemTypes.Quantity;
                case "*" or "/" when (a == SystemTypes.Quantity || Numbers.IsNumericType(a)) && (b == SystemTypes.Quantity || Numbers.IsNumericType(b)) && !numeric:
                    return SystemTypes.Quantity;
                case "/" when numeric:
                    return SystemTypes.Decimal;
                case "+" or "-" or "*" or "div" or "mod" when numeric:
                    return a == SystemTypes.Integer && b == SystemTypes.Integer ? SystemTypes.Integer
                        : a == SystemTypes.Decimal || b == SystemTypes.Decimal ? SystemTypes.Decimal : string.Empty;
                default:
                    return null;
            }
        };
    }
}
