namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// The register's files hold key hashes and webhook secrets: they are created readable and writable by the service's
/// user alone (<c>0600</c>), whatever the umask. SQLite gives the WAL and shared-memory files the database file's own
/// mode, so creating the database file this way covers them too. An existing file keeps the mode its operator gave it.
/// </summary>
public static class PrivateFile
{
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> empty with mode 0600 unless it exists (an empty file is an empty SQLite database).</summary>
    public static void CreateIfMissing(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path)) return;
        try
        {
            using var _ = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = Mode });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another instance created it first.
        }
    }
}
