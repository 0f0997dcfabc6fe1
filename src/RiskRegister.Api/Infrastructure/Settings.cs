using Microsoft.Extensions.Options;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// A configuration section the service reads. Every one is checked the same way: <see cref="Problems"/> says what is
/// wrong, each reason naming its key (<c>Webhooks:KeepDeliveredDays: …</c>), and a bad value stops the start.
/// </summary>
public interface ISettings
{
    /// <summary>The configuration section, e.g. <c>Webhooks</c>.</summary>
    static abstract string Section { get; }

    /// <summary>What is wrong with the values, each reason naming its key; empty when they are usable.</summary>
    IEnumerable<string> Problems();
}

public static class Settings
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to its section and checks it at start (<c>ValidateOnStart</c>, through
    /// <see cref="ISettings.Problems"/>). <paramref name="bind"/> replaces the ordinary binding where a section needs
    /// reading by hand (a list given as one comma-separated value).
    /// </summary>
    public static IServiceCollection AddSettings<T>(this IServiceCollection services, IConfiguration configuration, Action<T, IConfigurationSection>? bind = null)
        where T : class, ISettings
    {
        var section = configuration.GetSection(T.Section);
        var options = services.AddOptions<T>();
        if (bind is null) options.Bind(section);
        else options.Configure(settings => bind(settings, section));
        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>, Check<T>>();
        return services;
    }

    /// <summary>
    /// Checks every section now, before the database is touched, and stops the start with every reason found. (The
    /// host would check them too, but only once it starts: after the migrations.)
    /// </summary>
    public static void CheckAll(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException)
        {
            var reasons = e is AggregateException all ? all.InnerExceptions.Select(inner => inner.Message) : [e.Message];
            throw new InvalidOperationException("The configuration is unusable: " + string.Join(" ", reasons), e);
        }
    }

    private sealed class Check<T> : IValidateOptions<T> where T : class, ISettings
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
