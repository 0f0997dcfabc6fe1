using System.Net.Http.Headers;
using System.Text;
using RiskRegister.Api.Infrastructure;
using RiskRegister.Operations;

namespace RiskRegister.Tests.Features;

/// <summary>What a newcomer meets in the first hour (issue 22, points 10, 12, 13): answers that say what is wrong, JSON
/// that copies from a terminal as sent, and files only the service's user can read.</summary>
[Trait("Database", "SQLite")]
public sealed class FirstHourTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [Fact]
    public async Task A_wrong_key_is_told_so_and_a_missing_one_is_asked_for()
    {
        var wrong = await api.WithKey("not-a-key-of-this-register").GetAsync("/api/v1/plans");
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var problem = await wrong.Json();
        problem.GetProperty("title").GetString().ShouldBe("The API key is not valid.");
        problem.GetProperty("detail").GetString()!.ShouldContain("unknown or revoked");

        var missing = await api.WithKey(null).GetAsync("/api/v1/plans");
        (await missing.Json()).GetProperty("title").GetString().ShouldBe("An API key or a valid bearer token is required.");
        // Every 401 carries a challenge naming how to authenticate (RFC 9110 §11.6.1); no issuer is configured here.
        missing.Headers.WwwAuthenticate.ToString().ShouldBe("ApiKey header=\"X-Api-Key\"");
        wrong.Headers.WwwAuthenticate.ToString().ShouldBe("ApiKey header=\"X-Api-Key\"");
    }

    [Fact]
    public async Task An_unsupported_media_type_names_what_to_send()
    {
        foreach (var contentType in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded" })
        {
            var response = await api.Admin().PostAsync("/api/v1/units",
                new StringContent("""{"name":"Nämnd","kind":"board"}""", Encoding.UTF8) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType) } });
            response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType, contentType);
            (await response.Json()).GetProperty("detail").GetString()!.ShouldContain("Content-Type: application/json", customMessage: contentType);
        }
    }

    [Fact]
    public async Task Json_escapes_only_what_json_requires()
    {
        var admin = api.Admin();
        var created = await admin.PostAsJsonAsync("/api/v1/units", new { name = "Nämnd + \"citat\" & <styrelse> 'A'", kind = "board" });
        var raw = await created.Content.ReadAsStringAsync();
        raw.ShouldContain("""Nämnd + \"citat\" & <styrelse> 'A'""");
        raw.ShouldNotContain("\\u00");
        raw.ShouldNotContain("\\u0027");
        raw.ShouldNotContain("\\u002B");
        // A message with an apostrophe reads as written.
        var problem = await (await admin.PostAsJsonAsync("/api/v1/units", new { name = "Nämnd + \"citat\" & <styrelse> 'A'", kind = "board" })).Content.ReadAsStringAsync();
        problem.ShouldContain("resource's");
        // A webhook secret is base64 ("+" and "/"): as it is, so a copy from a terminal verifies signatures.
        JsonSerializer.Serialize(new { secret = "whsec_ab+c/d=" }, ApiJson.Options).ShouldBe("""{"secret":"whsec_ab+c/d="}""");
    }

    [Fact]
    public async Task The_register_its_wal_and_its_backups_are_created_readable_by_the_service_user_alone()
    {
        if (OperatingSystem.IsWindows()) return;
        var admin = api.Admin();
        await admin.CreateAdministration("Filrättigheter");   // a write: the WAL exists
        foreach (var file in new[] { api.DatabasePath, api.DatabasePath + "-wal" })
            File.GetUnixFileMode(file).ShouldBe(PrivateFile.Mode, file);

        var backup = Path.Combine(Path.GetTempPath(), "riskregister-tests", $"backup-{Guid.NewGuid():N}.db");
        try
        {
            await RegisterBackup.RunAsync(api.DatabasePath, backup, TextWriter.Null, CancellationToken.None);
            File.GetUnixFileMode(backup).ShouldBe(PrivateFile.Mode);
        }
        finally
        {
            File.Delete(backup);
        }
    }
}
