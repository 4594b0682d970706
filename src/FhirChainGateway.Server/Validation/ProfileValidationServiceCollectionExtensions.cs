using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.Packages;
using FhirChainGateway.Fhir.Validation;
using FhirChainGateway.Server.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FhirChainGateway.Server.Validation;

/// <summary>Registration of profile validation for writes and <c>$validate</c>.</summary>
public static class ProfileValidationServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="ProfileValidationOptions"/> (section <c>Validation</c>, validated at start-up), loads the
    /// configured packages once, and registers the <see cref="ProfileValidator"/> as the gateway's
    /// <see cref="IResourceValidator"/> (replacing the structural validator <c>AddFhirEngine</c> registers: call this
    /// after it) and the <see cref="DocumentValidator"/> behind <c>$validate</c>. Needs <see cref="FhirDefinitions"/>
    /// and <see cref="GatewayOptions"/> registered.
    /// </summary>
    public static IServiceCollection AddProfileValidation(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ProfileValidationOptions>()
            .Bind(configuration.GetSection(ProfileValidationOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.PackagesDirectory is null || Directory.Exists(o.PackagesDirectory), "Validation:PackagesDirectory does not exist.")
            .Validate(o => o.Load.All(p => File.Exists(p) || Directory.Exists(p)), "Validation:Load names a file or folder that does not exist.")
            .ValidateOnStart();

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ProfileValidationOptions>>().Value;
            var definitions = sp.GetRequiredService<FhirDefinitions>();
            var extra = new ConformanceResourceSet(definitions);
            if (options.PackagesDirectory is { } folder)
            {
                extra.LoadDirectory(folder);
            }

            foreach (var path in options.Load)
            {
                extra.Load(path);
            }

            var logger = sp.GetService<ILoggerFactory>()?.CreateLogger(typeof(ProfileValidationServiceCollectionExtensions));
            foreach (var problem in extra.Problems)
            {
                logger?.LogWarning("Validation resources: {Problem}", problem);
            }

            var searchRoot = sp.GetRequiredService<IOptions<GatewayOptions>>().Value.DefinitionsSearchRoot;
            var located = DefinitionsLocator.Locate([searchRoot, AppContext.BaseDirectory, Environment.CurrentDirectory], Environment.GetEnvironmentVariable);
            var resources = new ValidationResources(definitions, located.DefinitionsDirectory, extra);
            foreach (var (type, profiles) in options.RequiredProfiles)
            {
                foreach (var url in profiles)
                {
                    if (resources.FindProfile(url) is null)
                    {
                        throw new OptionsValidationException(ProfileValidationOptions.SectionName, typeof(ProfileValidationOptions), [$"Validation:RequiredProfiles:{type} names {url}, which is not loaded."]);
                    }
                }
            }

            return resources;
        });
        services.AddSingleton(sp => new ProfileValidator(
            sp.GetRequiredService<ValidationResources>(),
            sp.GetRequiredService<IOptions<ProfileValidationOptions>>().Value.ToValidatorOptions(sp.GetService<TimeProvider>() ?? TimeProvider.System)));
        services.AddSingleton(sp => new DocumentValidator(sp.GetRequiredService<ProfileValidator>()));
        services.AddHostedService<ValidationWarmup>();

        services.RemoveAll<IResourceValidator>();
        services.AddSingleton<IResourceValidator>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ProfileValidationOptions>>().Value;
            return options.OnWrite == WriteValidationMode.Structural
                ? new StructuralValidator(sp.GetRequiredService<FhirDefinitions>())
                : new WriteValidator(sp.GetRequiredService<ProfileValidator>(), options.RequiredProfiles);
        });
        return services;
    }
}
