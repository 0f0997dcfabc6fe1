namespace RiskRegister.Bench;

/// <summary>
/// The API keys the generated register knows, so the load generator can authenticate.
/// Only for generated benchmark databases: never use these keys on a real register.
/// </summary>
internal static class BenchKeys
{
    public const string Admin = "bench-admin-key-not-for-production";
    public const string Registrator = "bench-registrator-key-not-for-production";
    public const string Auditor = "bench-auditor-key-not-for-production";
    public const string System = "bench-system-key-not-for-production";
    public const long RegistratorId = 2;

    public static readonly (long Id, string Role, string Key)[] All =
        [(1, "admin", Admin), (RegistratorId, "registrator", Registrator), (3, "auditor", Auditor), (4, "system", System)];
}
