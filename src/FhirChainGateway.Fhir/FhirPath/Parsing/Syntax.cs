namespace FhirChainGateway.Fhir.FhirPath.Parsing;

/// <summary>A node of the parsed expression, before binding; <see cref="Position"/> points at its first token.</summary>
internal abstract record Syntax(SourcePosition Position);

/// <summary>A literal value; <see cref="Value"/> is null for the empty collection <c>{}</c>.</summary>
internal sealed record LiteralSyntax(FhirPathValue? Value, SourcePosition Position) : Syntax(Position);

/// <summary>An element name or type name: on <see cref="Target"/>, or on <c>$this</c> when the target is null.</summary>
internal sealed record MemberSyntax(Syntax? Target, string Name, SourcePosition Position) : Syntax(Position);

/// <summary>A function invocation: on <see cref="Target"/>, or on <c>$this</c> when the target is null.</summary>
internal sealed record FunctionCallSyntax(Syntax? Target, string Name, IReadOnlyList<Syntax> Arguments, SourcePosition Position)
    : Syntax(Position);

internal sealed record IndexerSyntax(Syntax Target, Syntax Index, SourcePosition Position) : Syntax(Position);

/// <summary>Polarity: <c>+x</c> or <c>-x</c>.</summary>
internal sealed record UnarySyntax(string Operator, Syntax Operand, SourcePosition Position) : Syntax(Position);

internal sealed record BinarySyntax(string Operator, Syntax Left, Syntax Right, SourcePosition Position) : Syntax(Position);

/// <summary><c>x is T</c> or <c>x as T</c>.</summary>
internal sealed record TypeOperationSyntax(string Operator, Syntax Operand, TypeSpecifierSyntax Type, SourcePosition Position)
    : Syntax(Position);

/// <summary>A type name, optionally qualified: <c>Quantity</c>, <c>FHIR.Patient</c>, <c>System.Integer</c>.</summary>
internal sealed record TypeSpecifierSyntax(string? Namespace, string Name, SourcePosition Position) : Syntax(Position)
{
    public override string ToString() => Namespace is null ? Name : $"{Namespace}.{Name}";
}

/// <summary><c>$this</c>, <c>$index</c> or <c>$total</c> (name without the dollar).</summary>
internal sealed record VariableSyntax(string Name, SourcePosition Position) : Syntax(Position);

/// <summary><c>%name</c> (name without the percent sign).</summary>
internal sealed record EnvironmentVariableSyntax(string Name, SourcePosition Position) : Syntax(Position);
