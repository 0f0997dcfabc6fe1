using System.Text.Json;
using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Reports.FollowUpStatus;

/// <summary>
/// A page of follow-up status written by hand, member by member in the order and spelling the API's serializer gives
/// <see cref="Response"/> (camelCase names, enums as the contract spells them, dates as YYYY-MM-DD, every null written),
/// as <see cref="Risks.RiskJson"/> does for a risk: the same bytes without the serializer's per-member metadata walk, for
/// one unit's status page (bench/README.md, "Reads on SQLite (issue 28, fifth round)"). <c>StatusJsonTests</c> compares
/// it with the serializer for random pages and for pages read through the API, so a member added to the answer and not
/// here fails there.
/// </summary>
public static class StatusJson
{
    private static JsonEncodedText Name(string name) => JsonEncodedText.Encode(name, ApiJson.Options.Encoder);

    private static readonly JsonEncodedText Today = Name("today"), Items = Name("items"), NextCursor = Name("nextCursor"),
        PlanId = Name("planId"), UnitId = Name("unitId"), UnitName = Name("unitName"), BoardName = Name("boardName"), Year = Name("year"),
        Status = Name("status"), Decision = Name("decision"), Round1 = Name("round1"), Round2 = Name("round2"), Date = Name("date"),
        Paragraph = Name("paragraph"), CaseNumber = Name("caseNumber"), Done = Name("done"), Total = Name("total"), Due = Name("due"),
        RecordedAt = Name("recordedAt"), Reported = Name("reported"), Complete = Name("complete"), Late = Name("late"),
        Overdue = Name("overdue"), Controls = Name("controls");

    public static void Write(Utf8JsonWriter json, Response page)
    {
        json.WriteStartObject();
        RiskJson.WriteDate(json, Today, page.Today);
        json.WriteStartArray(Items);
        foreach (var row in page.Items) Write(json, row);
        json.WriteEndArray();
        if (page.NextCursor is { } cursor) json.WriteNumber(NextCursor, cursor); else json.WriteNull(NextCursor);
        json.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter json, FollowUpStatusRow row)
    {
        json.WriteStartObject();
        json.WriteNumber(PlanId, row.PlanId);
        json.WriteNumber(UnitId, row.UnitId);
        json.WriteString(UnitName, row.UnitName);
        json.WriteString(BoardName, row.BoardName);
        json.WriteNumber(Year, row.Year);
        json.WriteString(Status, row.Status.ToApi());
        RiskJson.WriteDecision(json, Decision, row.Decision);
        Write(json, Round1, row.Round1);
        Write(json, Round2, row.Round2);
        json.WriteEndObject();
    }

    /// <summary>One round's status as the member <paramref name="name"/> (also the summary's plan's <c>round1</c>, <c>round2</c>).</summary>
    internal static void Write(Utf8JsonWriter json, JsonEncodedText name, RoundStatus round)
    {
        json.WriteStartObject(name);
        json.WriteNumber(Done, round.Done);
        json.WriteNumber(Total, round.Total);
        RiskJson.WriteDate(json, Due, round.Due);
        json.WriteString(RecordedAt, round.RecordedAt);
        if (round.Reported is { } reported)
        {
            json.WriteStartObject(Reported);
            RiskJson.WriteDate(json, Date, reported.Date);
            json.WriteString(Paragraph, reported.Paragraph);
            json.WriteString(CaseNumber, reported.CaseNumber);
            json.WriteBoolean(Complete, reported.Complete);
            json.WriteEndObject();
        }
        else json.WriteNull(Reported);
        json.WriteBoolean(Late, round.Late);
        json.WriteBoolean(Overdue, round.Overdue);
        json.WriteStartObject(Controls);
        json.WriteNumber(Done, round.Controls.Done);
        json.WriteNumber(Total, round.Controls.Total);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
