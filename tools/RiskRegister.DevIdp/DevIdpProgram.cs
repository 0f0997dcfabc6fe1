using Microsoft.Extensions.Logging;

namespace RiskRegister.DevIdp;

/// <summary><c>make idp</c>: the development provider on http://127.0.0.1:5090 (or DEVIDP_URL), until Ctrl+C.</summary>
public static class DevIdpProgram
{
    public static async Task Main()
    {
        var url = Environment.GetEnvironmentVariable("DEVIDP_URL") is { Length: > 0 } configured ? configured : "http://127.0.0.1:5090";
        await using var provider = await DevIdentityProvider.StartAsync(url, logging: l => l.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        Console.WriteLine($"Development OpenID provider (never for production): {provider.Issuer}");
        Console.WriteLine($"  discovery  {provider.Issuer}/.well-known/openid-configuration");
        Console.WriteLine($"  tokens     POST {provider.Issuer}/connect/token  (audience {provider.Audience})");
        foreach (var user in provider.Users)
            Console.WriteLine($"  person     {user.UserName} / {user.Password}: {user.Name}, {string.Join(" ", user.Roles)}{(user.Units.Length > 0 ? ", unit " + string.Join(" ", user.Units) : "")}");
        foreach (var client in provider.Clients)
            Console.WriteLine($"  system     {client.ClientId} / {client.Secret}: {string.Join(" ", client.Roles)}");
        await provider.WaitForShutdownAsync();
    }
}
