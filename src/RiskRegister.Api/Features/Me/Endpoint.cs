namespace RiskRegister.Api.Features.Me;

/// <summary>Who the service takes the caller to be: what a client checks first after signing in.</summary>
public sealed class Endpoint : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/me");
        Roles(Role.ReportReaders);
        Summary(s =>
        {
            s.Summary = "Who am I: the caller as the service sees it";
            s.Description = "The caller behind the request's API key or bearer token: the name history and events give it, its role, "
                + "the units it holds (a registrator's, with their subtrees), how it signed in, and its token's issuer.";
        });
        Description(d => d.Ok<Response>(), clearDefaults: true);
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        return Send.OkAsync(new Response
        {
            Name = caller.Name,
            Role = EnumText.FromApi<ClientRole>(caller.Role),
            UnitIds = caller.UnitIds.Order().ToList(),
            Via = caller.Via == Caller.ViaToken ? SignedInVia.Token : SignedInVia.ApiKey,
            Issuer = caller.Issuer,
        }, ct);
    }
}

/// <summary>How the caller signed in.</summary>
public enum SignedInVia { ApiKey, Token }

public sealed class Response
{
    /// <summary>The API client's name, or the person's name from the token (as history and events show it).</summary>
    public required string Name { get; init; }
    /// <summary>The caller's role here.</summary>
    public required ClientRole Role { get; init; }
    /// <summary>The units the caller holds (for a registrator, with their subtrees); empty for the other roles' keys.</summary>
    public required List<long> UnitIds { get; init; }
    /// <summary><c>apiKey</c> or <c>token</c>.</summary>
    public required SignedInVia Via { get; init; }
    /// <summary>The token's issuer; null for an API key.</summary>
    public string? Issuer { get; init; }
}
