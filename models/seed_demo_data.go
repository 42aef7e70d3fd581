package models

import "time"

// The demo site's content: people, themes, consultations and the ideas, votes and comments
// they gathered. Times are ages (how long before the seed runs), so the demo always looks
// recent. seed_demo.go loads it.

// demoMarkerSlug is the consultation whose presence means the demo is already loaded.
const demoMarkerSlug = "digital-in-wales"

const demoDay = 24 * time.Hour

// demoAge is how long ago something happened, in days and hours.
func demoAge(days, hours int) time.Duration {
	return time.Duration(days)*demoDay + time.Duration(hours)*time.Hour
}

type demoUser struct {
	handle, name string
	role         string // "" for a member
	locale       string // "cy" for people who chose Welsh
	joined       time.Duration
	voter        bool // members who vote; the staff and panel accounts stay neutral
}

// The staff accounts sign in at /auth/dev under these handles.
const (
	demoAdmin = "demo-admin"
	demoStaff = "demo-staff"
	demoPanel = "demo-panel"
)

var demoUsers = []demoUser{
	{handle: demoAdmin, name: "Rhodri Owen (service admin)", role: RoleAdmin, joined: demoAge(210, 0)},
	{handle: demoStaff, name: "Elin Thomas (Digital Panel secretariat)", role: RoleStaff, joined: demoAge(205, 2)},
	{handle: demoPanel, name: "Huw Jenkins (Digital Panel)", role: RolePanel, joined: demoAge(200, 5)},

	{handle: "carys-j", name: "Carys Jones", joined: demoAge(178, 3), voter: true},
	{handle: "dafydd_evans", name: "Dafydd Evans", locale: "cy", joined: demoAge(176, 9), voter: true},
	{handle: "sian.pritchard", name: "Siân Pritchard", joined: demoAge(172, 1), voter: true},
	{handle: "rhys-morgan", name: "Rhys Morgan", joined: demoAge(171, 20), voter: true},
	{handle: "megan_w", name: "Megan Williams", joined: demoAge(169, 7), voter: true},
	{handle: "gareth.lloyd", name: "Gareth Lloyd", joined: demoAge(167, 11), voter: true},
	{handle: "priya-shah", name: "Priya Shah", joined: demoAge(165, 4), voter: true},
	{handle: "owain-ap", name: "Owain ap Gruffydd", joined: demoAge(163, 15), voter: true},
	{handle: "bethan-h", name: "Bethan Hughes", joined: demoAge(161, 6), voter: true},
	{handle: "tom_r", name: "Tom Richards", joined: demoAge(160, 13), voter: true},
	{handle: "nia.davies", name: "Nia Davies", locale: "cy", joined: demoAge(158, 2), voter: true},
	{handle: "aled-roberts", name: "Aled Roberts", joined: demoAge(156, 18), voter: true},
	// Posts one advert, which a moderator hides, so the demo shows what moderation looks like.
	{handle: "quickfix-it", name: "QuickFix IT Solutions", joined: demoAge(9, 3)},
	// Makes an accusation another member reports; the report waits at /moderation.
	{handle: "rob_p", name: "Rob Phillips", joined: demoAge(26, 4)},
}

type demoTheme struct {
	slug, name, nameCy, description, descriptionCy string
}

var demoThemes = []demoTheme{
	{"open-data", "Open data", "Data agored",
		"Publishing data that others can find, trust, use and build on.",
		"Cyhoeddi data y gall eraill ddod o hyd iddo, ymddiried ynddo, ei ddefnyddio ac adeiladu arno."},
	{"user-centred-design", "User-centred design", "Dylunio sy'n canolbwyntio ar y defnyddiwr",
		"Starting from what people need, testing with real users and measuring outcomes rather than outputs.",
		"Dechrau gyda'r hyn sydd ei angen ar bobl, profi gyda defnyddwyr go iawn a mesur canlyniadau yn hytrach nag allbynnau."},
	{"skills", "Skills and capability", "Sgiliau a gallu",
		"Growing digital, data and technology skills in public-sector teams and among the people who lead them.",
		"Datblygu sgiliau digidol, data a thechnoleg mewn timau yn y sector cyhoeddus ac ymhlith y bobl sy'n eu harwain."},
	{"welsh-language", "Welsh language services", "Gwasanaethau Cymraeg",
		"Services that work as well in Welsh as in English, designed that way from the start.",
		"Gwasanaethau sy'n gweithio cystal yn Gymraeg ag yn Saesneg, wedi'u dylunio felly o'r dechrau."},
	{"shared-platforms", "Shared platforms and standards", "Llwyfannau a safonau a rennir",
		"Building once and reusing: common components, open standards and open source.",
		"Adeiladu unwaith ac ailddefnyddio: cydrannau cyffredin, safonau agored a ffynhonnell agored."},
	{"procurement", "Procurement", "Caffael",
		"Buying technology and services in ways that let smaller suppliers in and avoid being locked in to one.",
		"Prynu technoleg a gwasanaethau mewn ffyrdd sy'n agor y drws i gyflenwyr llai ac yn osgoi cael eich clymu i un cyflenwr."},
	{"inclusion", "Digital inclusion", "Cynhwysiant digidol",
		"Making sure nobody is left behind: access, connectivity, confidence and help for people who need it.",
		"Sicrhau nad oes neb yn cael ei adael ar ôl: mynediad, cysylltedd, hyder a chymorth i'r rhai sydd ei angen."},
	{"leadership", "Leadership and culture", "Arweinyddiaeth a diwylliant",
		"Permission to work in the open, to try things quickly and to stop what is not working.",
		"Caniatâd i weithio'n agored, i roi cynnig ar bethau'n gyflym ac i roi'r gorau i'r hyn nad yw'n gweithio."},
}

type demoConsultation struct {
	slug, title, titleCy, description, descriptionCy string
	status                                           string
	opened                                           time.Duration // how long ago it opened
	closes                                           time.Duration // from now; negative when it has closed
}

var demoConsultations = []demoConsultation{
	{
		slug:    demoMarkerSlug,
		title:   "Digital in Wales: what would you do?",
		titleCy: "Digidol yng Nghymru: beth fyddech chi'n ei wneud?",
		description: "The Digital Panel advises the Welsh Government on how public services should use digital, data and technology. " +
			"If you could change one thing about digital public services in Wales, what would it be? Share an idea, support the ones " +
			"you agree with and tell us what we have missed. The panel reads every idea, answers in public and takes the strongest to its meetings.",
		descriptionCy: "Mae'r Panel Digidol yn cynghori Llywodraeth Cymru ar sut y dylai gwasanaethau cyhoeddus ddefnyddio digidol, data a thechnoleg. " +
			"Pe gallech chi newid un peth am wasanaethau cyhoeddus digidol yng Nghymru, beth fyddai hynny? Rhannwch syniad, cefnogwch y rhai " +
			"rydych chi'n cytuno â nhw a dywedwch wrthym beth rydym wedi'i golli. Mae'r panel yn darllen pob syniad, yn ymateb yn gyhoeddus " +
			"ac yn mynd â'r goreuon i'w gyfarfodydd.",
		status: "open",
		opened: demoAge(21, 0),
		closes: demoAge(42, 0),
	},
	{
		slug:    "nhs-wales-developer-practices",
		title:   "Working in the open: how should NHS Wales build software?",
		titleCy: "Gweithio'n agored: sut dylai GIG Cymru adeiladu meddalwedd?",
		description: "The technical standards board is drafting guidance for everyone who writes code in NHS Wales: source control, code review, " +
			"open source, testing, and where clinicians and analysts who code fit in. Tell us what would make the biggest difference, " +
			"whether you write the code or rely on what it does.",
		descriptionCy: "Mae'r bwrdd safonau technegol yn drafftio canllawiau i bawb sy'n ysgrifennu cod yn GIG Cymru: rheoli cod ffynhonnell, " +
			"adolygu cod, ffynhonnell agored, profi, a lle mae clinigwyr a dadansoddwyr sy'n codio yn ffitio. Dywedwch wrthym beth fyddai'n " +
			"gwneud y gwahaniaeth mwyaf, p'un a ydych chi'n ysgrifennu'r cod neu'n dibynnu ar yr hyn y mae'n ei wneud.",
		status: "open",
		opened: demoAge(10, 0),
		closes: demoAge(56, 0),
	},
	{
		slug:    "welsh-language-online",
		title:   "Making online services work as well in Welsh",
		titleCy: "Gwneud i wasanaethau ar-lein weithio cystal yn Gymraeg",
		description: "We asked how public bodies could make their websites, forms and apps as good in Welsh as they are in English. " +
			"This consultation has closed; the panel's answer to each idea is shown beside it.",
		descriptionCy: "Gofynnon ni sut y gallai cyrff cyhoeddus wneud eu gwefannau, eu ffurflenni a'u hapiau cystal yn Gymraeg ag y maen nhw yn Saesneg. " +
			"Mae'r ymgynghoriad hwn wedi cau; mae ateb y panel i bob syniad i'w weld wrth ei ochr.",
		status: "closed",
		opened: demoAge(154, 0),
		closes: -demoAge(84, 0),
	},
}

// demoIdea is one idea and everything that happened to it. An idea has an author (a member's
// handle) or, when staff recorded it from elsewhere, a source.
type demoIdea struct {
	key                   string // for merges between demo ideas
	consultation          string
	author                string
	sourceName, sourceURL string
	title, body           string
	age                   time.Duration
	votes                 int
	themes                []string // assigned by the panel a day or two after the idea was shared
	comments              []demoComment
	steps                 []demoStep // the panel's decisions, oldest first; without any the idea stays new
}

// demoStep is one decision of the panel on an idea: a status and, usually, a public response
// in both languages. A duplicate is merged into the idea it repeats; a shortlisted idea may
// also take a place on its consultation's shortlist.
type demoStep struct {
	ago                  time.Duration // how long before the seed runs the panel decided
	status               string
	response, responseCy string    // "" keeps the response already given
	mergedInto           string    // for a duplicate, the key of the idea it repeats
	shortlist            *demoRank // its place on the consultation's shortlist
}

// demoRank is an idea's place on the shortlist and the panel's reasons for it.
type demoRank struct {
	rank                   int
	rationale, rationaleCy string
}

type demoComment struct {
	author       string
	after        time.Duration // after the idea was shared
	body         string
	replies      []demoComment
	deleted      bool        // its author removed it
	report       *demoReport // a member flagged it
	hiddenReason string      // the panel hid it
}

// demoReport is a member's flag on a comment.
type demoReport struct {
	by     string
	after  time.Duration // after the comment was posted
	reason string
}

// demoReportThreshold is how many members' reports hide a comment until it is reviewed (the
// site's default); the demo's reports stay below it.
const demoReportThreshold = 3

// demoShortlist is when the panel published a consultation's shortlist, some time after
// ranking its entries (demoStep.shortlist).
type demoShortlist struct {
	consultation string
	published    time.Duration // how long ago
}

var demoShortlists = []demoShortlist{
	{consultation: demoMarkerSlug, published: demoAge(3, 22)},
}

var demoIdeas = []demoIdea{
	// Digital in Wales: what would you do?
	{
		key: "discovery", consultation: demoMarkerSlug, author: "carys-j", age: demoAge(19, 4), votes: 11,
		title: "Start every project by meeting the people who will use the service",
		body: "Too many projects start with a solution someone has already bought. Before any money is committed, " +
			"the team should spend time with the people who will actually use the service, especially the ones who find it hardest.\n\n" +
			"- Fund a short discovery phase before any procurement\n" +
			"- Publish what the discovery found, even when the answer is \"don't build it\"\n" +
			"- Measure success by what changes for users, not by go-live dates",
		themes: []string{"user-centred-design", "procurement"},
		steps: []demoStep{
			{ago: demoAge(17, 0), status: StatusUnderReview},
			{
				ago: demoAge(5, 4), status: StatusShortlisted,
				response: "Shortlisted. The panel agrees that discovery should come before procurement, and will ask the board to consider " +
					"making a published discovery a condition of funding for new digital projects.",
				responseCy: "Ar y rhestr fer. Mae'r panel yn cytuno y dylai cyfnod darganfod ddod cyn caffael, a bydd yn gofyn i'r bwrdd ystyried " +
					"gwneud darganfod wedi'i gyhoeddi yn amod cyllido ar gyfer prosiectau digidol newydd.",
				shortlist: &demoRank{rank: 1,
					rationale: "Most of the ideas we received come back to this: services go wrong when nobody asks the people who will use " +
						"them. A funded, published discovery before procurement is a change the board can make now, through its funding " +
						"conditions.",
					rationaleCy: "Mae'r rhan fwyaf o'r syniadau a gawsom yn dod yn ôl at hyn: mae gwasanaethau'n mynd o chwith pan nad oes neb " +
						"yn holi'r bobl a fydd yn eu defnyddio. Mae cyfnod darganfod wedi'i gyllido a'i gyhoeddi cyn caffael yn newid y " +
						"gall y bwrdd ei wneud nawr, drwy ei amodau cyllido."},
			},
		},
		comments: []demoComment{
			{author: "rhys-morgan", after: demoAge(0, 5), body: "Agree, and the discovery report should be written for the public, not just for the project board.",
				replies: []demoComment{{author: "carys-j", after: demoAge(0, 9), body: "Yes! A plain-language summary in English and Welsh at the very least."}}},
			{author: "megan_w", after: demoAge(2, 1), body: "I get help with online forms at my local library. Nobody has ever asked me what would make them easier."},
		},
	},
	{
		key: "build-once", consultation: demoMarkerSlug, age: demoAge(20, 2), votes: 9,
		sourceName: "@mari_codes on Mastodon", sourceURL: "https://social.example/@mari_codes/111402785519384210",
		title: "Build it once, use it everywhere: publish code, data and methods openly",
		body: "Make the work open and reusable by default, so that something good built by one council can be picked up by the other 21. " +
			"Open standards are what make that possible.",
		themes: []string{"shared-platforms", "open-data"},
		steps: []demoStep{
			{
				ago: demoAge(17, 0), status: StatusUnderReview,
				response: "Under review. The panel is looking at how this fits with the open standards work already under way and will report back " +
					"after its next meeting.",
				responseCy: "Yn cael ei adolygu. Mae'r panel yn edrych ar sut mae hyn yn cyd-fynd â'r gwaith ar safonau agored sydd eisoes ar y gweill " +
					"a bydd yn adrodd yn ôl ar ôl ei gyfarfod nesaf.",
			},
			{
				ago: demoAge(5, 4) - 30*time.Minute, status: StatusShortlisted,
				response: "Shortlisted. The panel will ask the board to make publishing code, data and methods the default for publicly " +
					"funded digital work in Wales, and to say who looks after what is shared.",
				responseCy: "Ar y rhestr fer. Bydd y panel yn gofyn i'r bwrdd wneud cyhoeddi cod, data a dulliau yn ddiofyn ar gyfer gwaith " +
					"digidol a ariennir yn gyhoeddus yng Nghymru, a nodi pwy sy'n gofalu am yr hyn a rennir.",
				shortlist: &demoRank{rank: 4,
					rationale: "Twenty-two councils solving the same problem twenty-two times is the waste the panel hears about most. Open " +
						"code, data and methods, with a named owner for what is shared, would let good work spread.",
					rationaleCy: "Dau gyngor ar hugain yn datrys yr un broblem ddwy ar hugain o weithiau yw'r gwastraff y mae'r panel yn clywed " +
						"amdano fwyaf. Byddai cod, data a dulliau agored, gyda pherchennog penodol ar gyfer yr hyn a rennir, yn gadael " +
						"i waith da ledaenu."},
			},
		},
		comments: []demoComment{
			{author: "owain-ap", after: demoAge(1, 3), body: "Reuse only happens if someone looks after the shared thing. Who would own it?"},
		},
	},
	{
		key: "outcomes", consultation: demoMarkerSlug, age: demoAge(20, 0), votes: 7,
		sourceName: "@cllr_gwen on X", sourceURL: "https://x.example/cllr_gwen/status/1720000000000000000",
		title: "Judge every digital project by what changes for residents",
		body: "Not by how many systems were replaced or how many pages were published, but by whether it got easier to renew a permit, " +
			"book an appointment or report a problem. If we can't say what will change for people, we shouldn't start.",
		themes: []string{"user-centred-design", "leadership"},
	},
	{
		key: "cymraeg-day-one", consultation: demoMarkerSlug, author: "dafydd_evans", age: demoAge(17, 6), votes: 10,
		title: "Dylai pob gwasanaeth digidol fod ar gael yn Gymraeg o'r diwrnod cyntaf",
		body: "Yn rhy aml mae'r fersiwn Gymraeg yn cyrraedd fisoedd ar ôl y fersiwn Saesneg, neu dim ond hanner y gwasanaeth sydd wedi'i gyfieithu.\n\n" +
			"Byddai'n well:\n\n" +
			"1. cynnwys siaradwyr Cymraeg yn y profion defnyddwyr o'r dechrau\n" +
			"2. ysgrifennu'r cynnwys yn y ddwy iaith ar yr un pryd, yn lle cyfieithu ar y diwedd\n" +
			"3. peidio â lansio nes bod y ddwy fersiwn yn barod",
		themes: []string{"welsh-language", "user-centred-design"},
		steps: []demoStep{
			{ago: demoAge(12, 0), status: StatusUnderReview},
			{
				ago: demoAge(5, 4) - 10*time.Minute, status: StatusShortlisted,
				response: "Shortlisted. Services designed in Welsh from the start, rather than translated at the end, will go to the board " +
					"alongside the Welsh Language Commissioner's advice on digital services.",
				responseCy: "Ar y rhestr fer. Bydd gwasanaethau sydd wedi'u dylunio yn Gymraeg o'r dechrau, yn hytrach na'u cyfieithu ar y diwedd, " +
					"yn mynd i'r bwrdd ochr yn ochr â chyngor Comisiynydd y Gymraeg ar wasanaethau digidol.",
				shortlist: &demoRank{rank: 2,
					rationale: "Services in Welsh are a legal duty, and designing in both languages from the start costs less than translating " +
						"at the end. This idea had strong support from Welsh and English speakers alike.",
					rationaleCy: "Mae gwasanaethau Cymraeg yn ddyletswydd gyfreithiol, ac mae dylunio yn y ddwy iaith o'r dechrau yn costio llai " +
						"na chyfieithu ar y diwedd. Cafodd y syniad hwn gefnogaeth gref gan siaradwyr Cymraeg a Saesneg fel ei gilydd."},
			},
		},
		comments: []demoComment{
			{author: "nia.davies", after: demoAge(0, 7), body: "Cytuno'n llwyr. Mae ffurflenni'r cyngor yn dal i gymysgu'r ddwy iaith ar yr un dudalen.",
				replies: []demoComment{{author: "dafydd_evans", after: demoAge(0, 11), body: "Ydyn, ac mae'r negeseuon gwall yn aml yn Saesneg yn unig."}}},
			{author: "tom_r", after: demoAge(3, 2), body: "I don't speak Welsh and I fully support this. Designing for two languages from the start is just good design."},
		},
	},
	{
		key: "spending-data", consultation: demoMarkerSlug, author: "gareth.lloyd", age: demoAge(15, 9), votes: 6,
		title: "Publish every council's spending and contracts as open data in one format",
		body: "Each council publishes its spending differently: some as PDFs, some as spreadsheets, some not at all. " +
			"Agree one format for Wales, publish monthly and put it all in one place.\n\n" +
			"Something like this [draft spending data standard](https://data.example.wales/standards/spending) is what I have in mind.",
		themes: []string{"open-data", "procurement"},
		steps: []demoStep{
			{
				ago: demoAge(12, 0), status: StatusUnderReview,
				response: "Under review. We have asked the data standards team which councils already publish spending in a common format " +
					"and what it would take for the rest to follow.",
				responseCy: "Yn cael ei adolygu. Rydym wedi gofyn i'r tîm safonau data pa gynghorau sydd eisoes yn cyhoeddi gwariant mewn fformat " +
					"cyffredin a beth fyddai ei angen i'r lleill wneud yr un peth.",
			},
		},
		comments: []demoComment{
			{author: "bethan-h", after: demoAge(1, 0), body: "Please include the contract end dates too, so people can see when services are due to be re-tendered."},
		},
	},
	{
		key: "leaders-skills", consultation: demoMarkerSlug, author: "priya-shah", age: demoAge(13, 2), votes: 8,
		title: "Train senior leaders in digital, not just the digital team",
		body: "Transformation stalls when the people signing off budgets don't know what agile delivery or a service owner is. " +
			"A short, practical course for directors and chief executives, ideally with a day spent alongside a delivery team, " +
			"would do more than another strategy document.",
		themes: []string{"skills", "leadership"},
		comments: []demoComment{
			{author: "aled-roberts", after: demoAge(0, 20), body: "Academi Wales already runs leadership programmes. Could this be part of one?"},
			{author: "tom_r", after: demoAge(1, 4), body: "Not sure this is the right place, but does anyone know who to contact about the council tax form?", deleted: true},
			{author: "sian.pritchard", after: demoAge(2, 6), body: "And elected members too. Councillors approve these projects.",
				replies: []demoComment{{author: "priya-shah", after: demoAge(2, 10), body: "Good point. A shorter version for councillors and board members would help."}}},
		},
	},
	{
		key: "small-fast", consultation: demoMarkerSlug, author: "sian.pritchard", age: demoAge(11, 5), votes: 5,
		title: "Try things small and fast, then scale up what works",
		body: "Instead of three-year programmes, fund twelve-week experiments that each answer a clear question. " +
			"Stop the ones that don't work, without blame, and move the money to the ones that do.",
		themes: []string{"leadership", "user-centred-design"},
	},
	{
		key: "adapt-locally", consultation: demoMarkerSlug, age: demoAge(18, 8), votes: 4,
		sourceName: "@blu3wren on Bluesky", sourceURL: "https://bsky.example/profile/blu3wren/post/3kf7qz2mxa22c",
		title: "Let local teams adapt shared platforms instead of forcing one national product",
		body: "A single system imposed on every health board and council tends to fit none of them well. " +
			"Shared components and standards, yes; identical products everywhere, no.",
		themes: []string{"shared-platforms"},
	},
	{
		key: "offline-route", consultation: demoMarkerSlug, author: "megan_w", age: demoAge(9, 3), votes: 11,
		title: "Keep a phone number and a face-to-face option for every service",
		body: "Digital by default shouldn't mean digital only. My mother is 82 and has never used the internet. Every service should have:\n\n" +
			"- a phone number answered by a person\n" +
			"- somewhere local to get help in person\n" +
			"- paper forms on request, without having to explain why",
		themes: []string{"inclusion"},
		steps: []demoStep{
			{
				ago: demoAge(7, 0), status: StatusUnderReview,
				response: "Under review. Help for people who can't or don't want to go online is part of the panel's inclusion work, " +
					"and we are collecting examples of services where the offline route has been removed.",
				responseCy: "Yn cael ei adolygu. Mae cymorth i bobl na allant fynd ar-lein, neu nad ydynt eisiau gwneud hynny, yn rhan o waith " +
					"cynhwysiant y panel, ac rydym yn casglu enghreifftiau o wasanaethau lle mae'r dewis all-lein wedi'i ddileu.",
			},
			{
				ago: demoAge(5, 4) - 20*time.Minute, status: StatusShortlisted,
				response: "Shortlisted. The panel will ask the board to make a route by phone, in person and on paper part of the " +
					"standard that every new digital service in Wales must meet.",
				responseCy: "Ar y rhestr fer. Bydd y panel yn gofyn i'r bwrdd wneud llwybr dros y ffôn, wyneb yn wyneb ac ar bapur yn rhan " +
					"o'r safon y mae'n rhaid i bob gwasanaeth digidol newydd yng Nghymru ei bodloni.",
				shortlist: &demoRank{rank: 3,
					rationale: "Digital services should make life easier without shutting anyone out. The panel wants the board to set a clear " +
						"rule that protects the offline route whenever a service moves online.",
					rationaleCy: "Dylai gwasanaethau digidol wneud bywyd yn haws heb gau neb allan. Mae'r panel am i'r bwrdd osod rheol glir " +
						"sy'n diogelu'r llwybr all-lein pryd bynnag y bydd gwasanaeth yn symud ar-lein."},
			},
		},
		comments: []demoComment{
			{author: "bethan-h", after: demoAge(0, 4), body: "Strongly agree. The library staff do their best but they are stretched thin."},
			{author: "owain-ap", after: demoAge(0, 18), body: "Think about places with poor mobile signal too. There are still plenty in Gwynedd and Powys.",
				replies: []demoComment{{author: "megan_w", after: demoAge(1, 1), body: "Very true. My mother's village has no signal at all."}}},
			{author: "quickfix-it", after: demoAge(1, 6), body: "Struggling with computers? QuickFix IT offers home visits from £49! Call today for a free quote.",
				report:       &demoReport{by: "bethan-h", after: 35 * time.Minute, reason: "This is an advert, not a comment on the idea."},
				hiddenReason: "Advertising"},
		},
	},
	{
		key: "wales-app", consultation: demoMarkerSlug, author: "tom_r", age: demoAge(16, 1), votes: 2,
		title:  "Build a single Wales app for every public service",
		body:   "One app with everything in it: bins, council tax, GP appointments, school term dates. Log in once and it all just works.",
		themes: []string{"shared-platforms"},
		steps: []demoStep{
			{ago: demoAge(12, 0), status: StatusUnderReview},
			{
				ago: demoAge(7, 0), status: StatusDeclined,
				response: "Declined. The panel thinks a single app for everything would be costly to build and slow to change, and most people " +
					"find services through a search engine rather than an app store. A shared sign-in and common components give most of the " +
					"benefit. We would welcome ideas on which services people most want to use on their phones.",
				responseCy: "Gwrthodwyd. Mae'r panel o'r farn y byddai un ap ar gyfer popeth yn gostus i'w adeiladu ac yn araf i'w newid, ac mae'r " +
					"rhan fwyaf o bobl yn dod o hyd i wasanaethau drwy beiriant chwilio yn hytrach na siop apiau. Mae mewngofnodi a rennir a " +
					"chydrannau cyffredin yn rhoi'r rhan fwyaf o'r budd. Byddem yn croesawu syniadau am ba wasanaethau y mae pobl fwyaf eisiau " +
					"eu defnyddio ar eu ffonau.",
			},
		},
		comments: []demoComment{
			{author: "gareth.lloyd", after: demoAge(0, 10), body: "A website that works well on a phone reaches more people than an app most will never install."},
		},
	},
	{
		key: "sgiliau-data", consultation: demoMarkerSlug, author: "nia.davies", age: demoAge(6, 7), votes: 4,
		title: "Dysgu sgiliau data i staff rheng flaen, nid i arbenigwyr yn unig",
		body: "Mae staff rheng flaen yn casglu llawer o ddata bob dydd, ond anaml y maen nhw'n cael gweld beth sy'n digwydd iddo. " +
			"Byddai cyrsiau byr ac ymarferol, yn Gymraeg ac yn Saesneg, yn eu helpu i ddeall y data hwnnw a'i ddefnyddio i wella " +
			"eu gwasanaethau eu hunain.",
		themes: []string{"skills", "open-data"},
	},
	{
		key: "small-suppliers", consultation: demoMarkerSlug, author: "aled-roberts", age: demoAge(4, 11), votes: 3,
		title: "Let small Welsh suppliers bid for public digital work",
		body: "Frameworks with huge minimum turnovers shut out the small agencies and co-operatives that could do this work well.\n\n" +
			"- Break contracts into smaller lots\n" +
			"- Pay suppliers on time\n" +
			"- Advertise opportunities where small firms actually look",
		themes: []string{"procurement"},
		comments: []demoComment{
			{author: "rob_p", after: demoAge(1, 2), body: "Everyone knows the big suppliers have the procurement teams in their pocket. " +
				"Ask who gets taken to the rugby every year.",
				report: &demoReport{by: "aled-roberts", after: demoAge(0, 3),
					reason: "This accuses council procurement staff of corruption with no evidence. It doesn't belong on my idea."}},
			{author: "gareth.lloyd", after: demoAge(1, 9), body: "Smaller lots would help, but so would a simpler pre-qualification form. " +
				"The last one I filled in was forty pages."},
		},
	},
	{
		key: "my-data", consultation: demoMarkerSlug, author: "bethan-h", age: demoAge(2, 5), votes: 1,
		title: "A plain-language page on what data each service holds about me",
		body: "For each service: what it keeps, why, for how long and who it is shared with, written so that anyone can understand it. " +
			"That would build more trust than any campaign.",
		themes: []string{"open-data", "inclusion"},
	},
	{
		key: "spending-search", consultation: demoMarkerSlug, age: demoAge(8, 4), votes: 3,
		sourceName: "@hywel_digi on Mastodon", sourceURL: "https://social.example/@hywel_digi/111455902773012448",
		title:  "Put all council spending data in one searchable place",
		body:   "Every council's spending over £500, searchable in one place, in a format you can download.",
		themes: []string{"open-data"},
		steps: []demoStep{
			{
				ago: demoAge(6, 0), status: StatusDuplicate, mergedInto: "spending-data",
				response:   "Merged with a similar idea about publishing council spending as open data. Please add your support there.",
				responseCy: "Wedi'i gyfuno â syniad tebyg am gyhoeddi gwariant cynghorau fel data agored. Ychwanegwch eich cefnogaeth yno.",
			},
		},
	},
	{
		key: "open-meetings", consultation: demoMarkerSlug, author: "rhys-morgan", age: demoAge(0, 20), votes: 2,
		title: "Publish the panel's agendas a week ahead and its minutes within a fortnight",
		body: "If openness is the principle, let people see what will be discussed before the meeting, and what was decided soon after. " +
			"Streaming the meetings would be even better.",
		themes: []string{"leadership"},
	},

	// Working in the open: how should NHS Wales build software?
	{
		key: "code-in-the-open", consultation: "nhs-wales-developer-practices", author: "owain-ap", age: demoAge(9, 2), votes: 9,
		title: "All NHS Wales code in version control, and public unless there is a reason not to be",
		body: "Plenty of useful scripts still live on one analyst's laptop or a shared drive. Start with:\n\n" +
			"1. every piece of code in version control, however small\n" +
			"2. public repositories by default, with a short published list of reasons to keep something private\n" +
			"3. no patient data, passwords or keys in any repository, checked automatically on every change\n\n" +
			"There is plenty of precedent for [coding in the open](https://example.org/coding-in-the-open) in health services elsewhere.",
		themes: []string{"shared-platforms", "open-data"},
		steps: []demoStep{
			{ago: demoAge(6, 0), status: StatusUnderReview},
			{
				ago: demoAge(2, 0), status: StatusShortlisted,
				response: "Shortlisted. The technical standards board will discuss a \"public by default\" policy for NHS Wales code at its next meeting.",
				responseCy: "Ar y rhestr fer. Bydd y bwrdd safonau technegol yn trafod polisi \"cyhoeddus yn ddiofyn\" ar gyfer cod GIG Cymru " +
					"yn ei gyfarfod nesaf.",
			},
		},
		comments: []demoComment{
			{author: "priya-shah", after: demoAge(0, 6), body: "Yes please. The automatic secret scanning matters most: one leaked key and the whole idea gets dropped."},
			{author: "gareth.lloyd", after: demoAge(1, 2), body: "How would this work for code written by suppliers?",
				replies: []demoComment{{author: "owain-ap", after: demoAge(1, 8), body: "Contracts should say the NHS owns the code and may publish it. That's as much a procurement change as a technical one."}}},
		},
	},
	{
		key: "code-review", consultation: "nhs-wales-developer-practices", author: "priya-shah", age: demoAge(7, 5), votes: 6,
		title: "Peer review for any code that produces figures used in clinical decisions",
		body: "A second pair of eyes on the code behind figures used in clinical or operational decisions. " +
			"It catches mistakes, spreads knowledge and means more than one person can maintain it.",
		themes: []string{"skills"},
		steps: []demoStep{
			{
				ago: demoAge(2, 0), status: StatusUnderReview,
				response: "Under review. We are asking the analyst community how review could work in teams where only one or two people write code.",
				responseCy: "Yn cael ei adolygu. Rydym yn gofyn i gymuned y dadansoddwyr sut y gallai adolygu weithio mewn timau lle mai dim ond " +
					"un neu ddau o bobl sy'n ysgrifennu cod.",
			},
		},
		comments: []demoComment{
			{author: "sian.pritchard", after: demoAge(0, 14), body: "Teams could pair up across health boards, so nobody reviews alone."},
		},
	},
	{
		key: "coders-community", consultation: "nhs-wales-developer-practices", age: demoAge(8, 6), votes: 7,
		sourceName: "@nhs_py_fan on Mastodon", sourceURL: "https://social.example/@nhs_py_fan/111460118290174551",
		title: "A community of practice for clinicians and analysts who code",
		body: "Monthly meet-ups, online and in person, a shared chat channel and a list of who knows what. " +
			"Most people who code in the NHS taught themselves and work alone.",
		themes: []string{"skills"},
		comments: []demoComment{
			{author: "carys-j", after: demoAge(2, 3), body: "Open it to people in councils and universities too. The problems are much the same."},
		},
	},
	{
		key: "decision-records", consultation: "nhs-wales-developer-practices", author: "sian.pritchard", age: demoAge(5, 8), votes: 3,
		title: "Write down technical decisions, and why, in a short public record",
		body: "When a team chooses a database or a supplier, record what it chose and why. When someone later asks under Freedom of Information, " +
			"the answer already exists, and the next team doesn't repeat the same debate.",
		themes: []string{"shared-platforms", "leadership"},
	},
	{
		key: "safonau-iechyd", consultation: "nhs-wales-developer-practices", author: "dafydd_evans", age: demoAge(4, 1), votes: 5,
		title: "Defnyddio safonau agored ar gyfer data iechyd er mwyn i systemau siarad â'i gilydd",
		body: "Mae gormod o systemau yn y GIG yn methu rhannu gwybodaeth heb i rywun ei theipio eto â llaw. " +
			"Dylai pob system newydd ddefnyddio safonau agored fel FHIR, a dylai hynny fod yn amod ym mhob contract.",
		themes: []string{"shared-platforms", "open-data", "procurement"},
		comments: []demoComment{
			{author: "owain-ap", after: demoAge(0, 9), body: "Ie, a chyhoeddi'r manylion technegol hefyd, fel bod cyflenwyr llai yn gallu cystadlu."},
		},
	},
	{
		key: "tech-debt", consultation: "nhs-wales-developer-practices", author: "carys-j", age: demoAge(3, 3), votes: 2,
		title: "Protect time to look after old systems, not just build new ones",
		body: "Set aside part of every team's time for upgrades, security fixes and tidying up. " +
			"Neglected systems become the expensive emergencies of five years from now.",
		themes: []string{"leadership"},
	},
	{
		key: "accessibility-checks", consultation: "nhs-wales-developer-practices", author: "tom_r", age: demoAge(0, 10), votes: 0,
		title: "Automated accessibility checks on every NHS Wales website change",
		body: "Run automated accessibility tests on every change, and test with disabled people before launch. " +
			"Tools catch perhaps a third of problems; people catch the rest.",
		themes: []string{"inclusion", "user-centred-design"},
	},

	// Making online services work as well in Welsh (closed).
	{
		key: "cofio-iaith", consultation: "welsh-language-online", author: "nia.davies", age: demoAge(145, 6), votes: 11,
		title: "Cofio dewis iaith pobl ar draws pob gwasanaeth",
		body: "Bob tro rydw i'n mewngofnodi i wasanaeth newydd mae'n rhaid i mi ddewis Cymraeg eto. Dylai fy newis iaith gael ei gofio, " +
			"ac os ydw i wedi dewis Cymraeg, dylai llythyrau, negeseuon testun ac e-byst ddod yn Gymraeg hefyd.",
		themes: []string{"welsh-language", "shared-platforms"},
		steps: []demoStep{
			{ago: demoAge(140, 0), status: StatusUnderReview},
			{
				ago: demoAge(86, 0), status: StatusInProgress,
				response: "In progress. The team behind the shared sign-in service is adding a language preference that the services " +
					"connected to it can read. We will update this page when it is live.",
				responseCy: "Ar y gweill. Mae'r tîm sy'n gyfrifol am y gwasanaeth mewngofnodi a rennir yn ychwanegu dewis iaith y gall y " +
					"gwasanaethau sydd wedi'u cysylltu ag ef ei ddarllen. Byddwn yn diweddaru'r dudalen hon pan fydd yn fyw.",
			},
			{
				ago: demoAge(20, 0), status: StatusDone,
				response: "Done. The shared sign-in service now remembers each person's choice of language and passes it on to the services " +
					"connected to it, and letters, texts and emails follow that choice. Thank you to everyone who supported this idea.",
				responseCy: "Wedi'i wneud. Mae'r gwasanaeth mewngofnodi a rennir bellach yn cofio dewis iaith pob person ac yn ei drosglwyddo i'r " +
					"gwasanaethau sydd wedi'u cysylltu ag ef, ac mae llythyrau, negeseuon testun ac e-byst yn dilyn y dewis hwnnw. " +
					"Diolch i bawb a gefnogodd y syniad hwn.",
			},
		},
		comments: []demoComment{
			{author: "dafydd_evans", after: demoAge(0, 8), body: "Byddai hyn yn gwneud gwahaniaeth mawr. Rwy'n rhoi'r gorau i ddewis Cymraeg weithiau am ei fod mor drafferthus."},
			{author: "bethan-h", after: demoAge(1, 5), body: "Same for English speakers learning Welsh: let us switch back and forth easily."},
		},
	},
	{
		key: "test-in-welsh", consultation: "welsh-language-online", author: "owain-ap", age: demoAge(140, 2), votes: 8,
		title: "Test Welsh versions of services with Welsh speakers, not only proofreaders",
		body: "A translation can be accurate and still be confusing. Include Welsh speakers in every round of user research, " +
			"and test the Welsh service as a service, not as a document.",
		themes: []string{"welsh-language", "user-centred-design"},
		steps: []demoStep{
			{ago: demoAge(135, 0), status: StatusUnderReview},
			{
				ago: demoAge(60, 0), status: StatusInProgress,
				response: "In progress. Three services are recruiting Welsh-speaking participants for their next round of user research, " +
					"and we will publish what they learn.",
				responseCy: "Ar y gweill. Mae tri gwasanaeth yn recriwtio cyfranogwyr sy'n siarad Cymraeg ar gyfer eu rownd nesaf o ymchwil " +
					"defnyddwyr, a byddwn yn cyhoeddi'r hyn y maen nhw'n ei ddysgu.",
			},
		},
	},
	{
		key: "glossary", consultation: "welsh-language-online", age: demoAge(138, 9), votes: 6,
		sourceName: "@iaith_ar_lein on Mastodon", sourceURL: "https://social.example/@iaith_ar_lein/110880412377650913",
		title: "A shared Welsh-English glossary of terms for public-sector websites",
		body: "Every organisation translates \"sign in\", \"account\" and \"upload\" differently. One shared list of terms, " +
			"kept up to date, would make services feel consistent.",
		themes: []string{"welsh-language", "shared-platforms"},
		steps: []demoStep{
			{ago: demoAge(130, 0), status: StatusUnderReview},
			{
				ago: demoAge(12, 0), status: StatusOnAgenda,
				response: "On the agenda for the board's next meeting, with a proposal to build on the existing national terminology resources " +
					"rather than start a new list.",
				responseCy: "Ar agenda cyfarfod nesaf y bwrdd, gyda chynnig i adeiladu ar yr adnoddau termau cenedlaethol presennol yn hytrach " +
					"na dechrau rhestr newydd.",
			},
		},
	},
	{
		key: "machine-translation", consultation: "welsh-language-online", author: "gareth.lloyd", age: demoAge(130, 4), votes: 1,
		title:  "Use machine translation for all Welsh content to save money",
		body:   "Translation is slow and expensive. Machine translation is good enough now: use it for everything and let people report mistakes.",
		themes: []string{"welsh-language", "procurement"},
		steps: []demoStep{
			{ago: demoAge(126, 0), status: StatusUnderReview},
			{
				ago: demoAge(80, 0), status: StatusDeclined,
				response: "Declined. Machine translation can help translators work faster, but publishing it unchecked would make Welsh-language " +
					"services worse than English ones, which neither the law nor the panel's principles allow. The panel supports translation " +
					"tools used by professional translators.",
				responseCy: "Gwrthodwyd. Gall cyfieithu peirianyddol helpu cyfieithwyr i weithio'n gyflymach, ond byddai ei gyhoeddi heb ei wirio " +
					"yn gwneud gwasanaethau Cymraeg yn waeth na rhai Saesneg, ac nid yw'r gyfraith nac egwyddorion y panel yn caniatáu hynny. " +
					"Mae'r panel yn cefnogi offer cyfieithu a ddefnyddir gan gyfieithwyr proffesiynol.",
			},
		},
		comments: []demoComment{
			{author: "carys-j", after: demoAge(0, 3), body: "Useful as a first draft for a translator, but please never unchecked."},
			{author: "dafydd_evans", after: demoAge(0, 12), body: "Mae cyfieithu peirianyddol wedi gwella, ond mae'n dal i wneud camgymeriadau rhyfedd gyda threigladau.",
				replies: []demoComment{{author: "gareth.lloyd", after: demoAge(1, 0), body: "Fair enough. Translator-checked machine translation would still be quicker, I think."}}},
		},
	},
	{
		key: "error-messages", consultation: "welsh-language-online", author: "megan_w", age: demoAge(120, 7), votes: 5,
		title: "Welsh error messages and help text in every online form",
		body: "Too often the form is in Welsh but the moment something goes wrong the message appears in English. " +
			"Shared form components should come with Welsh versions of every standard message.",
		themes: []string{"welsh-language", "shared-platforms"},
		steps: []demoStep{
			{ago: demoAge(115, 0), status: StatusUnderReview},
			{
				ago: demoAge(40, 0), status: StatusDone,
				response:   "Done. The shared form components now include a Welsh version of every standard error message and hint.",
				responseCy: "Wedi'i wneud. Mae'r cydrannau ffurflen a rennir bellach yn cynnwys fersiwn Gymraeg o bob neges gwall a chyngor safonol.",
			},
		},
	},
	{
		key: "switch-language", consultation: "welsh-language-online", author: "aled-roberts", age: demoAge(110, 1), votes: 4,
		title: "Let people switch language on any page without losing what they have typed",
		body: "Halfway through a long form, switching to Welsh (or back to English) often sends you back to the start. " +
			"The language switch should keep your answers.",
		themes: []string{"welsh-language", "user-centred-design"},
		steps: []demoStep{
			{ago: demoAge(105, 0), status: StatusUnderReview},
			{
				ago: demoAge(80, 0), status: StatusShortlisted,
				response:   "Shortlisted for the next review of the shared form components.",
				responseCy: "Ar y rhestr fer ar gyfer yr adolygiad nesaf o'r cydrannau ffurflen a rennir.",
			},
		},
	},
}
