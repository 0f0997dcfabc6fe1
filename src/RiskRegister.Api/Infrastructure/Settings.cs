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
        if (bind is null) options.Configure(settings => ListsEitherWay<T>(section).Bind(settings));
        else options.Configure(settings => bind(settings, section));
        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>, Check<T>>();
        return services;
    }

    /// <summary>
    /// Every list setting is read alike in both forms an operator writes: one comma-separated value (an environment
    /// variable, <c>"AllowedHosts": "a, b"</c>) or a JSON array in appsettings.json (<c>"AllowedHosts": ["a", "b"]</c>,
    /// or <c>Webhooks__AllowedHosts__0</c>). The binder alone ignores an array given for a text (or fails on it) and a
    /// text given for a list, silently. Returns the section's values with each list in the form its property takes.
    /// </summary>
    internal static IConfiguration ListsEitherWay<T>(IConfigurationSection section)
    {
        // Whole paths kept, so that a value the binder cannot convert is still named by its key (Limits:MaxRequestBodyBytes).
        var values = new Dictionary<string, string?>(section.AsEnumerable(), StringComparer.OrdinalIgnoreCase);
        foreach (var property in typeof(T).GetProperties().Where(p => p.CanWrite))
        {
            var child = section.GetSection(property.Name);
            var name = child.Path;
            var items = child.GetChildren().Select(c => c.Value?.Trim() ?? "").Where(v => v.Length > 0).ToList();
            var below = values.Keys.Where(k => k.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)).ToList();
            if (property.PropertyType == typeof(string) && child.Value is null && items.Count > 0)
            {
                foreach (var key in below) values.Remove(key);
                values[name] = string.Join(",", items);
            }
            else if (property.PropertyType == typeof(List<string>) && child.Value is { } single && below.Count == 0)
            {
                values.Remove(name);
                var split = single.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                for (var i = 0; i < split.Length; i++) values[$"{name}:{i}"] = split[i];
            }
        }
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(section.Path);
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
