using System.Reflection;
using RiskRegister.Api.History;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Infrastructure;

/// <summary>
/// A change to the register commits only with its history: the write scope's one commit for a change takes the history
/// entry, and nothing in the service commits a transaction any other way, but for the few writes that are no change.
/// </summary>
public sealed class WriteScopeTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_committed_change_has_its_history_row_and_answers_the_version_it_touched()
    {
        var db = api.Services.GetRequiredService<Db>();
        var name = $"Nämnd {Guid.NewGuid():N}";
        long unitId, version;
        await using (var write = await db.BeginWriteAsync(None))
        {
            unitId = await write.Connection.ExecuteScalarAsync<long>(
                "INSERT INTO units (name, kind, parent_id, created_at) VALUES (@name, 'board', NULL, '2026-01-01T00:00:00.000Z') RETURNING id",
                new { name }, write.Transaction);
            write.Touched(41);
            write.Touched(42);
            version = await write.CommitAsync(new HistoryEntry { ClientName = "test", Entity = "unit", EntityId = unitId, Action = "created", After = new { name } }, None);
        }

        version.ShouldBe(42);
        await using var connection = await db.OpenAsync(None);
        var rows = (await connection.QueryAsync<(string Entity, string Action, string After)>(
            "SELECT entity, action, after_json FROM history WHERE entity = 'unit' AND entity_id = @unitId", new { unitId })).ToList();
        rows.Count.ShouldBe(1);
        rows[0].Action.ShouldBe("created");
        rows[0].After.ShouldContain(name);
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM units WHERE id = @unitId", new { unitId })).ShouldBe(1);
    }

    [Fact]
    public async Task The_commit_ends_the_write_so_the_next_writer_gets_in_and_the_scope_commits_once()
    {
        var db = api.Services.GetRequiredService<Db>();
        await using var write = await db.BeginWriteAsync(None);
        await write.CommitAsync(new HistoryEntry { ClientName = "test", Entity = "unit", EntityId = 0, Action = "changed" }, None);

        await using (await db.BeginWriteAsync(None).WaitAsync(TimeSpan.FromSeconds(5))) { }
        await Should.ThrowAsync<ObjectDisposedException>(() => write.CommitAsync(new HistoryEntry { ClientName = "test", Entity = "unit", EntityId = 0, Action = "changed" }, None));
    }

    [Fact]
    public async Task A_change_without_history_entries_is_refused_and_rolled_back()
    {
        var db = api.Services.GetRequiredService<Db>();
        var name = $"Nämnd {Guid.NewGuid():N}";
        await using (var write = await db.BeginWriteAsync(None))
        {
            await write.Connection.ExecuteAsync(
                "INSERT INTO units (name, kind, parent_id, created_at) VALUES (@name, 'board', NULL, '2026-01-01T00:00:00.000Z')", new { name }, write.Transaction);
            await Should.ThrowAsync<ArgumentException>(() => write.CommitAsync(Array.Empty<HistoryEntry>(), None));
        }

        await using var connection = await db.OpenAsync(None);
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM units WHERE name = @name", new { name })).ShouldBe(0);
    }

    [Fact]
    public void The_write_scope_commits_only_with_history_or_by_the_named_choice_and_hands_out_no_committable_transaction()
    {
        var commits = typeof(WriteScope).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.Name.Contains("Commit", StringComparison.Ordinal)).ToList();
        commits.ShouldNotBeEmpty();
        foreach (var commit in commits)
        {
            var takesHistory = commit.GetParameters().Any(p => p.ParameterType == typeof(HistoryEntry)
                || p.ParameterType.IsAssignableTo(typeof(IEnumerable<HistoryEntry>)));
            (takesHistory || commit.Name == nameof(WriteScope.CommitWithoutHistoryAsync)).ShouldBeTrue($"WriteScope.{commit.Name} commits without a history entry");
        }
        // The transaction is handed out for Dapper only: as IDbTransaction, which has no CommitAsync to await.
        typeof(WriteScope).GetProperty(nameof(WriteScope.Transaction))!.PropertyType.ShouldBe(typeof(System.Data.IDbTransaction));
        typeof(WriteScope).GetMethod(nameof(WriteScope.Deconstruct))!.GetParameters()[1].ParameterType.GetElementType().ShouldBe(typeof(System.Data.IDbTransaction));
    }

    /// <summary>Who may commit otherwise, and why: each is no change to the register, or the scope itself.</summary>
    private static readonly Dictionary<string, Type[]> Allowed = new()
    {
        // A transaction's own commit: the scope's, the SQLite writer's transaction it wraps, and the schema migrations
        // (run before the service takes requests, on a connection of their own; the journal is their record).
        ["transaction commit"] = [typeof(WriteScope), typeof(WriteTransaction), typeof(MigrationRunner)],
        // Bookkeeping with no history: webhook deliveries and leases, the readiness probe's one-row commit, and the
        // answers kept for Idempotency-Keys (the change itself committed with its history) and their sweep.
        [nameof(WriteScope.CommitWithoutHistoryAsync)] = [typeof(RiskRegister.Api.Features.Webhooks.WebhookDispatcher), typeof(RiskRegister.Api.Features.Health.Ready.Endpoint),
            typeof(Idempotency), typeof(IdempotencySweeper)],
        // History rows are written by the scope's commit, so none is written beside a bare commit.
        [nameof(HistoryLog.RecordAsync)] = [typeof(WriteScope)],
    };

    [Fact]
    public void Nothing_in_the_service_commits_a_change_without_its_history()
    {
        var found = new List<string>();
        foreach (var (caller, callee) in Calls(typeof(WriteScope).Assembly))
        {
            var kind = callee.Name is "Commit" or "CommitAsync" && callee.DeclaringType!.IsAssignableTo(typeof(System.Data.IDbTransaction)) ? "transaction commit"
                : callee.DeclaringType == typeof(WriteScope) && callee.Name == nameof(WriteScope.CommitWithoutHistoryAsync) ? callee.Name
                : callee.DeclaringType == typeof(HistoryLog) && callee.Name == nameof(HistoryLog.RecordAsync) ? callee.Name
                : null;
            if (kind is not null && !Allowed[kind].Contains(caller))
                found.Add($"{caller.FullName} calls {callee.DeclaringType!.Name}.{callee.Name}");
        }
        found.Distinct().ShouldBeEmpty();
    }

    [Fact]
    public void The_scan_finds_the_calls_it_looks_for()
    {
        // Guards the test above against finding nothing: the calls it allows are there to be found.
        var calls = Calls(typeof(WriteScope).Assembly).ToList();
        calls.ShouldContain(c => c.Caller == typeof(MigrationRunner) && c.Callee.Name == "CommitAsync");
        calls.ShouldContain(c => c.Caller == typeof(RiskRegister.Api.Features.Webhooks.WebhookDispatcher) && c.Callee.Name == nameof(WriteScope.CommitWithoutHistoryAsync));
        calls.ShouldContain(c => c.Caller == typeof(RiskRegister.Api.Features.Risks.Change.Endpoint) && c.Callee.DeclaringType == typeof(WriteScope) && c.Callee.Name == nameof(WriteScope.CommitAsync));
    }

    /// <summary>
    /// Every method call in the assembly's IL, with the outermost type it is written in (a lambda's or an async method's
    /// compiler-made type counts as the type that holds it). A byte that only looks like a call opcode resolves to no
    /// method, or to one of no interest, so the scan may over-read but never misses a call.
    /// </summary>
    private static IEnumerable<(Type Caller, MethodBase Callee)> Calls(Assembly assembly)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetTypes())
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                var il = method.GetMethodBody()?.GetILAsByteArray();
                if (il is null) continue;
                for (var i = 0; i + 4 < il.Length; i++)
                {
                    if (il[i] is not (0x28 or 0x6F)) continue;   // call, callvirt
                    var token = BitConverter.ToInt32(il, i + 1);
                    if ((token >>> 24) is not (0x06 or 0x0A or 0x2B)) continue;   // MethodDef, MemberRef, MethodSpec
                    MethodBase? callee = null;
                    try
                    {
                        callee = method.Module.ResolveMethod(token,
                            type.IsGenericType ? type.GetGenericArguments() : null, method.IsGenericMethod ? method.GetGenericArguments() : null);
                    }
                    catch (ArgumentException) { }
                    catch (BadImageFormatException) { }
                    if (callee is not null) yield return (Outermost(type), callee);
                }
            }
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer) type = outer;
        return type;
    }
}
