using System.Globalization;
using System.Text.Json;

namespace RiskRegister.Api.Features.Risks;

/// <summary>
/// A risk's JSON written by hand, member by member in the order and spelling the API's serializer gives
/// <see cref="RiskView"/> (camelCase names, enums as the contract spells them, dates as YYYY-MM-DD, every null written):
/// the same bytes without the serializer's per-member metadata walk, for the hottest read (<c>GET /risks/{id}</c>).
/// <c>RiskJsonTests</c> compares it with the serializer for every kind of risk, so a member added to a view and not
/// here fails there. Our own writer beside the library's serializer, on a measurement: most of read-risk's 9–13 % less
/// server CPU (bench/README.md, "The request pipeline and read-risk's JSON (issue 28, fourth round)").
/// </summary>
public static class RiskJson
{
    private static JsonEncodedText Name(string name) => JsonEncodedText.Encode(name, ApiJson.Options.Encoder);

    private static readonly JsonEncodedText Id = Name("id"), PlanId = Name("planId"), Title = Name("title"), Description = Name("description"),
        Probability = Name("probability"), Consequence = Name("consequence"), Consequences = Name("consequences"), Score = Name("score"),
        Level = Name("level"), HandlingMethod = Name("handlingMethod"), Motivation = Name("motivation"), Category = Name("category"),
        Owner = Name("owner"), Goal = Name("goal"), GoalIds = Name("goalIds"), CopiedFromRiskId = Name("copiedFromRiskId"),
        AddedInRevision = Name("addedInRevision"), AdoptedScore = Name("adoptedScore"), Activities = Name("activities"),
        FollowUp1 = Name("followUp1"), FollowUp2 = Name("followUp2"), Secrecy = Name("secrecy"), CreatedAt = Name("createdAt"),
        UpdatedAt = Name("updatedAt"), RiskId = Name("riskId"), Measure = Name("measure"), Due = Name("due"),
        Responsible = Name("responsible"), Status = Name("status"), CarriedOver = Name("carriedOver"),
        HandlingStatus = Name("handlingStatus"), Observations = Name("observations"), Events = Name("events"), Trend = Name("trend"),
        RecordedAt = Name("recordedAt"), Result = Name("result"), ImprovementAreas = Name("improvementAreas"),
        FinalMotivation = Name("finalMotivation"), FinalScore = Name("finalScore"), Ground = Name("ground"), Note = Name("note"),
        MarkedAt = Name("markedAt"), MarkedBy = Name("markedBy");

    public static void Write(Utf8JsonWriter json, RiskView risk)
    {
        json.WriteStartObject();
        json.WriteNumber(Id, risk.Id);
        json.WriteNumber(PlanId, risk.PlanId);
        json.WriteString(Title, risk.Title);
        json.WriteString(Description, risk.Description);
        json.WriteNumber(Probability, risk.Probability);
        json.WriteNumber(Consequence, risk.Consequence);
        if (risk.Consequences is { } areas)
        {
            json.WriteStartObject(Consequences);
            foreach (var (area, value) in areas) json.WriteNumber(area, value);
            json.WriteEndObject();
        }
        else json.WriteNull(Consequences);
        json.WriteNumber(Score, risk.Score);
        json.WriteString(Level, risk.Level.ToApi());
        json.WriteString(HandlingMethod, risk.HandlingMethod.ToApi());
        json.WriteString(Motivation, risk.Motivation);
        json.WriteString(Category, risk.Category);
        json.WriteString(Owner, risk.Owner);
        json.WriteString(Goal, risk.Goal);
        json.WriteStartArray(GoalIds);
        foreach (var goalId in risk.GoalIds) json.WriteNumberValue(goalId);
        json.WriteEndArray();
        Number(json, CopiedFromRiskId, risk.CopiedFromRiskId);
        Number(json, AddedInRevision, risk.AddedInRevision);
        Number(json, AdoptedScore, risk.AdoptedScore);
        json.WriteStartArray(Activities);
        foreach (var activity in risk.Activities) Write(json, activity);
        json.WriteEndArray();
        if (risk.FollowUp1 is { } round1) Write(json, round1); else json.WriteNull(FollowUp1);
        if (risk.FollowUp2 is { } round2) Write(json, round2); else json.WriteNull(FollowUp2);
        if (risk.Secrecy is { } secrecy) Write(json, secrecy); else json.WriteNull(Secrecy);
        json.WriteString(CreatedAt, risk.CreatedAt);
        json.WriteString(UpdatedAt, risk.UpdatedAt);
        json.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter json, ActivityView activity)
    {
        json.WriteStartObject();
        json.WriteNumber(Id, activity.Id);
        json.WriteNumber(RiskId, activity.RiskId);
        json.WriteString(Description, activity.Description);
        json.WriteString(Measure, activity.Measure);
        WriteDate(json, Due, activity.Due);
        json.WriteString(Responsible, activity.Responsible);
        json.WriteString(Status, activity.Status.ToApi());
        json.WriteBoolean(CarriedOver, activity.CarriedOver);
        json.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter json, FollowUp1View round1)
    {
        json.WriteStartObject(FollowUp1);
        json.WriteString(HandlingStatus, round1.HandlingStatus.ToApi());
        json.WriteString(Observations, round1.Observations);
        json.WriteString(Events, round1.Events);
        json.WriteNumber(Probability, round1.Probability);
        json.WriteNumber(Consequence, round1.Consequence);
        json.WriteNumber(Score, round1.Score);
        json.WriteString(Level, round1.Level.ToApi());
        json.WriteString(Trend, round1.Trend.ToApi());
        json.WriteString(RecordedAt, round1.RecordedAt);
        json.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter json, FollowUp2View round2)
    {
        json.WriteStartObject(FollowUp2);
        json.WriteString(Result, round2.Result);
        json.WriteString(ImprovementAreas, round2.ImprovementAreas);
        json.WriteString(FinalMotivation, round2.FinalMotivation);
        json.WriteNumber(Probability, round2.Probability);
        json.WriteNumber(Consequence, round2.Consequence);
        json.WriteNumber(FinalScore, round2.FinalScore);
        json.WriteString(Level, round2.Level.ToApi());
        json.WriteString(Trend, round2.Trend.ToApi());
        json.WriteString(RecordedAt, round2.RecordedAt);
        json.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter json, SecrecyView secrecy)
    {
        json.WriteStartObject(Secrecy);
        json.WriteString(Ground, secrecy.Ground);
        json.WriteString(Note, secrecy.Note);
        json.WriteString(MarkedAt, secrecy.MarkedAt);
        json.WriteString(MarkedBy, secrecy.MarkedBy);
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, JsonEncodedText name, long? value)
    {
        if (value is { } number) json.WriteNumber(name, number); else json.WriteNull(name);
    }

    private static readonly JsonEncodedText DecisionDate = JsonEncodedText.Encode("date"), DecisionParagraph = JsonEncodedText.Encode("paragraph"),
        DecisionCaseNumber = JsonEncodedText.Encode("caseNumber");

    /// <summary>A plan's decision as the API's serializer writes it (the summary's plan and a status row), or null.</summary>
    internal static void WriteDecision(Utf8JsonWriter json, JsonEncodedText name, Plans.Decision? decision)
    {
        if (decision is null)
        {
            json.WriteNull(name);
            return;
        }
        json.WriteStartObject(name);
        WriteDate(json, DecisionDate, decision.Date);
        json.WriteString(DecisionParagraph, decision.Paragraph);
        json.WriteString(DecisionCaseNumber, decision.CaseNumber);
        json.WriteEndObject();
    }

    /// <summary>A date as the API's serializer writes it (<c>yyyy-MM-dd</c>), without a string in between.</summary>
    internal static void WriteDate(Utf8JsonWriter json, JsonEncodedText name, DateOnly date)
    {
        Span<char> text = stackalloc char[10];
        date.TryFormat(text, out var written, "O", CultureInfo.InvariantCulture);
        json.WriteString(name, text[..written]);
    }
}
