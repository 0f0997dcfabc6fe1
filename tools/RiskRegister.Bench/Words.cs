namespace RiskRegister.Bench;

/// <summary>Swedish-ish vocabulary for the generated register: plausible enough to read, cheap to combine.</summary>
internal static class Words
{
    public static readonly string[] Regions =
    [
        "Region Stockholm", "Region Uppsala", "Region Sörmland", "Region Östergötland", "Region Jönköpings län",
        "Region Kronoberg", "Region Kalmar län", "Region Gotland", "Region Blekinge", "Region Skåne",
        "Region Halland", "Västra Götalandsregionen", "Region Värmland", "Region Örebro län", "Region Västmanland",
        "Region Dalarna", "Region Gävleborg", "Region Västernorrland", "Region Jämtland Härjedalen",
        "Region Västerbotten", "Region Norrbotten",
    ];

    private static readonly string[] PlacePrefixes =
        ["Al", "Berg", "Ek", "Falk", "Gran", "Hög", "Lind", "Sand", "Sjö", "Öster", "Väster", "Norr", "Söder", "Ask", "Björk", "Dal", "Holm", "Mal", "Strand", "Ving"];

    private static readonly string[] PlaceSuffixes =
        ["by", "köping", "hamn", "sund", "torp", "vik", "ås", "berga", "holm", "stad", "fors", "landa", "näs", "ryd", "tuna"];

    /// <summary>A municipality name; unique for index below 300.</summary>
    public static string Municipality(int index) =>
        PlacePrefixes[index % PlacePrefixes.Length] + PlaceSuffixes[index / PlacePrefixes.Length % PlaceSuffixes.Length] + "s kommun";

    public static readonly string[] RegionBoards =
    [
        "Regionstyrelsen", "Hälso- och sjukvårdsnämnden", "Primärvårdsnämnden", "Psykiatrinämnden", "Kulturnämnden",
        "Regionala utvecklingsnämnden", "Kollektivtrafiknämnden", "Patientnämnden", "Servicenämnden",
        "Digitaliseringsnämnden", "Tandvårdsnämnden", "Fastighetsnämnden", "Naturbruksnämnden", "Folkhälsonämnden",
        "Sjukhusnämnden Nord", "Sjukhusnämnden Syd", "Laboratorienämnden", "Upphandlingsnämnden",
    ];

    public static readonly string[] MunicipalityBoards =
    [
        "Kommunstyrelsen", "Barn- och utbildningsnämnden", "Socialnämnden", "Tekniska nämnden", "Byggnadsnämnden",
        "Miljö- och hälsoskyddsnämnden", "Kultur- och fritidsnämnden", "Vård- och omsorgsnämnden", "Gymnasienämnden",
        "Arbetsmarknadsnämnden", "Överförmyndarnämnden", "Räddningsnämnden", "Servicenämnden", "Fastighetsnämnden",
        "Samhällsbyggnadsnämnden", "Valnämnden", "Individ- och familjenämnden", "Lantmäterinämnden",
    ];

    public static readonly string[] Administrations =
    [
        "Digitalisering IT och MT", "Medicinsk service", "Stab och ledning", "Verksamhetsstöd", "Ekonomi och upphandling",
        "Utbildning", "Omsorg", "Teknik och fastighet", "Kultur och fritid", "Samhällsbyggnad", "HR och kommunikation",
        "Drift och underhåll",
    ];

    private static readonly string[] Problems =
        ["Bristande", "Otillräcklig", "Försenad", "Felaktig", "Ofullständig", "Otydlig", "Ineffektiv", "Sårbar"];

    private static readonly string[] Subjects =
    [
        "informationssäkerhet", "kompetensförsörjning", "dokumentation", "uppföljning av avtal", "attestrutin",
        "hantering av allmänna handlingar", "läkemedelshantering", "kemikaliehantering", "kontinuitetsplanering",
        "leverantörsstyrning", "behörighetsstyrning", "budgetuppföljning", "arbetsmiljöarbete", "upphandling",
        "tjänsteleverans", "efterlevnad av dataskyddsförordningen", "investeringsplanering", "krisberedskap",
        "rekrytering", "ärendehantering", "fakturahantering", "systemförvaltning",
    ];

    private static readonly string[] Contexts =
    [
        "inom förvaltningen", "vid verksamhetsövergång", "i verksamhetssystemen", "under semesterperioden",
        "i samverkan med kommunerna", "vid hög arbetsbelastning", "vid byte av leverantör", "i den nya organisationen",
        "för externa parter", "vid störningar",
    ];

    /// <summary>The seed cases from the auditors' report, mixed in so the documents' own risks appear too.</summary>
    private static readonly string[] SeedTitles =
        ["Förflyttning från systemleverans till tjänsteleverans", "Aktivitet säker kemikaliehantering"];

    public static readonly string[] Categories =
        ["Ekonomi", "Informationssäkerhet", "Personal", "Verksamhet", "Juridik", "IT", "Arbetsmiljö", "Miljö", "Förtroende"];

    public static readonly string[] Owners =
        ["Förvaltningschef", "Ekonomichef", "IT-chef", "HR-chef", "Verksamhetschef", "Enhetschef", "Säkerhetschef", "Kvalitetschef"];

    public static readonly string[] Goals =
    [
        "Bättre liv och hälsa för fler", "Tillgänglighet och kvalitet", "Hållbar utveckling i hela Skåne",
        "Attraktiv arbetsgivare, professionell verksamhet", "Långsiktigt stark ekonomi",
    ];

    public static readonly string[] Measures =
    [
        "Andel genomförda kontroller", "Antal avvikelser per kvartal", "Andel medarbetare utbildade",
        "Ledtid i dagar", "Andel avtal med uppföljning", "Antal incidenter", "Andel attesterade fakturor i tid",
    ];

    public static readonly string[] Activities =
    [
        "Stickprovskontroll av", "Genomlysning av", "Utbildningsinsats om", "Rutinöversyn för", "Internrevision av",
        "Uppföljning av", "Workshop om",
    ];

    public static string Title(Random rng) => rng.Next(40) == 0
        ? SeedTitles[rng.Next(SeedTitles.Length)]
        : $"{Problems[rng.Next(Problems.Length)]} {Subjects[rng.Next(Subjects.Length)]} {Contexts[rng.Next(Contexts.Length)]}";

    public static string Subject(Random rng) => Subjects[rng.Next(Subjects.Length)];

    public static string Description(Random rng, string title) =>
        $"Risk att {title.ToLowerInvariant()} leder till att uppdraget inte kan genomföras med avsedd kvalitet, "
        + $"med påverkan på {Subjects[rng.Next(Subjects.Length)]} och på förtroendet för verksamheten.";

    public static string Motivation(string method) => method switch
    {
        "bevakning" => "Risken bevakas löpande i ledningsgruppen; befintliga kontroller bedöms tillräckliga.",
        "granskning" => "Risken granskas under året eftersom tidigare uppföljning visat brister i rutinen.",
        "atgard" => "Åtgärder krävs då riskvärdet är högt och konsekvensen för verksamheten allvarlig.",
        _ => "Låg risk som inte kräver hanteringsmetod; listas enligt revisorernas önskemål.",
    };

    /// <summary>Kontrollmoment as the seed plans have them: what is checked, how (the API's spelling), how often, how much, by whom, reported to whom.</summary>
    public static readonly (string Title, string Method, string Frequency, string Scope, string Responsible, string ReportedTo)[] ControlKinds =
    [
        ("Attest av fakturor", "stickprov", "halvarsvis", "60 fakturor per halvår", "Controller", "Förvaltningsledningen"),
        ("Kontroll av jävsdeklarationer", "genomgang", "arligen", "Samtliga chefer och upphandlare", "HR-chef", "Nämnden"),
        ("Stickprov på delegationsbeslut", "stickprov", "tertialvis", "20 beslut per tertial", "Nämndsekreterare", "Nämnden"),
        ("Loggkontroll av journalåtkomst", "loggkontroll", "manadsvis", "Tio slumpvis valda patienter per månad", "Verksamhetschef", "Förvaltningsledningen"),
        ("Avstämning av avtal mot leverantörsreskontra", "avstamning", "kvartalsvis", "Samtliga avtal över 100 000 kr", "Upphandlare", "Förvaltningsledningen"),
        ("Genomgång av behörigheter i verksamhetssystem", "genomgang", "halvarsvis", "Samtliga användare med skrivrätt", "Systemförvaltare", "Förvaltningschef"),
        ("Analys av sjukfrånvaro och övertid", "analys", "tertialvis", "Samtliga enheter", "HR-strateg", "Nämnden"),
    ];
}
