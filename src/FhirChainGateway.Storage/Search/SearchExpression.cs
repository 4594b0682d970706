namespace FhirChainGateway.Storage.Search;

/// <summary>
/// Storage-neutral search expression tree. Each backend translates it with its own visitor, and every
/// value becomes a query parameter, never query text.
/// </summary>
public abstract record SearchExpression
{
    public abstract TResult Accept<TResult>(ISearchExpressionVisitor<TResult> visitor);
}

/// <summary>Token match. <paramref name="System"/> null matches any system; empty string matches "no system".</summary>
public sealed record TokenExpression(string ParamCode, string? System, string Code) : SearchExpression
{
    public override TResult Accept<TResult>(ISearchExpressionVisitor<TResult> visitor) => visitor.VisitToken(this);
}

/// <summary>Exact match on an index value of any other kind (normalised string, reference <c>Type/id</c>, uri).</summary>
public sealed record ValueExpression(string ParamCode, SearchParamKind Kind, string Value) : SearchExpression
{
    public override TResult Accept<TResult>(ISearchExpressionVisitor<TResult> visitor) => visitor.VisitValue(this);
}

/// <summary>String prefix match on a normalised string index value (FHIR's default string search).</summary>
public sealed record StringPrefixExpression(string ParamCode, string Prefix) : SearchExpression
{
    public override TResult Accept<TResult>(ISearchExpressionVisitor<TResult> visitor) => visitor.VisitStringPrefix(this);
}

/// <summary><c>_id</c>: the logical id is one of these.</summary>
public sealed record IdExpression(IReadOnlyList<string> Ids) : SearchExpression
{
    public override TResult Accept<TResult>(ISearchExpressionVisitor<TResult> visitor) => visitor.VisitId(this);
}

/// <summary>Resources in a patient compartment (<c>Patient/123</c>).</summary>
public sealed record CompartmentExpression(string CompartmentKey) : SearchExpression
{
    public override TResult Accept<TResult>(ISearchExpressionVisitor<TResult> visitor) => visitor.VisitCompartment(this);
}

public sealed record AndExpression(IReadOnlyList<SearchExpression> Operands) : SearchExpression
{
    public override TResult Accept<TResult>(ISearchExpressionVisitor<TResult> visitor) => visitor.VisitAnd(this);
}

public sealed record OrExpression(IReadOnlyList<SearchExpression> Operands) : SearchExpression
{
    public override TResult Accept<TResult>(ISearchExpressionVisitor<TResult> visitor) => visitor.VisitOr(this);
}

public interface ISearchExpressionVisitor<out TResult>
{
    TResult VisitToken(TokenExpression expression);

    TResult VisitValue(ValueExpression expression);

    TResult VisitStringPrefix(StringPrefixExpression expression);

    TResult VisitId(IdExpression expression);

    TResult VisitCompartment(CompartmentExpression expression);

    TResult VisitAnd(AndExpression expression);

    TResult VisitOr(OrExpression expression);
}
