using FhirChainGateway.Storage.Cosmos;

namespace FhirChainGateway.Server.Http;

/// <summary>
/// On the Cosmos backend, answers every request with <c>x-fhirchain-request-charge</c>: the request units its
/// storage operations cost (the same numbers feed the meter <c>FhirChainGateway.Storage.Cosmos</c>).
/// </summary>
public static class RequestChargeHeader
{
    public const string Name = "x-fhirchain-request-charge";

    public static IApplicationBuilder UseRequestChargeHeader(this IApplicationBuilder app)
    {
        var charges = app.ApplicationServices.GetService<CosmosRequestCharges>();
        if (charges is null)
        {
            return app;
        }

        return app.Use(async (context, next) =>
        {
            using var scope = charges.BeginScope();
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[Name] = scope.RequestUnits.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            });
            await next(context);
        });
    }
}
