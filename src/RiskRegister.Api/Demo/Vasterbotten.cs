namespace RiskRegister.Api.Demo;

/// <summary>A plan's own texts, as the demo writes them.</summary>
public sealed record DemoPlanTexts(string DocumentTitle, string? Title, string Introduction, string Process, string FollowUpDecision);

/// <summary>
/// A revision the nämnd adopted during the year: the risks it added (by title) and those it re-assessed, each with the
/// value it had when the plan was first adopted (the plan's risks carry the revised values).
/// </summary>
public sealed record DemoRevision(int Number, string Reason, DateOnly OpenedOn, DemoDecision Decision, IReadOnlyList<string> Added, IReadOnlyList<DemoRevisedRisk> Changed);

/// <summary>A risk a revision re-assessed, with its value as first adopted.</summary>
public sealed record DemoRevisedRisk(string Title, int AdoptedProbability, int AdoptedConsequence);

/// <summary>
/// The second region of the demo (seed 004, the minutes of Region Västerbotten's hälso- och sjukvårdsnämnd's
/// arbetsutskott 2024-11-28): one plan for the nämnd itself, its tillsynsplan for 2025 ("nämndens interna kontroll inför
/// tillsynsplan 2025", § 203), where NORV adopts one per förvaltning. Below the nämnd stand Hälso- och
/// sjukvårdsförvaltningen and its områden (kind department; the minutes name länssjukvårdsområde 2 and områdescheferna
/// reporting to the nämnd). The risks are drawn from what the minutes report: the hyrberoende (§ 204), the fullmäktige
/// assignment to cut personnel costs by 213 mkr for HSF (§ 203, § 215), the budget deficit of 614 mkr (§ 204), the
/// framework agreements that have run out or run out in the year (§ 206–§ 212: nutrition on 2025-08-22), Cosmic (§ 203),
/// the closure of Lycksele's maternity ward for want of staff (§ 203), waiting times (§ 203) and the safety culture the
/// staff survey saw slip (§ 204). The nämnd's adoption decision and every follow-up are invented for the demo.
/// </summary>
public static class Vasterbotten
{
    public const string BoardName = "Hälso- och sjukvårdsnämnden, Region Västerbotten";
    public const string Administration = "Hälso- och sjukvårdsförvaltningen";
    public const string Lansjukvard1 = "Länssjukvårdsområde 1";
    public const string Lansjukvard2 = "Länssjukvårdsområde 2";
    public const string PrimarvardTandvard = "Primärvård och tandvård";
    public const string Hyrberoende = "Hyrberoende av bemanningspersonal";
    public const string Nutritionsavtal = "Ramavtal för nutritionsprodukter löper ut";
    public const string Lakemedel = "Läkemedelskostnaderna ökar snabbare än budgeterat";

    /// <summary>The områden under the förvaltning, in the order they are created.</summary>
    public static readonly IReadOnlyList<string> Areas = [Lansjukvard1, Lansjukvard2, PrimarvardTandvard];

    public static readonly DemoDecision Decision = new(new DateOnly(2025, 2, 12), "§ 14", "HSN 1310-2024");

    /// <summary>
    /// The revision in June (invented for the demo, after § 208's agreement running out in August): the procurement of
    /// nutrition products was appealed, so that risk's sannolikhet rose from 2 to 3, and the cost of medicines, which the
    /// spring's tertialrapport showed rising, became a risk of its own.
    /// </summary>
    public static readonly DemoRevision Revision = new(1,
        "Upphandlingen av nutritionsprodukter har överprövats, och tertialrapporten visar att läkemedelskostnaderna ökar snabbare än budgeterat.",
        new DateOnly(2025, 5, 20), new DemoDecision(new DateOnly(2025, 6, 11), "§ 87", "HSN 1310-2024"),
        [Lakemedel], [new DemoRevisedRisk(Nutritionsavtal, 2, 4)]);

    /// <summary>The nämnd took note of uppföljning 1 with the delårsrapport (invented for the demo, before the due date).</summary>
    public static readonly DemoDecision Round1Report = new(new DateOnly(2025, 9, 24), "§ 128", "HSN 1310-2024");

    public static readonly DemoPlanTexts Texts = new("Tillsynsplan", "Hälso- och sjukvårdsnämndens interna kontroll 2025",
        "Nämnden ansvarar enligt kommunallagen för att den interna kontrollen är tillräcklig och att verksamheten bedrivs "
        + "enligt de mål och riktlinjer som regionfullmäktige har bestämt. Tillsynsplanen beskriver de risker nämnden ser "
        + "för 2025 och hur de ska hanteras och följas upp, för hela förvaltningen och per område.",
        "Riskerna identifierades vid nämndens workshop i oktober 2024 tillsammans med förvaltningens ledning och "
        + "områdescheferna, med utgångspunkt i nämndplanen, fullmäktigeuppdragen 2025 och årets resultatuppföljning. "
        + "Arbetsutskottet tog ställning till förvaltningens förtydliganden den 28 november 2024 (§ 203).",
        "Uppföljning 1 redovisas för nämnden i samband med delårsrapporten i september, uppföljning 2 i samband med "
        + "årsrapporten. Områdescheferna redovisar sina områdens åtgärder enligt nämndens rullande schema.");

    private const string Ekonomi = "Fullmäktigeuppdrag 2: Minska personalkostnaden motsvarande 250 miljoner kronor";
    private const string Hyra = "Fullmäktigeuppdrag 1: Minska hyrberoendet";
    private const string Tillganglighet = "Fullmäktigeuppdrag 3: Förbättra tillgängligheten vid valda enheter";
    private const string Styrning = "Fullmäktigeuppdrag 5: Stärka ledning och styrning";

    private static DateOnly D(int month, int day) => new(2025, month, day);

    private static DemoRound1 Round1(string observations, string events, int p, int c, HandlingStatus status = HandlingStatus.InProgress) =>
        new(status, observations, events, p, c);

    public static readonly DemoPlan Plan = new(BoardName, 2025, Decision,
    [
        new(Hyrberoende,
            "Hyrkostnaderna är cirka 4 procent av de egna personalkostnaderna, omkring 300 miljoner kronor om året, mot målet 2 procent. "
            + "Beroendet är störst i primärvården i Skellefteå och i delar av södra Lappland, och i sjukhusvården inom operation, psykiatri och förlossningsvård.",
            4, 3, HandlingMethod.Atgard,
            "Kostnaden och beroendet påverkar både ekonomin och vårdens kontinuitet; åtgärder pågår i flera områden och behöver följas per område.",
            "Ekonomi", "Hälso- och sjukvårdsdirektör", Hyra,
            [
                new("Uppdaterade bemanningsplaner som motsvarar budgeterade tjänster i varje område",
                    "Bemanningsplan fastställd i samtliga områden", D(4, 30), "Områdeschefer", HandlingStatus.Done),
                new("Månatlig uppföljning av hyrkostnadernas andel per område i förvaltningens ledningsgrupp",
                    "Hyrkostnadsandel högst 2 % av personalkostnaden vid årets slut", D(12, 31), "Ekonomidirektör", HandlingStatus.InProgress),
            ],
            Round1("Andelen har minskat något; flera hälsocentraler i Skellefteå har anställt fasta läkare.",
                "Ambulansverksamheten är helt hyroberoende. Södra Lappland har fått ett bättre bemanningsläge.", 3, 3),
            null),
        new("Personalkostnaderna ska minska med 213 miljoner kronor",
            "Fullmäktiges riktade uppdrag innebär att förvaltningen ska minska personalkostnaden med 213 miljoner kronor. "
            + "Utan konsekvensbeskrivningar per område kan neddragningarna drabba vårdens tillgänglighet och patientsäkerhet.",
            3, 4, HandlingMethod.Granskning,
            "Uppdraget är stort och berör alla områden; granskning av konsekvensbeskrivningarna visar om åtgärderna är förenliga med patientsäkerheten.",
            "Ekonomi", "Hälso- och sjukvårdsdirektör", Ekonomi,
            [
                new("Granska områdenas konsekvensbeskrivningar och åtgärdsförslag",
                    "Konsekvensbeskrivning per område redovisad för nämnden", D(5, 31), "Controller", HandlingStatus.Done),
            ],
            Round1("Konsekvensbeskrivningarna är redovisade; två områden saknar ännu beslutade åtgärder.",
                "Tertialrapporten i maj visade att åtgärderna ger effekt först under hösten.", 3, 4),
            null),
        new("Ekonomiskt underskott mot budget",
            "Ett ackumulerat budgetavvikelseunderskott på 614 miljoner kronor i oktober 2024 riskerar att bestå, så att nämnden inte når en ekonomi i balans 2025.",
            4, 4, HandlingMethod.Atgard,
            "Underskottet är det största hotet mot nämndens uppdrag; åtgärdsplaner per område följs upp vid varje sammanträde.",
            "Ekonomi", "Ekonomidirektör", Ekonomi,
            [
                new("Åtgärdsplan för ekonomi i balans per område med månatlig uppföljning till nämnden",
                    "Prognosen förbättrad med minst 200 miljoner kronor till delårsrapporten", D(8, 31), "Områdeschefer", HandlingStatus.InProgress),
            ],
            Round1("Prognosen har förbättrats men inte i den takt planen anger.", "Kostnadsökningar för läkemedel och hyrpersonal under våren.", 4, 4),
            null),
        new(Nutritionsavtal,
            "Regionens ramavtal för nutritionsprodukter och nutritionspumpar löper ut 2025-08-22 (HSN 275-2024). Utan nytt avtal kan patienter som behöver "
            + "näringsdrycker och sondnäring få avbrott i sin behandling, med risk för komplikationer och patientskador.",
            3, 4, HandlingMethod.Atgard,
            "Upphandlingen har överprövats och tiden är knapp; ett avbrott skulle drabba sårbara patienter direkt. Sannolikheten höjdes vid revideringen i juni.",
            "Upphandling", "Upphandlingschef", Styrning,
            [
                new("Upphandla nytt ramavtal för nutrition, speciallivsmedel och tillhörande förbrukningsmaterial",
                    "Nytt ramavtal tecknat innan det gamla löper ut", D(8, 22), "Upphandlingschef", HandlingStatus.InProgress),
            ],
            Round1("Upphandlingen är överprövad; tilldelningen är försenad.", "En leverantör har begärt överprövning i förvaltningsrätten.", 3, 4),
            null),
        new("Inköp utan giltiga ramavtal",
            "Flera ramavtal har löpt ut eller saknas (förbrukningsmaterial för interventionell radiologi, kundanpassade operationsset, skopiutrustning, "
            + "tandtekniska produkter, allmänna labbprodukter). Inköp utanför avtal kan bryta mot upphandlingsreglerna och ge högre priser.",
            3, 3, HandlingMethod.Granskning,
            "Stickprov på inköp utanför avtal visar hur stort problemet är medan upphandlingarna pågår.",
            "Upphandling", "Upphandlingschef", Styrning,
            [
                new("Stickprov på inköp utanför avtal inom de berörda produktområdena",
                    "60 fakturor per halvår granskade och avvikelser redovisade", D(6, 30), "Inköpscontroller", HandlingStatus.Done),
            ],
            Round1("Stickprovet visade inköp utanför avtal i 14 av 60 fakturor, främst labbprodukter.", "Upphandlingarna av skopiutrustning och labbprodukter har startat.", 3, 3, HandlingStatus.Done),
            null),
        new("Införandet av Cosmic",
            "Det nya vårdinformationssystemet Cosmic införs 2025. Otillräcklig utbildning och planering kan ge störningar i vården, "
            + "risker för patientsäkerheten och tillfälligt lägre produktion.",
            3, 3, HandlingMethod.Granskning,
            "Införandet berör alla områden samtidigt; granskning av områdenas beredskap före driftstart.",
            "Verksamhet", "Chefläkare", Styrning,
            [
                new("Granska områdenas införandeplaner och utbildningsgrad före driftstart",
                    "Minst 90 % av användarna utbildade före driftstart", D(9, 30), "Införandeledare", HandlingStatus.InProgress),
            ],
            Round1("Utbildningen följer planen i två av tre områden.", "Driftstarten är flyttad en månad.", 3, 3),
            null),
        new("Bemanning av förlossningsvården",
            "Förlossningsavdelningen vid Lycksele sjukhus hölls stängd i cirka två veckor kring årsskiftet eftersom vikarier inte gick att få tag på. "
            + "Fler stängningar flyttar förlossningar till Skellefteå och Umeå med längre resvägar för gravida.",
            2, 4, HandlingMethod.Bevakning,
            "Bevakas genom områdets bemanningsplan och nämndens information om tillfälliga stängningar.",
            "Patientsäkerhet", "Områdeschef länssjukvårdsområde 2", Tillganglighet, [],
            Round1("Sommarbemanningen klarades utan stängning.", "Två barnmorskor rekryterade till Lycksele.", 2, 4),
            null),
        new("Väntetider till första besök",
            "Andelen patienter som väntat mer än 90 dagar på sitt första besök har minskat men ligger över vårdgarantin; nya neddragningar kan vända utvecklingen.",
            3, 3, HandlingMethod.Bevakning,
            "Bevakas i den månatliga resultatuppföljningen och i beredningen för primärvård och tandvård.",
            "Tillgänglighet", "Hälso- och sjukvårdsdirektör", Tillganglighet, [],
            Round1("Köerna fortsätter att minska inom specialistvården.", "Produktions- och kapacitetsstyrningen har intensifierats.", 3, 3),
            null),
        new("Säkerhetskultur och arbetsmiljö",
            "Medarbetarundersökningen visar en tydligare backning inom hållbart säkerhetsengagemang och mer stress och konflikt mellan arbete och privatliv, "
            + "vilket kan påverka patientsäkerheten och viljan att stanna.",
            2, 3, HandlingMethod.Bevakning,
            "Bevakas genom områdenas handlingsplaner efter medarbetarundersökningen.",
            "Arbetsmiljö", "HR-direktör", Styrning, [],
            Round1("Handlingsplaner är upprättade i alla områden.", "Inga särskilda händelser.", 2, 3, HandlingStatus.Done),
            null),
        // Added by the revision in June (Revision).
        new(Lakemedel,
            "Kostnaderna för läkemedel ökade under våren betydligt mer än budgeterat, främst genom nya behandlingar inom cancervården. "
            + "Fortsätter ökningen försvåras arbetet med en ekonomi i balans.",
            3, 3, HandlingMethod.Atgard,
            "Ökningen riskerar att ta de besparingar områdena gör; läkemedelskommittén och områdena behöver följa kostnaderna tillsammans.",
            "Ekonomi", "Ekonomidirektör", Ekonomi,
            [
                new("Månatlig analys av läkemedelskostnaderna per område, redovisad i förvaltningens ledningsgrupp",
                    "Kostnadsökningen jämfört med 2024 högst 5 % vid årets slut", D(12, 31), "Läkemedelschef", HandlingStatus.InProgress),
            ],
            Round1("Ökningen har dämpats under sommaren men ligger över budget.", "Två nya cancerbehandlingar har införts enligt nationella rekommendationer.", 3, 3),
            null),
    ]);
}
