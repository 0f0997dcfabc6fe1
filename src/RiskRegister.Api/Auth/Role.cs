namespace RiskRegister.Api.Auth;

/// <summary>Role names as endpoints declare them, and the groups most endpoints use: <c>Roles(Role.Writers)</c>.</summary>
public static class Role
{
    public const string Admin = "admin";
    public const string Registrator = "registrator";
    public const string Auditor = "auditor";
    public const string System = "system";

    /// <summary>May write plans, risks, activities and follow-ups (registrators within their units).</summary>
    public static readonly string[] Writers = [Admin, Registrator];

    /// <summary>May read plans, risks and history.</summary>
    public static readonly string[] Readers = [Admin, Registrator, Auditor];

    /// <summary>May read the generated reports: summary, matrix, follow-up status, assessment.</summary>
    public static readonly string[] ReportReaders = [Admin, Registrator, Auditor, System];
}
