using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Validation;
using FhirChainGateway.Storage.Resources;

namespace FhirChainGateway.Server.Interactions;

/// <summary>
/// Plans and commits a set of entries as one atomic interaction: a transaction Bundle, one batch
/// entry, or a plain create/update/delete. Planning resolves identities (new ids, conditional create,
/// conditional update), rewrites <c>urn:uuid</c> and conditional references, validates every resource
/// and computes versions; then the <see cref="WritePipeline"/> commits everything with one Provenance.
/// Nothing is written unless every entry succeeds.
/// </summary>
public sealed class InteractionEngine(
    IResourceStore store,
    WritePipeline pipeline,
    IResourceValidator validator,
    ResourceTypes resourceTypes,
    ConditionalResolver conditionalResolver,
    TimeProvider timeProvider)
{
    /// <summary>Executes the entries atomically and returns one outcome per entry, in entry order.</summary>
    /// <remarks>
    /// Without If-Match the client asked for "whatever is current", so losing a race against another
    /// writer is retried with fresh versions; with If-Match the conflict is the client's answer (412).
    /// </remarks>
    public async Task<IReadOnlyList<EntryOutcome>> ExecuteAtomicAsync(
        IReadOnlyList<EntryRequest> entries,
        RequestAgent agent,
        CancellationToken cancellationToken)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ExecuteOnceAsync(entries, agent, cancellationToken);
            }
            catch (VersionConflictException) when (attempt < attempts && entries.All(e => e.IfMatch is null))
            {
            }
            catch (VersionConflictException conflict)
            {
                var status = entries.Any(e => e.IfMatch is not null) ? 412 : 409;
                throw new FhirException(status, OperationOutcomeIssue.Error("conflict", conflict.Message));
            }
        }
    }

    private async Task<IReadOnlyList<EntryOutcome>> ExecuteOnceAsync(
        IReadOnlyList<EntryRequest> entries,
        RequestAgent agent,
        CancellationToken cancellationToken)
    {
        var plans = new PlannedEntry[entries.Count];
        var references = new Dictionary<string, string>(StringComparer.Ordinal);
        var targets = new HashSet<string>(StringComparer.Ordinal);

        // FHIR's processing order for transactions: deletes, then creates, then updates, then reads.
        foreach (var method in (string[])["DELETE", "POST", "PUT", "GET"])
        {
            for (var i = 0; i < entries.Count; i++)
            {
                if (entries[i].Method == method)
                {
                    plans[i] = await PlanAsync(entries[i], references, targets, cancellationToken);
                }
            }
        }

        var resolutionCache = new Dictionary<string, string>(StringComparer.Ordinal);
        var issues = new List<OperationOutcomeIssue>();
        foreach (var plan in plans)
        {
            if (plan.Action is EntryAction.Create or EntryAction.Update)
            {
                await RewriteReferencesAsync(plan, references, resolutionCache, cancellationToken);
                foreach (var issue in validator.Validate(plan.Request.Resource!))
                {
                    issues.Add(issue with { Location = Prefix(plan.Request, issue.Location) });
                }
            }
        }

        if (issues.Any(i => i.Severity is IssueSeverity.Error or IssueSeverity.Fatal))
        {
            throw new FhirException(422, issues);
        }

        // Warnings and information do not stop a write; they travel with the entry's outcome to the client.
        var warnings = issues.Where(i => i.Severity is IssueSeverity.Warning or IssueSeverity.Information).ToList();

        var writes = plans
            .Where(p => p.Action is EntryAction.Create or EntryAction.Update or EntryAction.Delete)
            .Select(p => new PendingWrite(
                p.Action switch { EntryAction.Create => WriteKind.Create, EntryAction.Update => WriteKind.Update, _ => WriteKind.Delete },
                p.ResourceType,
                p.Id,
                p.VersionId,
                p.ExpectedCurrentVersion,
                p.Action == EntryAction.Delete ? null : p.Request.Resource))
            .ToList();

        var committed = writes.Count > 0 ? await pipeline.CommitAsync(writes, agent, cancellationToken) : null;

        var written = committed?.Writes.ToDictionary(w => (w.ResourceType, w.Id)) ?? [];
        var outcomes = new EntryOutcome[plans.Length];
        // One pass over the warnings: a Bundle of thousands of entries can carry thousands of warnings.
        var warningsByEntry = warnings.ToLookup(w => plans.Length == 1 ? 0 : EntryOf(w.Location));
        for (var i = 0; i < plans.Length; i++)
        {
            outcomes[i] = await OutcomeOfAsync(plans[i], written, cancellationToken);
            var own = warningsByEntry[plans.Length == 1 ? 0 : plans[i].Request.Index].Concat(warningsByEntry[-1]).ToList();
            if (own.Count > 0 && outcomes[i].Issues is null)
            {
                outcomes[i] = outcomes[i] with { Issues = own };
            }
        }

        return outcomes;
    }

    private async Task<PlannedEntry> PlanAsync(
        EntryRequest entry,
        Dictionary<string, string> references,
        HashSet<string> targets,
        CancellationToken cancellationToken)
    {
        var (type, id, query) = ParseUrl(entry);
        PlannedEntry plan;
        switch (entry.Method)
        {
            case "POST":
                if (id is not null || query is not null)
                {
                    throw Bad(entry, $"POST must target a resource type, not '{entry.Url}'.");
                }

                RequireResource(entry, type);
                plan = await PlanCreateAsync(entry, type, cancellationToken);
                break;
            case "PUT":
                RequireResource(entry, type);
                plan = query is not null
                    ? await PlanConditionalUpdateAsync(entry, type, query, cancellationToken)
                    : await PlanUpdateAsync(entry, type, id ?? throw Bad(entry, "PUT needs a resource id: Type/id."), cancellationToken);
                break;
            case "DELETE":
                plan = query is not null
                    ? await PlanConditionalDeleteAsync(entry, type, query, cancellationToken)
                    : await PlanDeleteAsync(entry, type, id ?? throw Bad(entry, "DELETE needs a resource id: Type/id."), cancellationToken);
                break;
            case "GET":
                if (id is null)
                {
                    throw new FhirException(501, OperationOutcomeIssue.Error("not-supported", $"{entry.Location}: only reads of Type/id are supported inside a Bundle yet.", entry.Location));
                }

                plan = new PlannedEntry(entry, EntryAction.Read, type, id);
                break;
            default:
                throw Bad(entry, $"Unsupported request method '{entry.Method}'.");
        }

        if (plan.Action is EntryAction.Create or EntryAction.Update or EntryAction.Delete
            && !targets.Add(plan.ResourceType + "/" + plan.Id))
        {
            throw Bad(entry, $"{plan.ResourceType}/{plan.Id} is the target of more than one entry of the transaction.");
        }

        if (entry.FullUrl is not null && plan.Action != EntryAction.Read)
        {
            references[entry.FullUrl] = plan.ResourceType + "/" + plan.Id;
        }

        return plan;
    }

    private async Task<PlannedEntry> PlanCreateAsync(EntryRequest entry, string type, CancellationToken cancellationToken)
    {
        if (entry.IfNoneExist is not null)
        {
            var matches = await conditionalResolver.FindAsync(type, entry.IfNoneExist, $"{entry.Location} ifNoneExist", 2, cancellationToken);
            if (matches.Count > 1)
            {
                throw new FhirException(412, OperationOutcomeIssue.Error("multiple-matches", $"{entry.Location}: ifNoneExist '{entry.IfNoneExist}' matches more than one {type}.", entry.Location));
            }

            if (matches.Count == 1)
            {
                return new PlannedEntry(entry, EntryAction.Existing, type, matches[0].Id) { Existing = matches[0] };
            }
        }

        var id = NewId();
        return new PlannedEntry(entry, EntryAction.Create, type, id) { VersionId = 1, ExpectedCurrentVersion = 0 };
    }

    private async Task<PlannedEntry> PlanUpdateAsync(EntryRequest entry, string type, string id, CancellationToken cancellationToken)
    {
        ResourceTypes.RequireValidId(id, entry.Location);
        var bodyId = entry.Resource!.ChildText("id");
        if (bodyId is null)
        {
            throw Bad(entry, $"The resource must carry id '{id}' to be updated at {type}/{id}.");
        }

        if (bodyId != id)
        {
            throw Bad(entry, $"The resource id '{bodyId}' does not match the id '{id}' in the URL.");
        }

        var current = await store.ReadCurrentAsync(type, id, cancellationToken);
        long? expected = current?.VersionId ?? 0;
        if (entry.IfMatch is not null)
        {
            var wanted = VersionTag.Parse(entry.IfMatch);
            if (current is null || current.IsDeleted || current.VersionId != wanted)
            {
                throw new FhirException(412, OperationOutcomeIssue.Error("conflict", $"{entry.Location}: If-Match {entry.IfMatch} does not match the current version of {type}/{id}.", entry.Location));
            }

            expected = wanted;
        }

        var action = current is null || current.IsDeleted ? EntryAction.Create : EntryAction.Update;
        return new PlannedEntry(entry, action, type, id)
        {
            VersionId = (current?.VersionId ?? 0) + 1,
            ExpectedCurrentVersion = expected,
        };
    }

    private async Task<PlannedEntry> PlanConditionalUpdateAsync(EntryRequest entry, string type, string query, CancellationToken cancellationToken)
    {
        var matches = await conditionalResolver.FindAsync(type, query, $"{entry.Location} conditional update", 2, cancellationToken);
        switch (matches.Count)
        {
            case 0:
                var id = entry.Resource!.ChildText("id") ?? NewId();
                entry.Resource!.SetPrimitive("id", "id", id);
                return await PlanUpdateAsync(entry with { IfMatch = null }, type, id, cancellationToken);
            case 1:
                entry.Resource!.SetPrimitive("id", "id", matches[0].Id);
                return await PlanUpdateAsync(entry, type, matches[0].Id, cancellationToken);
            default:
                throw new FhirException(412, OperationOutcomeIssue.Error("multiple-matches", $"{entry.Location}: conditional update '{query}' matches more than one {type}.", entry.Location));
        }
    }

    private async Task<PlannedEntry> PlanDeleteAsync(EntryRequest entry, string type, string id, CancellationToken cancellationToken)
    {
        ResourceTypes.RequireValidId(id, entry.Location);
        var current = await store.ReadCurrentAsync(type, id, cancellationToken);
        if (current is null || current.IsDeleted)
        {
            // Deleting what is absent succeeds without a new version: DELETE is idempotent in FHIR.
            return new PlannedEntry(entry, EntryAction.NothingToDelete, type, id) { Existing = current };
        }

        if (entry.IfMatch is not null && VersionTag.Parse(entry.IfMatch) != current.VersionId)
        {
            throw new FhirException(412, OperationOutcomeIssue.Error("conflict", $"{entry.Location}: If-Match {entry.IfMatch} does not match the current version of {type}/{id}.", entry.Location));
        }

        return new PlannedEntry(entry, EntryAction.Delete, type, id)
        {
            VersionId = current.VersionId + 1,
            ExpectedCurrentVersion = current.VersionId,
        };
    }

    private async Task<PlannedEntry> PlanConditionalDeleteAsync(EntryRequest entry, string type, string query, CancellationToken cancellationToken)
    {
        var matches = await conditionalResolver.FindAsync(type, query, $"{entry.Location} conditional delete", 2, cancellationToken);
        return matches.Count switch
        {
            0 => new PlannedEntry(entry, EntryAction.NothingToDelete, type, string.Empty),
            1 => await PlanDeleteAsync(entry, type, matches[0].Id, cancellationToken),
            _ => throw new FhirException(412, OperationOutcomeIssue.Error("multiple-matches", $"{entry.Location}: conditional delete '{query}' matches more than one {type}.", entry.Location)),
        };
    }

    private async Task RewriteReferencesAsync(
        PlannedEntry plan,
        Dictionary<string, string> references,
        Dictionary<string, string> resolutionCache,
        CancellationToken cancellationToken)
    {
        foreach (var node in plan.Request.Resource!.Descendants())
        {
            if (node.Name != "reference" || node.Parent?.InstanceType != "Reference" || node.Text is not { } reference)
            {
                continue;
            }

            if (references.TryGetValue(reference, out var local))
            {
                node.Text = local;
                continue;
            }

            if (reference.StartsWith('#'))
            {
                continue;
            }

            if (reference.StartsWith("urn:uuid:", StringComparison.Ordinal) || reference.StartsWith("urn:oid:", StringComparison.Ordinal))
            {
                throw new FhirException(400, OperationOutcomeIssue.Error("not-found", $"Reference '{reference}' matches no fullUrl of this Bundle.", Prefix(plan.Request, node.Location)));
            }

            var question = reference.IndexOf('?', StringComparison.Ordinal);
            if (question > 0)
            {
                if (!resolutionCache.TryGetValue(reference, out var resolved))
                {
                    resolved = await ResolveConditionalReferenceAsync(plan.Request, node, reference, question, cancellationToken);
                    resolutionCache[reference] = resolved;
                }

                node.Text = resolved;
            }
        }
    }

    private async Task<string> ResolveConditionalReferenceAsync(EntryRequest entry, ElementNode node, string reference, int question, CancellationToken cancellationToken)
    {
        var type = reference[..question];
        var location = Prefix(entry, node.Location);
        if (!resourceTypes.IsKnown(type))
        {
            throw new FhirException(400, OperationOutcomeIssue.Error("invalid", $"Conditional reference '{reference}' names an unknown resource type.", location));
        }

        var matches = await conditionalResolver.FindAsync(type, reference[(question + 1)..], $"Conditional reference at {location}", 2, cancellationToken);
        return matches.Count switch
        {
            1 => type + "/" + matches[0].Id,
            0 => throw new FhirException(412, OperationOutcomeIssue.Error("not-found", $"Conditional reference '{reference}' matches no resource.", location)),
            _ => throw new FhirException(412, OperationOutcomeIssue.Error("multiple-matches", $"Conditional reference '{reference}' matches more than one resource.", location)),
        };
    }

    private async Task<EntryOutcome> OutcomeOfAsync(
        PlannedEntry plan,
        Dictionary<(string, string), CommittedWrite> written,
        CancellationToken cancellationToken)
    {
        switch (plan.Action)
        {
            case EntryAction.Create or EntryAction.Update or EntryAction.Delete:
                var write = written[(plan.ResourceType, plan.Id)];
                var status = plan.Action switch { EntryAction.Create => 201, EntryAction.Update => 200, _ => 204 };
                return new EntryOutcome(status, write.ResourceType, write.Id, write.VersionId, write.LastUpdated, write.Json);
            case EntryAction.Existing:
                var existing = plan.Existing!;
                return new EntryOutcome(200, existing.ResourceType, existing.Id, existing.VersionId, existing.LastUpdated, existing.Json);
            case EntryAction.NothingToDelete:
                return new EntryOutcome(204, plan.ResourceType, null, null, null, ReadOnlyMemory<byte>.Empty);
            default:
                var read = await store.ReadCurrentAsync(plan.ResourceType, plan.Id, cancellationToken);
                return read switch
                {
                    null => new EntryOutcome(404, plan.ResourceType, plan.Id, null, null, ReadOnlyMemory<byte>.Empty, [OperationOutcomeIssue.Error("not-found", $"{plan.ResourceType}/{plan.Id} is not known.")]),
                    { IsDeleted: true } => new EntryOutcome(410, plan.ResourceType, plan.Id, read.VersionId, read.LastUpdated, ReadOnlyMemory<byte>.Empty, [OperationOutcomeIssue.Error("deleted", $"{plan.ResourceType}/{plan.Id} was deleted.")]),
                    _ => new EntryOutcome(200, read.ResourceType, read.Id, read.VersionId, read.LastUpdated, read.Json),
                };
        }
    }

    private (string Type, string? Id, string? Query) ParseUrl(EntryRequest entry)
    {
        var url = entry.Url;
        if (string.IsNullOrWhiteSpace(url))
        {
            throw Bad(entry, "The request URL is missing.");
        }

        if (url.Contains("://", StringComparison.Ordinal))
        {
            throw Bad(entry, $"Request URL '{url}' must be relative to the server base (Type, Type/id or Type?query).");
        }

        url = url.TrimStart('/');
        string? query = null;
        var question = url.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            query = url[(question + 1)..];
            url = url[..question];
        }

        var parts = url.Split('/');
        if (parts.Length > 2)
        {
            throw Bad(entry, $"Request URL '{entry.Url}' is not of the form Type, Type/id or Type?query.");
        }

        if (!resourceTypes.IsKnown(parts[0]))
        {
            throw Bad(entry, $"'{parts[0]}' is not a FHIR R4 resource type.");
        }

        return (parts[0], parts.Length == 2 ? parts[1] : null, query);
    }

    private static void RequireResource(EntryRequest entry, string type)
    {
        if (entry.Resource is null)
        {
            throw Bad(entry, $"{entry.Method} needs a resource.");
        }

        if (entry.Resource.InstanceType != type)
        {
            throw Bad(entry, $"The resource is a {entry.Resource.InstanceType}, but the request targets {type}.");
        }
    }

    private string NewId() => Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("D");

    private static string Prefix(EntryRequest entry, string? location) =>
        entry.Location == string.Empty || location is null ? location ?? entry.Location
        : location.StartsWith(entry.Location, StringComparison.Ordinal) ? location
        : entry.Location + "." + location;

    /// <summary>The Bundle entry index a location such as <c>Bundle.entry[3].resource.code</c> names; -1 when none.</summary>
    private static int EntryOf(string? location)
    {
        const string prefix = "Bundle.entry[";
        if (location is null || !location.StartsWith(prefix, StringComparison.Ordinal))
        {
            return -1;
        }

        var end = location.IndexOf(']', prefix.Length);
        return end > 0 && int.TryParse(location.AsSpan(prefix.Length, end - prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            ? index
            : -1;
    }

    private static FhirException Bad(EntryRequest entry, string message) =>
        new(400, OperationOutcomeIssue.Error("invalid", $"{entry.Location}: {message}", entry.Location));

    private enum EntryAction
    {
        Create,
        Update,
        Delete,
        Existing,
        NothingToDelete,
        Read,
    }

    private sealed record PlannedEntry(EntryRequest Request, EntryAction Action, string ResourceType, string Id)
    {
        public long VersionId { get; init; }

        public long? ExpectedCurrentVersion { get; init; }

        public ResourceVersion? Existing { get; init; }
    }
}
