using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace RiskRegister.Api.Auth;

/// <summary>
/// An issuer's discovery document and signing keys, as the JwtBearer handler asks for them. IdentityModel's own
/// ConfigurationManager, asked to refresh because a token names an unknown <c>kid</c>, fetches in the background and
/// answers the old keys meanwhile, so the first request with a rolled-over key is refused. Here a requested refresh is
/// fetched before the answer (the handler then validates the token again with the new keys, in the same request), at
/// most once per <see cref="BaseConfigurationManager.RefreshInterval"/>, so tokens with made-up key ids cannot make the
/// service hammer the provider. Keys are also fetched again every <see cref="BaseConfigurationManager.AutomaticRefreshInterval"/>,
/// which is how a key the provider stopped publishing stops being accepted.
/// </summary>
public sealed class IssuerKeys : BaseConfigurationManager, IConfigurationManager<OpenIdConnectConfiguration>
{
    private readonly IDocumentRetriever _retriever;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private OpenIdConnectConfiguration? _current;
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _lastRequested = DateTimeOffset.MinValue;
    private DateTimeOffset _failedAt = DateTimeOffset.MinValue;
    private Exception? _failure;
    private volatile bool _refreshRequested;

    public IssuerKeys(string metadataAddress, IDocumentRetriever retriever, TimeSpan refreshInterval, TimeSpan automaticRefreshInterval, TimeProvider time)
    {
        MetadataAddress = metadataAddress;
        RefreshInterval = refreshInterval;
        AutomaticRefreshInterval = automaticRefreshInterval;
        UseLastKnownGoodConfiguration = false;
        (_retriever, _time) = (retriever, time);
    }

    public override async Task<BaseConfiguration> GetBaseConfigurationAsync(CancellationToken cancel) => await GetConfigurationAsync(cancel);

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        if (Fresh() is { } fresh) return fresh;
        await _fetching.WaitAsync(cancel);
        try
        {
            if (Fresh() is { } fetched) return fetched;
            var now = _time.GetUtcNow();
            // The provider failed a moment ago: answer what is known (or the failure) rather than ask it again at once.
            if (now < _failedAt + RefreshInterval)
                return _current ?? throw Unavailable(_failure);
            try
            {
                _current = await OpenIdConnectConfigurationRetriever.GetAsync(MetadataAddress, _retriever, cancel);
                _fetchedAt = now;
                _refreshRequested = false;
                _failure = null;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
            {
                (_failedAt, _failure, _refreshRequested) = (now, e, false);
                if (_current is null) throw Unavailable(e);
            }
            return _current;
        }
        finally { _fetching.Release(); }
    }

    private OpenIdConnectConfiguration? Fresh() =>
        _current is { } current && !_refreshRequested && _time.GetUtcNow() < _fetchedAt + AutomaticRefreshInterval ? current : null;

    private InvalidOperationException Unavailable(Exception? cause) =>
        new($"The discovery document or keys at {MetadataAddress} could not be fetched.", cause);

    /// <summary>A token named a key not known: fetch again before the next answer, unless a fetch was asked for within <see cref="BaseConfigurationManager.RefreshInterval"/>.</summary>
    public override void RequestRefresh()
    {
        var now = _time.GetUtcNow();
        lock (_fetching)
        {
            if (now < _lastRequested + RefreshInterval) return;
            _lastRequested = now;
            _refreshRequested = true;
        }
    }
}
