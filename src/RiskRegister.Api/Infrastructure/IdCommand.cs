using System.Data.Common;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// A command whose parameters are all ids (or null), for the hottest reads, which read their rows by ordinal: what
/// Dapper's <c>ExecuteReaderAsync</c> adds around the same command (the parameters' reflection cache looked up by the
/// statement's text and the argument's type, and a wrapping reader) is then all it does. Parameters are named and typed
/// as Dapper names and types a <c>long?</c> (no prefix, <see cref="DbType.Int64"/>, null as <see cref="DBNull"/>), so
/// the statement runs the same on both databases (on SQLite as <see cref="PooledConnection"/>'s prepared statement).
/// Dispose the reader before the command: the command gives its prepared statement back.
/// </summary>
internal static class IdCommand
{
    public static DbCommand Create(IDbConnection connection, IDbTransaction? transaction, string sql, string name, long? value)
    {
        var command = (DbCommand)connection.CreateCommand();
        command.CommandText = sql;
        ((IDbCommand)command).Transaction = transaction;   // as Dapper sets it
        Add(command, name, value);
        return command;
    }

    public static void Add(DbCommand command, string name, long? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = DbType.Int64;
        parameter.Value = value is { } id ? id : (object)DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
