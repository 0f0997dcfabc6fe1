namespace RiskRegister.Api.Infrastructure.OpenApi;

/// <summary>
/// The member is a UTC timestamp as stored and sent (<c>2023-04-26T09:15:00.000Z</c>, see <see cref="Clock"/>):
/// described as <c>format: date-time</c>. Kept as text so the stored form, with its one precision, is what clients get.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TimestampAttribute : Attribute;
