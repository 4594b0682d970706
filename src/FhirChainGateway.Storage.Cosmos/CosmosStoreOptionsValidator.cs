using Microsoft.Extensions.Options;

namespace FhirChainGateway.Storage.Cosmos;

/// <summary>Rejects settings the store cannot run with, naming the property, before the first request.</summary>
public sealed class CosmosStoreOptionsValidator : IValidateOptions<CosmosStoreOptions>
{
    /// <summary>The largest inline body: twice it (JSON string escaping) plus the index stays under 2 MB.</summary>
    internal const int MaxInlineBodyLimitBytes = 768 * 1024;

    public ValidateOptionsResult Validate(string? name, CosmosStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        var hasEndpoint = !string.IsNullOrWhiteSpace(options.AccountEndpoint);
        if (hasConnectionString == hasEndpoint)
        {
            failures.Add($"Set either {nameof(CosmosStoreOptions.ConnectionString)} or {nameof(CosmosStoreOptions.AccountEndpoint)} (with {nameof(CosmosStoreOptions.AccountKey)}), not both and not neither.");
        }

        if (hasEndpoint)
        {
            if (!Uri.TryCreate(options.AccountEndpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
            {
                failures.Add($"{nameof(CosmosStoreOptions.AccountEndpoint)} must be an absolute http(s) URI.");
            }

            if (string.IsNullOrWhiteSpace(options.AccountKey))
            {
                failures.Add($"{nameof(CosmosStoreOptions.AccountKey)} is required with {nameof(CosmosStoreOptions.AccountEndpoint)}.");
            }
        }

        if (options.AcceptAnyServerCertificate && !options.MayAcceptAnyServerCertificate())
        {
            // Refused rather than ignored: the operator asked for something that would not happen.
            failures.Add($"{nameof(CosmosStoreOptions.AcceptAnyServerCertificate)} is only allowed with a loopback endpoint (localhost, 127.0.0.1, ::1) and {nameof(CosmosStoreOptions.LimitToEndpoint)} = true.");
        }

        RequireName(failures, nameof(CosmosStoreOptions.DatabaseName), options.DatabaseName);
        RequireName(failures, nameof(CosmosStoreOptions.ResourcesContainerName), options.ResourcesContainerName);
        RequireName(failures, nameof(CosmosStoreOptions.SystemContainerName), options.SystemContainerName);
        if (string.Equals(options.ResourcesContainerName, options.SystemContainerName, StringComparison.Ordinal))
        {
            failures.Add("The resources and system containers must be different containers.");
        }

        if (options.DatabaseThroughput is < 400)
        {
            failures.Add($"{nameof(CosmosStoreOptions.DatabaseThroughput)} must be at least 400 RU/s when set.");
        }

        if (options.MaxRetryAttempts is < 0 or > 100)
        {
            failures.Add($"{nameof(CosmosStoreOptions.MaxRetryAttempts)} must be between 0 and 100.");
        }

        RequirePositive(failures, nameof(CosmosStoreOptions.RetryBaseDelay), options.RetryBaseDelay);
        RequirePositive(failures, nameof(CosmosStoreOptions.MaxRetryDelay), options.MaxRetryDelay);
        RequirePositive(failures, nameof(CosmosStoreOptions.RequestTimeout), options.RequestTimeout);
        RequirePositive(failures, nameof(CosmosStoreOptions.OperationTimeout), options.OperationTimeout);
        RequirePositive(failures, nameof(CosmosStoreOptions.TransactionLease), options.TransactionLease);
        RequirePositive(failures, nameof(CosmosStoreOptions.SentMessageRetention), options.SentMessageRetention);
        if (options.OperationTimeout < options.RequestTimeout)
        {
            failures.Add($"{nameof(CosmosStoreOptions.OperationTimeout)} must not be shorter than {nameof(CosmosStoreOptions.RequestTimeout)}.");
        }

        if (options.TransactionLease < options.OperationTimeout)
        {
            // A batch whose single request is retried for OperationTimeout must not lose its lease meanwhile.
            failures.Add($"{nameof(CosmosStoreOptions.TransactionLease)} must not be shorter than {nameof(CosmosStoreOptions.OperationTimeout)}.");
        }

        if (options.RecoveryInterval < TimeSpan.Zero)
        {
            failures.Add($"{nameof(CosmosStoreOptions.RecoveryInterval)} must not be negative.");
        }

        if (options.MaxBatchResources is < 1 or > 8000)
        {
            failures.Add($"{nameof(CosmosStoreOptions.MaxBatchResources)} must be between 1 and 8000 (the transaction record must fit one document).");
        }

        if (options.MaxParallelRequests is < 1 or > 256)
        {
            failures.Add($"{nameof(CosmosStoreOptions.MaxParallelRequests)} must be between 1 and 256.");
        }

        if (options.InlineBodyLimitBytes is < 1024 or > MaxInlineBodyLimitBytes)
        {
            failures.Add($"{nameof(CosmosStoreOptions.InlineBodyLimitBytes)} must be between 1024 and {MaxInlineBodyLimitBytes}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequireName(List<string> failures, string property, string? value)
    {
        // Cosmos ids of databases and containers may not contain these characters.
        if (string.IsNullOrWhiteSpace(value) || value.IndexOfAny(['/', '\\', '?', '#']) >= 0 || value.Length > 255)
        {
            failures.Add($"{property} must be a non-empty Cosmos id (at most 255 characters, none of / \\ ? #).");
        }
    }

    private static void RequirePositive(List<string> failures, string property, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{property} must be positive.");
        }
    }
}
