namespace RiskRegister.Api.Demo;

/// <summary>A nämnd and the plans of its förvaltningar, as the demo loader writes them and the tests post them.</summary>
public sealed record DemoBoard(string Name, IReadOnlyList<DemoPlan> Plans);

public sealed record DemoPlan(string UnitName, int Year, DemoDecision Decision, IReadOnlyList<DemoRisk> Risks);

public sealed record DemoDecision(DateOnly Date, string Paragraph, string CaseNumber);

public sealed record DemoRisk(
    string Title,
    string Description,
    int Probability,
    int Consequence,
    HandlingMethod HandlingMethod,
    string? Motivation,
    string? Category,
    string? Owner,
    string? Goal,
    IReadOnlyList<DemoActivity> Activities,
    DemoRound1? Round1,
    DemoRound2? Round2);

public sealed record DemoActivity(string Description, string Measure, DateOnly Due, string? Responsible, HandlingStatus Status);

public sealed record DemoRound1(HandlingStatus HandlingStatus, string Observations, string Events, int Probability, int Consequence);

public sealed record DemoRound2(string Result, string ImprovementAreas, string FinalMotivation, int Probability, int Consequence);

/// <summary>
/// The design's seed case, defined once: NORV (Nämnden för operativ regiongemensam verksamhet) adopted two plans for
/// 2023 on 2023-04-26 § 12 (2023-POL000381), one per förvaltning. The figures the auditors quote (seed 002) are kept
/// exactly: Digitalisering IT och MT has 5 risks, 1 granskning and 4 bevakning, and "Förflyttning från systemleverans
/// till tjänsteleverans" goes 6 (3×2) → 9 (3×3) → 9; Medicinsk service has 13 low (yellow or green) risks with no method,
/// and "Aktivitet säker kemikaliehantering" goes 6 (2×3) → 9 (3×3) → 9. Digitalisering has finished both follow-ups;
/// Medicinsk service has not finished uppföljning 1 ("ej klar" in the minutes of seed 000). The other risks are
/// invented from what the seeds say about the förvaltningar.
/// </summary>
public static class SeedCase
{
    public const string BoardName = "Nämnden för operativ regiongemensam verksamhet";
    public const string Digitalisering = "Digitalisering IT och MT";
    public const string MedicinskService = "Medicinsk service";
    public const string Tjansteleverans = "Förflyttning från systemleverans till tjänsteleverans";
    public const string Kemikaliehantering = "Aktivitet säker kemikaliehantering";

    /// <summary>Region Skåne's five overall goals, in the order seed 003 lists them.</summary>
    public static readonly IReadOnlyList<string> OverallGoals =
        ["Bättre liv och hälsa för fler", "Tillgänglighet och kvalitet", "Hållbar utveckling i hela Skåne", "Attraktiv arbetsgivare, professionell verksamhet", "Långsiktigt stark ekonomi"];

    private const string StarkEkonomi = "Långsiktigt stark ekonomi";
    private const string Kvalitet = "Tillgänglighet och kvalitet";
    private const string Arbetsgivare = "Attraktiv arbetsgivare, professionell verksamhet";
    private const string Halsa = "Bättre liv och hälsa för fler";

    public static readonly DemoDecision Decision = new(new DateOnly(2023, 4, 26), "§ 12", "2023-POL000381");

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private const string LowRisk = "Låg risk. Följs löpande i förvaltningens ledningsgrupp utan särskild hanteringsmetod.";

    public static readonly DemoPlan DigitaliseringPlan = new(Digitalisering, 2023, Decision,
    [
        new(Tjansteleverans,
            "Förvaltningen ställer om från att leverera enskilda system till att leverera tjänster med avtalad nivå. Otydliga roller och ansvar under omställningen kan ge störningar i leveransen till vården.",
            3, 2, HandlingMethod.Granskning,
            "Omställningen berör hela förvaltningens leverans till vården. Granskning av tjänstekatalog och leveransprocess visar om införandet av ITIL ger avsedd effekt.",
            "Verksamhet", "Förvaltningschef", Kvalitet,
            [
                new("Granska införandet av ITIL-baserad tjänstekatalog och leveransprocess",
                    "Tjänstekatalog fastställd och minst 80 % av tjänsterna beskrivna med leveransnivå", D(2023, 11, 30), "Enhetschef tjänsteleverans", HandlingStatus.Done),
            ],
            new(HandlingStatus.InProgress,
                "Tjänstekatalogen är påbörjad men flera tjänster saknar avtalad leveransnivå.",
                "Införandet av ITIL och beslut om ny styr- och ansvarsmodell. Omställningen tar längre tid än planerat och påverkar fler enheter än väntat.",
                3, 3),
            new("Granskningen är genomförd och tjänstekatalogen fastställd.",
                "Fortsatt arbete med leveransnivåer och uppföljning av tjänsterna under 2024.",
                "Omställningen pågår fortfarande och konsekvensen av störningar bedöms som allvarlig; riskvärdet kvarstår.",
                3, 3)),
        new("Informationssäkerhet i kliniska IT- och MT-system",
            "Brister i informationsklassning och riskbedömning kan leda till att tekniska skyddsåtgärder inte motsvarar skyddsvärdet hos hälso- och sjukvårdens information.",
            2, 4, HandlingMethod.Bevakning,
            "Bevakas genom förvaltningens informationssäkerhetsråd och revisorernas granskning av patientdata.",
            "Informationssäkerhet", "Informationssäkerhetsansvarig", Kvalitet, [],
            new(HandlingStatus.InProgress, "Arbete med informationsklassning pågår.", "Revisorernas granskning av informations- och IT-säkerhet med fokus på patientdata.", 2, 4),
            new("Klassning genomförd för de mest kritiska systemen.", "Klassning och riskbedömning av återstående system.", "Oförändrad sannolikhet och konsekvens.", 2, 4)),
        new("Lagerhållning av hårdvara för PC-arbetsplats",
            "Ett för stort lager av hårdvara efter pandemin binder kapital och ökar kostnaderna, vilket påverkar förvaltningens ekonomiska resultat.",
            3, 3, HandlingMethod.Bevakning,
            "Bevakas i den månatliga ekonomiska uppföljningen tillsammans med inköpsplanen för PC-arbetsplatser.",
            "Ekonomi", "Ekonomichef", StarkEkonomi, [],
            new(HandlingStatus.InProgress, "Lagret minskar men långsammare än planerat.", "Lägre efterfrågan på nya PC-arbetsplatser under året.", 3, 3),
            new("Lagret har minskat under året.", "Anpassa inköpen till faktisk förbrukning.", "Kostnaderna påverkar fortfarande årets resultat.", 3, 3)),
        new("Avveckling av äldre IT- och MT-tjänster",
            "Konsoliderings- och avvecklingsplanen för IT- och MT-tjänster kan försenas, så att äldre system med hög förvaltningskostnad och säkerhetsrisk lever kvar.",
            2, 3, HandlingMethod.Bevakning,
            "Bevakas genom uppföljning av konsoliderings- och avvecklingsplanen i förvaltningens ledningsgrupp.",
            "Verksamhet", "Avdelningschef", StarkEkonomi, [],
            new(HandlingStatus.InProgress, "Planen följs i stort.", "Några avvecklingar flyttade till 2024.", 2, 3),
            new("Avvecklingen följer planen i stort.", "Tydligare prioritering av avvecklingar.", "Oförändrad bedömning.", 2, 3)),
        new("Kompetensförsörjning inom IT och medicinsk teknik",
            "Svårigheter att rekrytera och behålla specialister inom IT och medicinsk teknik kan försvåra leveransen till verksamheterna.",
            2, 3, HandlingMethod.Bevakning,
            "Bevakas genom förvaltningens kompetensförsörjningsplan och personalnyckeltal.",
            "Personal", "HR-chef", Arbetsgivare, [],
            new(HandlingStatus.InProgress, "Personalomsättningen är oförändrad.", "Inga särskilda händelser.", 2, 3),
            new("Kompetensförsörjningsplanen är uppdaterad.", "Fortsatt arbete med att behålla specialister.", "Oförändrad bedömning.", 2, 3)),
    ]);

    private static DemoRisk Low(string title, string description, int p, int c, string category, string? goal,
        (int P, int C, string Observations, string Events)? round1 = null, (int P, int C, string Result)? round2 = null) =>
        new(title, description, p, c, HandlingMethod.None, LowRisk, category, "Förvaltningschef", goal, [],
            round1 is { } r1 ? new DemoRound1(HandlingStatus.Done, r1.Observations, r1.Events, r1.P, r1.C) : null,
            round2 is { } r2 ? new DemoRound2(r2.Result, "Fortsatt löpande uppföljning.", "Bedömningen bygger på årets uppföljningar.", r2.P, r2.C) : null);

    public static readonly DemoPlan MedicinskServicePlan = new(MedicinskService, 2023, Decision,
    [
        Low(Kemikaliehantering,
            "Bristande rutiner för förvaring, märkning och hantering av kemikalier i laboratorierna kan leda till skador på personal och miljö.",
            2, 3, "Arbetsmiljö", Halsa,
            (3, 3, "Fler avvikelser i kemikalieförteckningen än väntat.", "Tillsyn visade brister i märkning och förvaring av kemikalier."),
            (3, 3, "Rutinerna är uppdaterade men inte införda i alla laboratorier.")),
        Low("Bemanning av biomedicinska analytiker",
            "Brist på biomedicinska analytiker kan förlänga svarstiderna för analyser.",
            2, 4, "Personal", Arbetsgivare,
            (2, 3, "Rekryteringarna under våren har minskat bristen.", "Nya medarbetare har börjat under året."),
            (2, 3, "Bemanningen är stabil.")),
        Low("Provtransporter och provernas hållbarhet",
            "Förseningar i provtransporterna kan göra proverna oanvändbara.", 2, 2, "Verksamhet", Kvalitet,
            (2, 2, "Inga större förseningar.", "Inga särskilda händelser."),
            (2, 2, "Transporterna har fungerat.")),
        Low("Fakturering av analyser",
            "Fel i prissättning och fakturering kan ge intäktsbortfall.", 2, 2, "Ekonomi", StarkEkonomi,
            (1, 2, "Nya kontroller i faktureringen har införts.", "Nytt faktureringsstöd."),
            (1, 2, "Faktureringen fungerar med få fel.")),
        Low("Leveranstider för analyssvar",
            "Långa svarstider kan fördröja diagnos och behandling.", 2, 3, "Verksamhet", Halsa,
            (2, 3, "Svarstiderna är i stort oförändrade.", "Inga särskilda händelser.")),
        Low("Informationssäkerhet i laboratoriedatasystemet",
            "Obehörig åtkomst till laboratoriedatasystemet kan röja patientuppgifter.", 2, 3, "Informationssäkerhet", Kvalitet,
            (2, 3, "Behörighetsuppföljning genomförd.", "Inga incidenter.")),
        Low("Inköp av reagens och förbrukningsmaterial",
            "Leveransstörningar hos leverantörer kan stoppa analyser.", 2, 3, "Ekonomi", Kvalitet,
            (2, 3, "Leveranserna har fungerat.", "Inga särskilda händelser.")),
        Low("Kontinuitet vid driftstörning och kris",
            "Avbrott i IT eller el utan fungerande reservrutiner kan stoppa laboratoriernas verksamhet.", 2, 4, "Verksamhet", Halsa,
            (2, 4, "Reservrutinerna är övade.", "Kortare IT-avbrott utan allvarliga följder.")),
        Low("Ackreditering och kvalitetsledningssystem",
            "Avvikelser vid bedömning från Swedac kan hota ackrediteringen.", 1, 4, "Kvalitet", Kvalitet,
            (1, 4, "Bedömningen gav inga allvarliga avvikelser.", "Swedacs ordinarie bedömning.")),
        Low("Avvikelsehantering",
            "Avvikelser som inte rapporteras eller åtgärdas ger inget lärande.", 2, 2, "Kvalitet", Kvalitet,
            (2, 2, "Rapporteringen är oförändrad.", "Inga särskilda händelser.")),
        Low("Hot och våld i arbetsmiljön",
            "Hot mot personal vid provtagning kan leda till ohälsa.", 1, 3, "Arbetsmiljö", Arbetsgivare),
        Low("Avtalstrohet vid inköp",
            "Inköp utanför avtal kan ge högre kostnader och brott mot upphandlingsregler.", 2, 2, "Ekonomi", StarkEkonomi),
        Low("Personuppgifter i biobanksprover",
            "Felaktig hantering av biobanksprover kan strida mot biobankslagen.", 1, 4, "Informationssäkerhet", Kvalitet),
    ]);

    public static readonly DemoBoard Norv = new(BoardName, [DigitaliseringPlan, MedicinskServicePlan]);
}
