using System.Collections;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// An open SQLite connection that <see cref="Db"/> lends out and takes back on dispose, keeping every statement it has
/// prepared. Parsing and planning SQL was the largest part of a simple request's cost (profiled with perf: sqlite3RunParser
/// and friends well ahead of running the query itself), and Microsoft.Data.Sqlite drops prepared statements whenever a command or connection closes.
/// Dapper is unchanged: its commands come from <see cref="CreateDbCommand"/>, which hands out a <see cref="CachedStatementCommand"/>.
/// </summary>
public sealed class PooledConnection : SqliteConnection
{
    /// <summary>Enough for every statement the service has, with room for the few built at run time.</summary>
    internal const int StatementCapacity = 256;

    private readonly SqliteDb _pool;
    private readonly Dictionary<string, SqliteCommand> _idleStatements = new(StringComparer.Ordinal);

    internal PooledConnection(string connectionString, SqliteDb pool) : base(connectionString) => _pool = pool;

    /// <summary>How many prepared statements wait for reuse (for tests).</summary>
    internal int CachedStatementCount => _idleStatements.Count;

    protected override DbCommand CreateDbCommand() => new CachedStatementCommand(this);

    /// <summary>A prepared command for <paramref name="sql"/>: the cached one when it is free, else a new one.</summary>
    internal SqliteCommand RentStatement(string sql)
    {
        if (_idleStatements.Remove(sql, out var cached)) return cached;
        var command = base.CreateCommand();
        // Microsoft.Data.Sqlite prepares each statement as it first runs and keeps it for the command's next run. No
        // Prepare() up front: in a script, a statement may need a table the statement before it creates.
        command.CommandText = sql;
        return command;
    }

    /// <summary>
    /// <paramref name="sql"/> (one statement) prepared on this connection once and kept, for a read through SQLitePCL
    /// itself, where Microsoft.Data.Sqlite's reader costs more than the rows (Features/History/Utf8HistoryRows). The caller
    /// resets it after each run (<see cref="KeptStatement.Reset"/>); it is finalized with the connection.
    /// </summary>
    internal KeptStatement RawStatement(string sql)
    {
        if (_rawStatements.TryGetValue(sql, out var statement)) return statement;
        SqliteException.ThrowExceptionForRC(SQLitePCL.raw.sqlite3_prepare_v3(Handle, sql, SQLitePCL.raw.SQLITE_PREPARE_PERSISTENT, out var prepared), Handle);
        return _rawStatements[sql] = new KeptStatement(prepared, Handle!);
    }

    private readonly Dictionary<string, KeptStatement> _rawStatements = new(StringComparer.Ordinal);

    /// <summary>
    /// Each statement of <paramref name="sql"/> prepared on this connection once and kept, in order, for
    /// <see cref="KeptReader"/>; finalized with the connection.
    /// </summary>
    internal KeptStatement[] RawStatements(string sql)
    {
        // The callers' texts are kept strings: found by reference first, without hashing and comparing the whole text.
        if (_rawByReference.TryGetValue(sql, out var kept)) return kept;
        if (_rawBatches.TryGetValue(sql, out kept))
        {
            if (_rawByReference.Count < RawByReferenceMost) _rawByReference[sql] = kept;
            return kept;
        }
        var statements = new List<KeptStatement>();
        try
        {
            for (var rest = sql; !string.IsNullOrWhiteSpace(rest);)
            {
                SqliteException.ThrowExceptionForRC(SQLitePCL.raw.sqlite3_prepare_v3(Handle, rest, SQLitePCL.raw.SQLITE_PREPARE_PERSISTENT, out var prepared, out rest), Handle);
                if (prepared.IsInvalid) { prepared.Dispose(); break; }   // only a comment was left
                statements.Add(new KeptStatement(prepared, Handle!));
            }
        }
        catch
        {
            foreach (var statement in statements) statement.Handle.Dispose();
            throw;
        }
        kept = _rawBatches[sql] = [.. statements];
        if (_rawByReference.Count < RawByReferenceMost) _rawByReference[sql] = kept;
        return kept;
    }

    private readonly Dictionary<string, KeptStatement[]> _rawBatches = new(StringComparer.Ordinal);

    // The same statements by the text's reference; bounded, so texts built anew for each call cannot fill it.
    private readonly Dictionary<string, KeptStatement[]> _rawByReference = new(ReferenceEqualityComparer.Instance);
    private const int RawByReferenceMost = 64;

    /// <summary>Whether the statements of <paramref name="sql"/> are kept (for tests).</summary>
    internal bool Keeps(string sql) => _rawBatches.ContainsKey(sql);

    /// <summary>How many texts are found by reference (for tests).</summary>
    internal int KeptByReference => _rawByReference.Count;

    /// <summary>How many statements are kept for SQLitePCL reads (for tests).</summary>
    internal int KeptStatementCount => _rawStatements.Count + _rawBatches.Values.Sum(batch => batch.Length);

    internal void ReturnStatement(SqliteCommand command, bool usable)
    {
        command.Parameters.Clear();
        command.Transaction = null;
        if (usable && State == ConnectionState.Open && _idleStatements.Count < StatementCapacity && _idleStatements.TryAdd(command.CommandText, command))
            return;
        command.Dispose();
    }

    /// <summary>Whether a transaction was left open (a caller that neither committed nor disposed it).</summary>
    internal bool InTransaction => SQLitePCL.raw.sqlite3_get_autocommit(Handle) == 0;

    /// <summary>The writer connection: lent by <see cref="Db.BeginWriteAsync"/>, and given back by its transaction.</summary>
    internal bool IsWriter { get; set; }

    protected override void Dispose(bool disposing)
    {
        // The write transaction gives the writer back (SqliteDb.EndWrite); the caller's dispose of the connection is a no-op.
        if (disposing && IsWriter && State == ConnectionState.Open) return;
        if (disposing && State == ConnectionState.Open && _pool.TryReturn(this))
            return;
        DisposeStatements();
        base.Dispose(disposing);
    }

    /// <summary>Really closes the connection (the pool is full or shutting down).</summary>
    internal void Discard()
    {
        IsWriter = false;
        DisposeStatements();
        base.Dispose(true);
    }

    private void DisposeStatements()
    {
        foreach (var statement in _idleStatements.Values) statement.Dispose();
        _idleStatements.Clear();
        foreach (var statement in _rawStatements.Values) statement.Handle.Dispose();
        _rawStatements.Clear();
        foreach (var statement in _rawBatches.Values.SelectMany(batch => batch)) statement.Handle.Dispose();
        _rawBatches.Clear();
        _rawByReference.Clear();
    }
}

/// <summary>
/// What Dapper gets from <see cref="PooledConnection"/>: it collects the text and parameters as any command does, and on
/// execution borrows the connection's prepared statement for that text instead of preparing it again.
/// </summary>
public sealed class CachedStatementCommand(PooledConnection connection) : DbCommand
{
    private readonly ParameterList _parameters = new();
    private SqliteCommand? _statement;
    private bool _failed;

    [AllowNull]
    public override string CommandText { get; set; } = "";
    public override int CommandTimeout { get; set; } = connection.DefaultTimeout;
    public override CommandType CommandType { get; set; } = CommandType.Text;
    public override bool DesignTimeVisible { get; set; }
    public override UpdateRowSource UpdatedRowSource { get; set; }
    protected override DbConnection? DbConnection { get => connection; set => throw new NotSupportedException("A cached statement stays on its connection."); }
    protected override DbParameterCollection DbParameterCollection => _parameters;
    protected override DbTransaction? DbTransaction { get; set; }

    public override void Cancel() => _statement?.Cancel();
    public override void Prepare() { }
    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Run(s => s.ExecuteReader(behavior));
    public override int ExecuteNonQuery() => Run(s => s.ExecuteNonQuery());
    public override object? ExecuteScalar() => Run(s => s.ExecuteScalar());

    private T Run<T>(Func<SqliteCommand, T> execute)
    {
        if (CommandType != CommandType.Text) throw new NotSupportedException("SQLite runs text commands only.");
        // The same command may run again (Dapper does, for a list of parameter sets); the text may have changed since.
        if (_statement is not null && _statement.CommandText != CommandText) Release();
        _statement ??= connection.RentStatement(CommandText);
        _statement.Transaction = DbTransaction switch
        {
            WriteTransaction write => write.Inner,
            var other => (SqliteTransaction?)other,
        };
        _statement.CommandTimeout = CommandTimeout;
        _statement.Parameters.Clear();
        // Dapper names parameters without their prefix ("id" for @id). Microsoft.Data.Sqlite then looks each name up four
        // times per run (as given, then with @, $ and :, to refuse an ambiguous one), converting every candidate to UTF-8.
        // A statement with no $ or : at all can only mean @id: named so, it is found at the first look-up.
        var onlyAt = CommandText.AsSpan().IndexOfAny(':', '$') < 0;
        foreach (var parameter in _parameters.Items)
        {
            if (onlyAt && parameter.ParameterName is { Length: > 0 } name && name[0] is not ('@' or '$' or ':'))
                parameter.ParameterName = AtName(name);
            _statement.Parameters.Add(parameter);
        }
        try
        {
            return execute(_statement);
        }
        catch
        {
            // A statement that failed is not worth trusting again: prepare it afresh next time.
            _failed = true;
            throw;
        }
    }

    // The service's parameter names are few (those of its statements): each prefixed once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> AtNames = new(StringComparer.Ordinal);

    private static string AtName(string name) =>
        AtNames.TryGetValue(name, out var known) ? known : AtNames.Count < 4096 ? AtNames.GetOrAdd(name, n => "@" + n) : "@" + name;

    private void Release()
    {
        if (_statement is null) return;
        connection.ReturnStatement(_statement, usable: !_failed);
        _statement = null;
        _failed = false;
    }

    /// <summary>Dapper disposes the command after the reader, so the statement is reset and free again here.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing) Release();
        base.Dispose(disposing);
    }

    /// <summary>The parameters as Dapper adds them; copied onto the prepared statement when it runs.</summary>
    private sealed class ParameterList : DbParameterCollection
    {
        public readonly List<SqliteParameter> Items = [];

        public override int Count => Items.Count;
        public override object SyncRoot => Items;
        public override int Add(object value) { Items.Add((SqliteParameter)value); return Items.Count - 1; }
        public override void AddRange(Array values) { foreach (var value in values) Add(value!); }
        public override void Clear() => Items.Clear();
        public override bool Contains(object value) => value is SqliteParameter p && Items.Contains(p);
        public override bool Contains(string value) => IndexOf(value) >= 0;
        public override void CopyTo(Array array, int index) => ((ICollection)Items).CopyTo(array, index);
        public override IEnumerator GetEnumerator() => Items.GetEnumerator();
        public override int IndexOf(object value) => value is SqliteParameter p ? Items.IndexOf(p) : -1;
        // A parameter may have been given its @ when it ran (CachedStatementCommand.Run): "id" still finds "@id".
        public override int IndexOf(string parameterName) => Items.FindIndex(p => p.ParameterName == parameterName
            || p.ParameterName.Length == parameterName.Length + 1 && p.ParameterName[0] == '@' && p.ParameterName.AsSpan(1).SequenceEqual(parameterName));
        public override void Insert(int index, object value) => Items.Insert(index, (SqliteParameter)value);
        public override void Remove(object value) => Items.Remove((SqliteParameter)value);
        public override void RemoveAt(int index) => Items.RemoveAt(index);
        public override void RemoveAt(string parameterName) => Items.RemoveAt(IndexOf(parameterName));
        protected override DbParameter GetParameter(int index) => Items[index];
        protected override DbParameter GetParameter(string parameterName) => Items[IndexOf(parameterName)];
        protected override void SetParameter(int index, DbParameter value) => Items[index] = (SqliteParameter)value;
        protected override void SetParameter(string parameterName, DbParameter value) => Items[IndexOf(parameterName)] = (SqliteParameter)value;
    }
}

/// <summary>
/// A statement a <see cref="PooledConnection"/> keeps prepared (<see cref="PooledConnection.RawStatement"/>), with its
/// 64-bit parameters bound by name (its limit, if any, through <see cref="Paging.Limit"/>: a bare <c>LIMIT @n</c> bound
/// again would make SQLite prepare the statement anew at the next step).
/// </summary>
internal sealed class KeptStatement(SQLitePCL.sqlite3_stmt handle, SQLitePCL.sqlite3 connection)
{
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);

    public SQLitePCL.sqlite3_stmt Handle => handle;

    /// <summary>Whether the statement has the parameter <paramref name="name"/> (<c>@id</c>).</summary>
    public bool Binds(string name)
    {
        if (!_indexes.TryGetValue(name, out var index)) _indexes[name] = index = SQLitePCL.raw.sqlite3_bind_parameter_index(handle, name);
        return index > 0;
    }

    /// <summary>Binds <paramref name="value"/> (null as NULL) to the parameter <paramref name="name"/> (<c>@id</c>).</summary>
    public void Bind(string name, long? value)
    {
        if (!_indexes.TryGetValue(name, out var index)) _indexes[name] = index = SQLitePCL.raw.sqlite3_bind_parameter_index(handle, name);
        var rc = value is { } number ? SQLitePCL.raw.sqlite3_bind_int64(handle, index, number) : SQLitePCL.raw.sqlite3_bind_null(handle, index);
        SqliteException.ThrowExceptionForRC(rc, connection);
    }

    /// <summary>Ends a run (the statement's read of the database ends with it); the bound values stay for the next.</summary>
    public void Reset() => SQLitePCL.raw.sqlite3_reset(handle);
}
