using System.Text.Json;
using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Reports.Summary;

/// <summary>
/// The summary's JSON written by hand, member by member in the order and spelling the API's serializer gives
/// <see cref="Response"/>: its risks through <see cref="RiskJson"/>, its figures here, and the members that are one object
/// or few (the plan, the controls, the goals) through the serializer. The same bytes without the serializer's per-member
/// metadata walk over every risk, activity, follow-up and matrix cell. <c>SummaryJsonTests</c> compare it with the
/// serializer for every demo plan, in full and redacted, and for random figures, so a member added to the summary and not here
/// fails there. Our own writer beside the library's serializer, on a measurement (bench/README.md, "The summary on
/// SQLite (issue 28, fifth round)").
/// </summary>
public static class SummaryJson
{
    private static JsonEncodedText Name(string name) => JsonEncodedText.Encode(name, ApiJson.Options.Encoder);

    private static readonly JsonEncodedText Plan = Name("plan"), Risks = Name("risks"), Controls = Name("controls"),
        CountsByLevel = Name("countsByLevel"), CountsByMethod = Name("countsByMethod"), Matrix = Name("matrix"), LowerRisks = Name("lowerRisks"),
        FollowUps = Name("followUps"), Changes = Name("changes"), ByGoal = Name("byGoal"), GeneratedAt = Name("generatedAt"),
        Green = Name("green"), Yellow = Name("yellow"), Red = Name("red"), None = Name("none"), Bevakning = Name("bevakning"),
        Granskning = Name("granskning"), Atgard = Name("atgard"), Probability = Name("probability"), Consequence = Name("consequence"),
        Score = Name("score"), Level = Name("level"), Count = Name("count"), Id = Name("id"), Title = Name("title"), Motivation = Name("motivation"),
        Round1 = Name("round1"), Round2 = Name("round2"), ControlsRound1 = Name("controlsRound1"), ControlsRound2 = Name("controlsRound2"),
        Done = Name("done"), Total = Name("total"), Complete = Name("complete"), RiskId = Name("riskId"), From = Name("from"), To = Name("to"),
        Trend = Name("trend"), Steps = Name("steps"), Stage = Name("stage"), UnitId = Name("unitId"), UnitName = Name("unitName"),
        BoardName = Name("boardName"), Year = Name("year"), DocumentTitle = Name("documentTitle"), Introduction = Name("introduction"),
        Process = Name("process"), FollowUpDecision = Name("followUpDecision"), Status = Name("status"), Decision = Name("decision"),
        Scale = Name("scale"), ActivitiesRequiredFor = Name("activitiesRequiredFor"), Revisions = Name("revisions");

    // A scale's JSON, written once per scale: the plans of a register share a few (PlanHeader.ReadScale keeps one object
    // per stored text), and each is a dozen members and labels for the serializer to walk on every summary.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Domain.Scale, byte[]> ScaleJson = new();

    /// <summary>How the summary's writer writes: as the serializer's, with the API's encoder.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = ApiJson.Options.Encoder };

    public static void Write(Utf8JsonWriter json, Response summary)
    {
        json.WriteStartObject();
        json.WritePropertyName(Plan);
        Write(json, summary.Plan);
        json.WriteStartArray(Risks);
        foreach (var risk in summary.Risks) RiskJson.Write(json, risk);
        json.WriteEndArray();
        json.WritePropertyName(Controls);
        JsonSerializer.Serialize(json, summary.Controls, ApiJson.Options);
        json.WriteStartObject(CountsByLevel);
        json.WriteNumber(Green, summary.CountsByLevel.Green);
        json.WriteNumber(Yellow, summary.CountsByLevel.Yellow);
        json.WriteNumber(Red, summary.CountsByLevel.Red);
        json.WriteEndObject();
        json.WriteStartObject(CountsByMethod);
        json.WriteNumber(None, summary.CountsByMethod.None);
        json.WriteNumber(Bevakning, summary.CountsByMethod.Bevakning);
        json.WriteNumber(Granskning, summary.CountsByMethod.Granskning);
        json.WriteNumber(Atgard, summary.CountsByMethod.Atgard);
        json.WriteEndObject();
        json.WriteStartArray(Matrix);
        foreach (var cell in summary.Matrix)
        {
            json.WriteStartObject();
            json.WriteNumber(Probability, cell.Probability);
            json.WriteNumber(Consequence, cell.Consequence);
            json.WriteNumber(Score, cell.Score);
            json.WriteString(Level, cell.Level.ToApi());
            json.WriteNumber(Count, cell.Count);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray(LowerRisks);
        foreach (var risk in summary.LowerRisks)
        {
            json.WriteStartObject();
            json.WriteNumber(Id, risk.Id);
            json.WriteString(Title, risk.Title);
            json.WriteNumber(Probability, risk.Probability);
            json.WriteNumber(Consequence, risk.Consequence);
            json.WriteNumber(Score, risk.Score);
            json.WriteString(Level, risk.Level.ToApi());
            json.WriteString(Motivation, risk.Motivation);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject(FollowUps);
        Write(json, Round1, summary.FollowUps.Round1);
        Write(json, Round2, summary.FollowUps.Round2);
        Write(json, ControlsRound1, summary.FollowUps.ControlsRound1);
        Write(json, ControlsRound2, summary.FollowUps.ControlsRound2);
        json.WriteEndObject();
        json.WriteStartArray(Changes);
        foreach (var change in summary.Changes)
        {
            json.WriteStartObject();
            json.WriteNumber(RiskId, change.RiskId);
            json.WriteString(Title, change.Title);
            Write(json, From, change.From);
            Write(json, To, change.To);
            json.WriteString(Trend, change.Trend.ToApi());
            json.WriteStartArray(Steps);
            foreach (var step in change.Steps)
            {
                json.WriteStartObject();
                json.WriteString(Stage, step.Stage);
                Write(json, From, step.From);
                Write(json, To, step.To);
                json.WriteString(Trend, step.Trend.ToApi());
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WritePropertyName(ByGoal);
        JsonSerializer.Serialize(json, summary.ByGoal, ApiJson.Options);
        json.WriteString(GeneratedAt, summary.GeneratedAt);
        json.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter json, SummaryPlan plan)
    {
        json.WriteStartObject();
        json.WriteNumber(Id, plan.Id);
        json.WriteNumber(UnitId, plan.UnitId);
        json.WriteString(UnitName, plan.UnitName);
        json.WriteString(BoardName, plan.BoardName);
        json.WriteNumber(Year, plan.Year);
        json.WriteString(Title, plan.Title);
        json.WriteString(DocumentTitle, plan.DocumentTitle);
        json.WriteString(Introduction, plan.Introduction);
        json.WriteString(Process, plan.Process);
        json.WriteString(FollowUpDecision, plan.FollowUpDecision);
        json.WriteString(Status, plan.Status.ToApi());
        RiskJson.WriteDecision(json, Decision, plan.Decision);
        json.WritePropertyName(Scale);
        json.WriteRawValue(ScaleJson.GetValue(plan.Scale, scale => JsonSerializer.SerializeToUtf8Bytes(scale, ApiJson.Options)), skipInputValidation: true);
        json.WriteStartArray(ActivitiesRequiredFor);
        foreach (var method in plan.ActivitiesRequiredFor) json.WriteStringValue(method.ToApi());
        json.WriteEndArray();
        json.WritePropertyName(Revisions);
        if (plan.Revisions.Count == 0)
        {
            json.WriteStartArray();
            json.WriteEndArray();
        }
        else JsonSerializer.Serialize(json, plan.Revisions, ApiJson.Options);
        if (plan.Round1 is { } round1) FollowUpStatus.StatusJson.Write(json, Round1, round1); else json.WriteNull(Round1);
        if (plan.Round2 is { } round2) FollowUpStatus.StatusJson.Write(json, Round2, round2); else json.WriteNull(Round2);
        json.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter json, JsonEncodedText name, RoundProgress round)
    {
        json.WriteStartObject(name);
        json.WriteNumber(Done, round.Done);
        json.WriteNumber(Total, round.Total);
        json.WriteBoolean(Complete, round.Complete);
        json.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter json, JsonEncodedText name, ValueView value)
    {
        json.WriteStartObject(name);
        json.WriteNumber(Probability, value.Probability);
        json.WriteNumber(Consequence, value.Consequence);
        json.WriteNumber(Score, value.Score);
        json.WriteString(Level, value.Level.ToApi());
        json.WriteEndObject();
    }
}
