using System.Text;

namespace RiskRegister.Tests.Access;

public sealed class ClientsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_new_key_is_shown_once_and_only_its_hash_is_stored()
    {
        var admin = api.Admin();
        var response = await admin.PostAsJsonAsync("/api/v1/clients", new { name = "Revisionen", role = "auditor" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await response.Json();
        var id = created.GetProperty("id").GetInt64();
        var key = created.GetProperty("key").GetString()!;
        key.Length.ShouldBeGreaterThanOrEqualTo(40); // 256 random bits, base64url, plus the rr_ prefix
        created.GetProperty("role").GetString().ShouldBe("auditor");
        response.Headers.Location!.ToString().ShouldEndWith($"/api/v1/clients/{id}");
        (await api.WithKey(key).GetAsync("/api/v1/units")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Never again: neither the single read nor the list carries the key.
        var one = await admin.GetAsync($"/api/v1/clients/{id}");
        (await one.Content.ReadAsStringAsync()).ShouldNotContain(key);
        (await one.Json()).TryGetProperty("key", out _).ShouldBeFalse();
        var list = await admin.GetAsync("/api/v1/clients?includeRevoked=true");
        var listText = await list.Content.ReadAsStringAsync();
        listText.ShouldNotContain(key);
        listText.ShouldNotContain("\"key\"");

        // In the database (and, on SQLite, anywhere in its file and write-ahead log): the hash, never the key.
        var hash = RiskRegister.Api.Auth.ApiKeys.Hash(key);
        using (var connection = api.Database.Open())
            connection.ExecuteScalar<string>("SELECT key_hash FROM clients WHERE id = @id", new { id }).ShouldBe(hash);
        if (api.Database.Provider != RiskRegister.Api.Infrastructure.DatabaseProvider.Sqlite) return;
        var stored = string.Concat(new[] { "", "-wal" }.Where(s => File.Exists(api.DatabasePath + s))
            .Select(s => Encoding.Latin1.GetString(File.ReadAllBytes(api.DatabasePath + s))));
        stored.ShouldContain(hash);
        stored.ShouldNotContain(key);
        stored.ShouldNotContain(key[3..20]);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once()
    {
        var admin = api.Admin();
        var (id, key) = await admin.CreateApiClient("Intranätet", "system");
        var client = api.WithKey(key);
        // Known but not allowed to read units: 403, not 401.
        (await client.GetAsync("/api/v1/units")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var revoke = await admin.DeleteAsync($"/api/v1/clients/{id}");

        revoke.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var refused = await client.GetAsync("/api/v1/units");
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await refused.Json()).GetProperty("status").GetInt32().ShouldBe(401);
        var read = await admin.GetOk($"/api/v1/clients/{id}");
        read.GetProperty("revokedAt").GetString().ShouldNotBeNull();
        (await admin.GetOk("/api/v1/clients")).GetProperty("items").EnumerateArray()
            .Select(c => c.GetProperty("id").GetInt64()).ShouldNotContain(id);
    }

    [Fact]
    public async Task Creating_and_revoking_a_client_is_in_history_without_key_or_hash()
    {
        var admin = api.Admin();
        var unitId = await admin.CreateAdministration("Medicinsk service");
        var (id, key) = await admin.CreateApiClient("Registrator MS", "registrator", unitId);
        (await admin.DeleteAsync($"/api/v1/clients/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        // Revoking again changes nothing and records nothing.
        (await admin.DeleteAsync($"/api/v1/clients/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var history = api.StoredHistory("client", id);

        history.Select(h => h.Action).ShouldBe(["created", "revoked"]);
        history.ShouldAllBe(h => h.ClientName == "bootstrap-admin");
        history[0].Before.ShouldBeNull();
        JsonDocument.Parse(history[0].After!).RootElement.GetProperty("unitIds")[0].GetInt64().ShouldBe(unitId);
        JsonDocument.Parse(history[1].Before!).RootElement.GetProperty("revokedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        JsonDocument.Parse(history[1].After!).RootElement.GetProperty("revokedAt").GetString().ShouldNotBeNull();
        var hash = RiskRegister.Api.Auth.ApiKeys.Hash(key);
        history.ShouldAllBe(h => !(h.After ?? "").Contains(key) && !(h.After ?? "").Contains(hash) && !(h.Before ?? "").Contains(hash));
    }

    [Fact]
    public async Task A_registrator_needs_existing_units_and_other_roles_take_none()
    {
        var admin = api.Admin();
        var unitId = await admin.CreateAdministration("Digitalisering IT och MT");
        var boardId = (await admin.Typed().GetUnitAsync(unitId)).ParentId!.Value;
        var before = api.HistoryCount();

        var noUnits = await admin.PostAsJsonAsync("/api/v1/clients", new { name = "R", role = "registrator" });
        var unknown = await admin.PostAsJsonAsync("/api/v1/clients", new { name = "R", role = "registrator", unitIds = new[] { 999999L } });
        var auditorWithUnits = await admin.PostAsJsonAsync("/api/v1/clients", new { name = "A", role = "auditor", unitIds = new[] { unitId } });
        var badRole = await admin.PostAsJsonAsync("/api/v1/clients", new { name = "X", role = "superuser" });

        noUnits.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noUnits.Json()).GetProperty("errors").GetProperty("unitIds")[0].GetString()!.ShouldContain("at least one");
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknown.Json()).GetProperty("errors").GetProperty("unitIds")[0].GetString()!.ShouldContain("999999");
        auditorWithUnits.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await auditorWithUnits.Json()).GetProperty("errors").GetProperty("unitIds")[0].GetString()!.ShouldContain("Only registrators");
        badRole.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        api.HistoryCount().ShouldBe(before);
        // A unit of any kind will do: a nämnd's registrator covers the nämnd's own plan and everything below it.
        (await admin.PostAsJsonAsync("/api/v1/clients", new { name = "R", role = "registrator", unitIds = new[] { boardId } })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_last_admin_key_cannot_be_revoked()
    {
        var admin = api.Admin();
        foreach (var other in (await admin.GetOk("/api/v1/clients")).GetProperty("items").EnumerateArray()
                     .Where(c => c.GetProperty("role").GetString() == "admin" && c.GetProperty("name").GetString() != "bootstrap-admin"))
            await admin.DeleteAsync($"/api/v1/clients/{other.GetProperty("id").GetInt64()}");
        var self = (await admin.GetOk("/api/v1/clients")).GetProperty("items").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "bootstrap-admin").GetProperty("id").GetInt64();
        var before = api.HistoryCount();

        var response = await admin.DeleteAsync($"/api/v1/clients/{self}");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Json()).GetProperty("errors").GetProperty("id")[0].GetString()!.ShouldContain("last admin");
        (await admin.GetAsync("/api/v1/units")).StatusCode.ShouldBe(HttpStatusCode.OK);
        api.HistoryCount().ShouldBe(before);
    }

    [Fact]
    public async Task Unknown_client_is_404()
    {
        (await api.Admin().DeleteAsync("/api/v1/clients/987654")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.Admin().GetAsync("/api/v1/clients/987654")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
