using System.Globalization;
using FhirChainGateway.Fhir.Errors;

namespace FhirChainGateway.Server.Interactions;

/// <summary>Weak ETags of resource versions: <c>W/"3"</c>.</summary>
public static class VersionTag
{
    public static string Format(long versionId) => "W/\"" + versionId.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>Parses an If-Match value (<c>W/"3"</c>, <c>"3"</c> or <c>3</c>); 400 when it names no version.</summary>
    public static long Parse(string ifMatch)
    {
        var text = ifMatch.Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        text = text.Trim('"');
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0)
        {
            return version;
        }

        throw FhirException.BadRequest($"If-Match '{ifMatch}' is not a version ETag such as W/\"3\".");
    }
}
