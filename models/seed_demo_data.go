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
	board                                            string        // the slug of the board it is run for, if any
	status                                           string        // the stage it is in: draft, scheduled, open or closed
	themes                                           string        // themes it starts with, one per line
	closeReason                                      string        // why staff closed it, when closed
	outcome, outcomeCy                               string        // the outcome report's introduction, if published
	outcomePublished                                 time.Duration // how long ago it was published
	opened                                           time.Duration // how long ago it opened
	closes                                           time.Duration // from now; negative when it has closed
}

var demoConsultations = []demoConsultation{
	{
		slug:    demoMarkerSlug,
		board:   demoPanelBoard,
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
		board:   demoStandardsBoard,
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
		board:   demoPanelBoard,
		title:   "Making online services work as well in Welsh",
		titleCy: "Gwneud i wasanaethau ar-lein weithio cystal yn Gymraeg",
		description: "We asked how public bodies could make their websites, forms and apps as good in Welsh as they are in English. " +
			"This consultation has closed; the panel's answer to each idea is shown beside it.",
		descriptionCy: "Gofynnon ni sut y gallai cyrff cyhoeddus wneud eu gwefannau, eu ffurflenni a'u hapiau cystal yn Gymraeg ag y maen nhw yn Saesneg. " +
			"Mae'r ymgynghoriad hwn wedi cau; mae ateb y panel i bob syniad i'w weld wrth ei ochr.",
		status:      "closed",
		closeReason: "The panel had what it needed for its report to the Welsh Government.",
		outcome: "Thank you to everyone who took part. Below is every idea you shared and what became of it: " +
			"what the panel took forward, what it declined and why, and what is still being looked at.",
		outcomeCy: "Diolch i bawb a gymerodd ran. Isod mae pob syniad a rannwyd gennych a beth ddaeth ohono: " +
			"yr hyn a aeth y panel ag ef ymlaen, yr hyn a wrthododd a pham, a'r hyn sy'n dal i gael ei ystyried.",
		outcomePublished: demoAge(60, 0),
		opened:           demoAge(154, 0),
		closes:           -demoAge(84, 0),
	},
	{
		slug:    "libraries-online",
		title:   "Libraries online: what should come next?",
		titleCy: "Llyfrgelloedd ar-lein: beth ddylai ddod nesaf?",
		description: "Public libraries in Wales lend e-books, run online sessions and help people get online. " +
			"From its opening day, tell us which online library services you would use and what would help you use them.",
		descriptionCy: "Mae llyfrgelloedd cyhoeddus yng Nghymru yn benthyg e-lyfrau, yn cynnal sesiynau ar-lein ac yn helpu pobl i fynd ar-lein. " +
			"O'r diwrnod y mae'n agor, dywedwch wrthym pa wasanaethau llyfrgell ar-lein y byddech chi'n eu defnyddio a beth fyddai'n eich helpu i'w defnyddio.",
		status: "scheduled",
		opened: -demoAge(14, 0), // opens in a fortnight
		closes: demoAge(70, 0),
	},
	{
		slug:        "digital-skills-schools",
		title:       "Digital skills in schools (draft)",
		titleCy:     "Sgiliau digidol mewn ysgolion (drafft)",
		description: "A draft the secretariat is still preparing: only staff can see it, at its real address, marked as a preview.",
		descriptionCy: "Drafft y mae'r ysgrifenyddiaeth yn dal i'w baratoi: dim ond staff sy'n gallu ei weld, yn ei gyfeiriad go iawn, " +
			"wedi'i farcio fel rhagolwg.",
		status: "draft",
		opened: -demoAge(60, 0),
		closes: demoAge(120, 0),
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

// demoBoard is a body that meets and keeps an action log. Staff created it `created` ago.
type demoBoard struct {
	slug, name, nameCy, description, descriptionCy, refPrefix string
	created                                                   time.Duration
}

// The Digital Panel runs the consultations; the technical standards board has none of its own.
const (
	demoPanelBoard     = "digital-panel"
	demoStandardsBoard = "welsh-technical-standards-board"
)

var demoBoards = []demoBoard{
	{
		slug: demoPanelBoard, name: "Digital Panel", nameCy: "Panel Digidol", refPrefix: "DP", created: demoAge(199, 0),
		description: "The Digital Panel advises the Welsh Government on how public services in Wales can use digital, data and " +
			"technology to make life better for the people who use them. It meets several times a year, takes the ideas people " +
			"share here to its meetings and keeps a public log of what it has agreed to do.",
		descriptionCy: "Mae'r Panel Digidol yn cynghori Llywodraeth Cymru ar sut y gall gwasanaethau cyhoeddus yng Nghymru ddefnyddio " +
			"digidol, data a thechnoleg i wneud bywyd yn well i'r bobl sy'n eu defnyddio. Mae'n cyfarfod sawl gwaith y flwyddyn, yn " +
			"mynd â'r syniadau y mae pobl yn eu rhannu yma i'w gyfarfodydd ac yn cadw log cyhoeddus o'r hyn y mae wedi cytuno i'w wneud.",
	},
	{
		slug: demoStandardsBoard, name: "Welsh Technical Standards Board", nameCy: "Bwrdd Safonau Technegol Cymru", refPrefix: "WTSB",
		created: demoAge(64, 0),
		description: "The board agrees the technical standards that digital health and care services in Wales are built on, and " +
			"looks after the people who build them: their tools, their practices and the way teams work together across organisations.",
		descriptionCy: "Mae'r bwrdd yn cytuno ar y safonau technegol y mae gwasanaethau iechyd a gofal digidol yng Nghymru wedi'u " +
			"hadeiladu arnynt, ac yn gofalu am y bobl sy'n eu hadeiladu: eu hoffer, eu harferion a'r ffordd y mae timau'n " +
			"cydweithio ar draws sefydliadau.",
	},
}

// demoMeeting is one meeting of a board and the work done for it, in order: staff schedule it
// and draw up its agenda, put ideas on it once the panel has decided on them, then either cancel
// it or, once it has been held, raise its actions, record each item's outcome, write the minutes
// and perhaps publish them; the panel may then decide on the ideas it took up. A past meeting
// falls on the last weekday that starts at least `ago` before the seed runs; a planned one on the
// first weekday that starts at least `ahead` after, so the demo's meetings always fall on working
// days.
type demoMeeting struct {
	key, board                                 string
	title, titleCy, description, descriptionCy string
	status                                     string        // what became of it
	ago, ahead                                 time.Duration // one of the two
	start, end                                 string        // UK time
	location, postcode, onlineURL              string
	locationCy                                 string

	// When staff scheduled it and drew up its agenda: how long before the seed runs or, for a
	// meeting arranged at an earlier one (after), how long after that one ended.
	after                  string
	scheduled, agendaDrawn time.Duration
	items                  []demoItem

	// Cancelled: when, why (for the record), and the note put at the top of its description.
	cancelled                time.Duration
	cancelReason             string
	cancelNote, cancelNoteCy string

	// Held: who came, the minutes (Markdown, wrapped; {action-key} becomes that action's
	// reference), written and then perhaps published some time after the meeting ended (a zero
	// published leaves them for sign-off at the next meeting), and the panel's decisions after it.
	attendees, apologies      []string
	minutes, minutesCy        string
	minutesDrafted, published time.Duration
	decisions                 []demoFollowUp
}

// demoItem is one numbered agenda item: the ideas it takes up (by key) and, once the meeting is
// held, its outcome and the actions raised at it.
type demoItem struct {
	title, titleCy, description, descriptionCy string
	presenters                                 string
	minutes                                    int
	ideas                                      []string
	outcome, outcomeCy                         string // {action-key} becomes that action's reference
	actions                                    []demoBoardAction
}

// demoBoardAction is an action raised at an agenda item, with its progress since.
type demoBoardAction struct {
	key                        string
	description, descriptionCy string
	owner, ownerHandle         string
	due                        int      // days after the meeting
	ideas                      []string // keys of the ideas it follows up
	updates                    []demoProgress
}

// demoProgress is a dated note on an action: `ago` before the seed runs, or `after` the action
// was raised. The secretariat records it unless its owner has an account here.
type demoProgress struct {
	ago, after   time.Duration
	status       string // "" keeps the status
	body, bodyCy string
}

// demoFollowUp is the panel's decision on an idea a meeting took up, some time after the meeting.
type demoFollowUp struct {
	idea                 string
	after                time.Duration
	status               string
	response, responseCy string // {action-key} becomes that action's reference
}

// The people who sit on the boards. Only Huw Jenkins (demo-panel) and Elin Thomas (demo-staff)
// have accounts here.
const (
	dpChair    = "Catrin Lewis"
	wtsbChair  = "Dr Rhian Edwards"
	chairRole  = ", Chair / Cadeirydd"
	secretary  = ", secretariat / ysgrifenyddiaeth"
	cathays    = "Welsh Government offices, Cathays Park, Cardiff"
	cathaysCy  = "Swyddfeydd Llywodraeth Cymru, Parc Cathays, Caerdydd"
	cathaysPC  = "CF10 3NQ"
	panelVideo = "https://meet.example.wales/panel-digidol"
)

var (
	itemReviewLog = demoItem{
		title: "Minutes of the last meeting and review of the action log", titleCy: "Cofnodion y cyfarfod diwethaf ac adolygu'r log gweithredu",
		presenters: dpChair, minutes: 15,
	}
	itemAOB = demoItem{title: "Any other business", titleCy: "Unrhyw fater arall", presenters: dpChair, minutes: 10}
)

// with returns a copy of a standard item with its outcome, for a meeting that has been held.
func (it demoItem) with(outcome, outcomeCy string) demoItem {
	it.outcome, it.outcomeCy = outcome, outcomeCy
	return it
}

var demoMeetings = []demoMeeting{
	// The Digital Panel decides to open its work up: a consultation, and ideas gathered from social media.
	{
		key: "dp-opening", board: demoPanelBoard, status: MeetingMinutesPublished,
		title: "Opening up the panel's work", titleCy: "Agor gwaith y panel i bawb",
		description:   "How the panel can hear from more people, and what it needs to know about Welsh-language digital services.",
		descriptionCy: "Sut y gall y panel glywed gan fwy o bobl, a'r hyn sydd angen iddo ei wybod am wasanaethau digidol Cymraeg.",
		ago:           demoAge(40, 0), start: "10:00", end: "12:30", onlineURL: panelVideo,
		scheduled: demoAge(70, 0), agendaDrawn: demoAge(47, 0),
		attendees: []string{dpChair + chairRole, "Huw Jenkins", "Sarah Mitchell", "Iwan Prys", "Anjali Patel", "Elin Thomas" + secretary},
		apologies: []string{"Mark Davies"},
		items: []demoItem{
			itemReviewLog.with(
				"The minutes of the last meeting were agreed as a true record and signed off for publication. There were no open actions.",
				"Cytunwyd bod cofnodion y cyfarfod diwethaf yn gofnod cywir, a chawsant eu cymeradwyo i'w cyhoeddi. Nid oedd unrhyw "+
					"gamau gweithredu yn agored."),
			{
				title: "How should the panel involve more people?", titleCy: "Sut dylai'r panel gynnwys mwy o bobl?",
				description: "The panel shares its thinking on social media, but that reaches only some of the people it needs to hear " +
					"from. How else could people take part?",
				descriptionCy: "Mae'r panel yn rhannu ei syniadau ar y cyfryngau cymdeithasol, ond dim ond rhai o'r bobl y mae angen " +
					"iddo glywed ganddynt y mae hynny'n eu cyrraedd. Sut arall y gallai pobl gymryd rhan?",
				presenters: "Huw Jenkins", minutes: 40,
				outcome: "It was decided that the panel will run an open consultation here, \"Digital in Wales: what would you do?\", " +
					"and that the secretariat will record ideas shared on social media with a link to each, so that every idea can be " +
					"supported and answered in one place. Members agreed that the panel should also set out, in a letter to the next " +
					"First Minister, what digital public services in Wales need from their leaders.",
				outcomeCy: "Penderfynwyd y bydd y panel yn cynnal ymgynghoriad agored yma, \"Digidol yng Nghymru: beth fyddech chi'n ei " +
					"wneud?\", ac y bydd yr ysgrifenyddiaeth yn cofnodi syniadau a rennir ar y cyfryngau cymdeithasol, gyda dolen i bob " +
					"un, fel bod modd cefnogi ac ymateb i bob syniad mewn un lle. Cytunodd yr aelodau y dylai'r panel hefyd nodi, mewn " +
					"llythyr at y Prif Weinidog nesaf, yr hyn sydd ei angen ar wasanaethau cyhoeddus digidol yng Nghymru gan eu harweinwyr.",
				actions: []demoBoardAction{
					{
						key:         "open-consultation",
						description: "Open the consultation \"Digital in Wales: what would you do?\" and record ideas shared on social media, with a link to each.",
						descriptionCy: "Agor yr ymgynghoriad \"Digidol yng Nghymru: beth fyddech chi'n ei wneud?\" a chofnodi syniadau a " +
							"rennir ar y cyfryngau cymdeithasol, gyda dolen i bob un.",
						owner: "Elin Thomas", ownerHandle: demoStaff, due: 28,
						updates: []demoProgress{{
							ago: demoAge(19, 22), status: ActionDone,
							body: "The consultation is open in Welsh and English. The first ideas from social media have been recorded, " +
								"each with a link to where it was shared.",
							bodyCy: "Mae'r ymgynghoriad ar agor yn Gymraeg ac yn Saesneg. Mae'r syniadau cyntaf o'r cyfryngau cymdeithasol " +
								"wedi'u cofnodi, pob un gyda dolen i'r man lle cafodd ei rannu.",
						}},
					},
					{
						key:         "letter",
						description: "Draft a letter from the panel to the next First Minister on what digital public services in Wales need from their leaders.",
						descriptionCy: "Drafftio llythyr gan y panel at y Prif Weinidog nesaf ar yr hyn sydd ei angen ar wasanaethau " +
							"cyhoeddus digidol yng Nghymru gan eu harweinwyr.",
						owner: dpChair, due: 21,
						// Still open, and overdue.
						updates: []demoProgress{{
							ago: demoAge(16, 3),
							body: "Not started. The Chair has asked for it to wait for the consultation's shortlist, so that the letter " +
								"can draw on what people have told the panel. It will be carried forward to the next meeting.",
							bodyCy: "Heb ddechrau. Mae'r Cadeirydd wedi gofyn iddo aros am restr fer yr ymgynghoriad, fel bod y llythyr yn " +
								"gallu defnyddio'r hyn y mae pobl wedi'i ddweud wrth y panel. Bydd yn cael ei gario ymlaen i'r cyfarfod nesaf.",
						}},
					},
				},
			},
			{
				title: "Welsh-language digital services: where we stand", titleCy: "Gwasanaethau digidol Cymraeg: ble rydyn ni arni",
				presenters: "Huw Jenkins", minutes: 30,
				outcome: "Huw Jenkins summarised the panel's earlier consultation on services in Welsh: two of its ideas are in " +
					"progress and a third is nearly done. It was decided to ask the Welsh Language Commissioner's office for advice on " +
					"designing digital services in Welsh from the start, rather than translating them at the end.",
				outcomeCy: "Rhoddodd Huw Jenkins grynodeb o ymgynghoriad blaenorol y panel ar wasanaethau Cymraeg: mae dau o'i syniadau " +
					"ar y gweill a'r trydydd bron wedi'i wneud. Penderfynwyd gofyn i swyddfa Comisiynydd y Gymraeg am gyngor ar ddylunio " +
					"gwasanaethau digidol yn Gymraeg o'r dechrau, yn hytrach na'u cyfieithu ar y diwedd.",
				actions: []demoBoardAction{{
					key:           "commissioner",
					description:   "Ask the Welsh Language Commissioner's office for advice on designing digital services in Welsh from the start.",
					descriptionCy: "Gofyn i swyddfa Comisiynydd y Gymraeg am gyngor ar ddylunio gwasanaethau digidol yn Gymraeg o'r dechrau.",
					owner:         "Huw Jenkins", ownerHandle: demoPanel, due: 56,
					updates: []demoProgress{{
						ago: demoAge(15, 5), status: ActionInProgress,
						body:   "Met officials from the Commissioner's office; they will send written advice over the coming weeks.",
						bodyCy: "Cyfarfod â swyddogion o swyddfa'r Comisiynydd; byddant yn anfon cyngor ysgrifenedig dros yr wythnosau nesaf.",
					}},
				}},
			},
			itemAOB.with("None. The next meeting will be held in Aberystwyth.", "Dim. Cynhelir y cyfarfod nesaf yn Aberystwyth."),
		},
		minutesDrafted: demoAge(2, 0), published: demoAge(7, 0),
		minutes: `## 1. Minutes of the last meeting and review of the action log

The minutes of the last meeting were agreed as a true record and signed off for publication. There were no open actions.

## 2. How should the panel involve more people?

Huw Jenkins opened the discussion. The panel shares its thinking on social media, which reaches many people quickly but mostly
people who already follow its work; members were wary of an echo chamber.

It was decided that the panel will run an open consultation here, *Digital in Wales: what would you do?*, and that the
secretariat will record ideas shared on social media, with a link to each, so that every idea can be supported and answered in
one place.

Members agreed that the panel should also set out, in a letter to the next First Minister, what digital public services in
Wales need from their leaders.

- **{open-consultation}**: Elin Thomas to open the consultation and record ideas shared on social media.
- **{letter}**: Catrin Lewis to draft the letter to the next First Minister.

## 3. Welsh-language digital services: where we stand

Huw Jenkins summarised the panel's earlier consultation on services in Welsh: two of its ideas are in progress and a third is
nearly done. Members agreed that services designed in Welsh from the start work better, and cost less, than services
translated at the end.

- **{commissioner}**: Huw Jenkins to ask the Welsh Language Commissioner's office for advice.

## 4. Any other business

None. The next meeting will be held in Aberystwyth.
`,
		minutesCy: `## 1. Cofnodion y cyfarfod diwethaf ac adolygu'r log gweithredu

Cytunwyd bod cofnodion y cyfarfod diwethaf yn gofnod cywir, a chawsant eu cymeradwyo i'w cyhoeddi. Nid oedd unrhyw gamau
gweithredu yn agored.

## 2. Sut dylai'r panel gynnwys mwy o bobl?

Agorodd Huw Jenkins y drafodaeth. Mae'r panel yn rhannu ei syniadau ar y cyfryngau cymdeithasol, sy'n cyrraedd llawer o bobl yn
gyflym ond yn bennaf pobl sydd eisoes yn dilyn ei waith; roedd yr aelodau'n wyliadwrus o greu siambr adlais.

Penderfynwyd y bydd y panel yn cynnal ymgynghoriad agored yma, *Digidol yng Nghymru: beth fyddech chi'n ei wneud?*, ac y bydd
yr ysgrifenyddiaeth yn cofnodi syniadau a rennir ar y cyfryngau cymdeithasol, gyda dolen i bob un, fel bod modd cefnogi ac
ymateb i bob syniad mewn un lle.

Cytunodd yr aelodau y dylai'r panel hefyd nodi, mewn llythyr at y Prif Weinidog nesaf, yr hyn sydd ei angen ar wasanaethau
cyhoeddus digidol yng Nghymru gan eu harweinwyr.

- **{open-consultation}**: Elin Thomas i agor yr ymgynghoriad a chofnodi syniadau a rennir ar y cyfryngau cymdeithasol.
- **{letter}**: Catrin Lewis i ddrafftio'r llythyr at y Prif Weinidog nesaf.

## 3. Gwasanaethau digidol Cymraeg: ble rydyn ni arni

Rhoddodd Huw Jenkins grynodeb o ymgynghoriad blaenorol y panel ar wasanaethau Cymraeg: mae dau o'i syniadau ar y gweill a'r
trydydd bron wedi'i wneud. Cytunodd yr aelodau fod gwasanaethau sydd wedi'u dylunio yn Gymraeg o'r dechrau yn gweithio'n well,
ac yn costio llai, na gwasanaethau sy'n cael eu cyfieithu ar y diwedd.

- **{commissioner}**: Huw Jenkins i ofyn i swyddfa Comisiynydd y Gymraeg am gyngor.

## 4. Unrhyw fater arall

Dim. Cynhelir y cyfarfod nesaf yn Aberystwyth.
`,
	},

	// Postponed until the consultation had a shortlist to discuss.
	{
		key: "dp-leadership", board: demoPanelBoard, status: MeetingCancelled,
		title: "Leadership and permission to change", titleCy: "Arweinyddiaeth a chaniatâd i newid",
		description: "What leaders and ministers need to do so that public services can work in the open, try things quickly and " +
			"stop what isn't working.",
		descriptionCy: "Beth sydd angen i arweinwyr a gweinidogion ei wneud er mwyn i wasanaethau cyhoeddus allu gweithio'n agored, " +
			"rhoi cynnig ar bethau'n gyflym a rhoi'r gorau i'r hyn nad yw'n gweithio.",
		ago: demoAge(18, 0), start: "10:30", end: "13:00",
		location:   "Welsh Government offices, Rhodfa Padarn, Aberystwyth",
		locationCy: "Swyddfeydd Llywodraeth Cymru, Rhodfa Padarn, Aberystwyth", postcode: "SY23 3UR",
		after: "dp-opening", scheduled: 2 * time.Hour, agendaDrawn: demoAge(15, 0),
		items: []demoItem{
			itemReviewLog,
			{
				title: "Leadership and permission to change", titleCy: "Arweinyddiaeth a chaniatâd i newid",
				description: "What \"permission\" means in practice: who has to say yes before a team can change a service, and how " +
					"that could be quicker.",
				descriptionCy: "Ystyr \"caniatâd\" yn ymarferol: pwy sy'n gorfod dweud ie cyn y gall tîm newid gwasanaeth, a sut y " +
					"gallai hynny fod yn gyflymach.",
				presenters: dpChair + ", Iwan Prys", minutes: 60,
			},
		},
		cancelled:    demoAge(22, 0),
		cancelReason: "Postponed until the consultation's first shortlist is ready.",
		cancelNote: "Postponed. The panel will meet once the consultation's first shortlist is ready, so that it can discuss the " +
			"ideas people have shared. Leadership will be discussed at a later meeting.",
		cancelNoteCy: "Wedi'i ohirio. Bydd y panel yn cyfarfod pan fydd rhestr fer gyntaf yr ymgynghoriad yn barod, er mwyn iddo " +
			"drafod y syniadau y mae pobl wedi'u rhannu. Bydd arweinyddiaeth yn cael ei thrafod mewn cyfarfod diweddarach.",
	},

	// The panel discusses the crowdsourced ideas and the top of its shortlist.
	{
		key: "dp-what-you-told-us", board: demoPanelBoard, status: MeetingMinutesPublished,
		title: "Digital in Wales: what you told us", titleCy: "Digidol yng Nghymru: yr hyn a ddywedoch wrthym",
		description:   "The panel discusses the ideas shared in its consultation and the shortlist it has drawn from them.",
		descriptionCy: "Mae'r panel yn trafod y syniadau a rannwyd yn ei ymgynghoriad a'r rhestr fer y mae wedi'i llunio ohonynt.",
		// At least a day and a half ago, so its minutes and first progress are in; at most four and a
		// half, so the panel had shortlisted the ideas it discussed.
		ago: demoAge(1, 12), start: "10:00", end: "12:30",
		location:   "Welsh Government offices, Sarn Mynach, Llandudno Junction",
		locationCy: "Swyddfeydd Llywodraeth Cymru, Sarn Mynach, Cyffordd Llandudno", postcode: "LL31 9RZ",
		scheduled: demoAge(21, 23), agendaDrawn: demoAge(9, 0),
		attendees: []string{dpChair + chairRole, "Huw Jenkins", "Mark Davies", "Iwan Prys", "Anjali Patel", "Elin Thomas" + secretary},
		apologies: []string{"Sarah Mitchell"},
		items: []demoItem{
			itemReviewLog.with(
				"The minutes of the last meeting had already been agreed by correspondence and published. The panel reviewed the action "+
					"log: {open-consultation} is done; {commissioner} is in progress; {letter} is overdue and was carried forward, so that "+
					"the letter can draw on the consultation's shortlist.",
				"Roedd cofnodion y cyfarfod diwethaf eisoes wedi'u cytuno drwy ohebiaeth a'u cyhoeddi. Adolygodd y panel y log "+
					"gweithredu: mae {open-consultation} wedi'i gwblhau; mae {commissioner} ar y gweill; mae {letter} yn hwyr ac fe'i "+
					"cariwyd ymlaen, fel bod y llythyr yn gallu defnyddio rhestr fer yr ymgynghoriad."),
			{
				title: "Presentation: what the consultation has heard so far", titleCy: "Cyflwyniad: yr hyn y mae'r ymgynghoriad wedi'i glywed hyd yma",
				presenters: "Elin Thomas", minutes: 20,
				outcome: "Elin Thomas presented the ideas received so far, in Welsh and English, from members here and from social " +
					"media. Members noted that most came from people who already work in or around digital services. It was decided to " +
					"take the consultation to libraries and community centres, with paper forms, so that people who are not online can take part.",
				outcomeCy: "Cyflwynodd Elin Thomas y syniadau a ddaeth i law hyd yma, yn Gymraeg ac yn Saesneg, gan aelodau yma ac o'r " +
					"cyfryngau cymdeithasol. Nododd yr aelodau fod y rhan fwyaf wedi dod gan bobl sydd eisoes yn gweithio ym maes " +
					"gwasanaethau digidol neu'n agos ato. Penderfynwyd mynd â'r ymgynghoriad i lyfrgelloedd a chanolfannau cymunedol, " +
					"gyda ffurflenni papur, er mwyn i bobl nad ydynt ar-lein allu cymryd rhan.",
				actions: []demoBoardAction{{
					key: "paper-forms",
					description: "Take the consultation to three libraries and community centres, with paper forms in Welsh and English, " +
						"and record the ideas gathered there.",
					descriptionCy: "Mynd â'r ymgynghoriad i dair llyfrgell a chanolfan gymunedol, gyda ffurflenni papur yn Gymraeg ac yn " +
						"Saesneg, a chofnodi'r syniadau a gesglir yno.",
					owner: "Elin Thomas", ownerHandle: demoStaff, due: 28,
				}},
			},
			{
				title: "The crowdsourced ideas: the panel's shortlist", titleCy: "Y syniadau a gasglwyd gan y cyhoedd: rhestr fer y panel",
				description:   "The panel's shortlist from the consultation, with the two ideas ranked highest for discussion today.",
				descriptionCy: "Rhestr fer y panel o'r ymgynghoriad, gyda'r ddau syniad sydd ar frig y rhestr i'w trafod heddiw.",
				presenters:    "Huw Jenkins", minutes: 45,
				ideas: []string{"discovery", "cymraeg-day-one"},
				outcome: "It was decided that the panel will recommend to the Minister that a published discovery, carried out with the " +
					"people who will use a service, becomes a condition of funding for new digital projects. On services in Welsh from " +
					"the start, members agreed to wait for the Welsh Language Commissioner's advice and to bring a recommendation to the next meeting.",
				outcomeCy: "Penderfynwyd y bydd y panel yn argymell i'r Gweinidog y dylai cyfnod darganfod wedi'i gyhoeddi, a gynhelir " +
					"gyda'r bobl a fydd yn defnyddio gwasanaeth, fod yn amod cyllido ar gyfer prosiectau digidol newydd. O ran " +
					"gwasanaethau yn Gymraeg o'r dechrau, cytunodd yr aelodau i aros am gyngor Comisiynydd y Gymraeg a dod ag " +
					"argymhelliad i'r cyfarfod nesaf.",
				actions: []demoBoardAction{
					{
						key:         "discovery-letter",
						description: "Write to the Minister recommending that a published discovery becomes a condition of funding for new digital projects.",
						descriptionCy: "Ysgrifennu at y Gweinidog yn argymell bod cyfnod darganfod wedi'i gyhoeddi yn dod yn amod cyllido ar " +
							"gyfer prosiectau digidol newydd.",
						owner: dpChair, due: 14, ideas: []string{"discovery"},
						updates: []demoProgress{{
							after: demoAge(1, 2), status: ActionInProgress,
							body:   "Draft letter shared with panel members for comment; it will go to the Minister once they have replied.",
							bodyCy: "Mae drafft o'r llythyr wedi'i rannu ag aelodau'r panel i gael eu sylwadau; bydd yn mynd at y Gweinidog ar ôl iddynt ymateb.",
						}},
					},
					{
						key: "welsh-advice",
						description: "Bring the Welsh Language Commissioner's advice to the next meeting, with a draft recommendation on " +
							"designing services in Welsh from the start.",
						descriptionCy: "Dod â chyngor Comisiynydd y Gymraeg i'r cyfarfod nesaf, gydag argymhelliad drafft ar ddylunio " +
							"gwasanaethau yn Gymraeg o'r dechrau.",
						owner: "Huw Jenkins", ownerHandle: demoPanel, due: 25, ideas: []string{"cymraeg-day-one"},
					},
				},
			},
			{
				title: "A shared Welsh-English glossary for public-sector websites", titleCy: "Geirfa Gymraeg-Saesneg a rennir ar gyfer gwefannau'r sector cyhoeddus",
				presenters: "Huw Jenkins", minutes: 15,
				ideas: []string{"glossary"},
				outcome: "It was decided not to start a new list. The panel will ask the national terminology resources to add a core set " +
					"of terms for online services, such as \"sign in\", \"account\" and \"upload\", so that every organisation can use the same words.",
				outcomeCy: "Penderfynwyd peidio â dechrau rhestr newydd. Bydd y panel yn gofyn i'r adnoddau termau cenedlaethol ychwanegu " +
					"set graidd o dermau ar gyfer gwasanaethau ar-lein, fel \"mewngofnodi\", \"cyfrif\" a \"lanlwytho\", er mwyn i bob " +
					"sefydliad allu defnyddio'r un geiriau.",
				actions: []demoBoardAction{{
					key:           "terms",
					description:   "Ask the national terminology resources to add a core set of terms for online services.",
					descriptionCy: "Gofyn i'r adnoddau termau cenedlaethol ychwanegu set graidd o dermau ar gyfer gwasanaethau ar-lein.",
					owner:         "Huw Jenkins", ownerHandle: demoPanel, due: 42, ideas: []string{"glossary"},
				}},
			},
			itemAOB.with(
				"Members asked that agendas be published at least a week before each meeting, and minutes within a fortnight of it. "+
					"The next meeting will be held in Cardiff and online.",
				"Gofynnodd yr aelodau i agendâu gael eu cyhoeddi o leiaf wythnos cyn pob cyfarfod, a'r cofnodion o fewn pythefnos iddo. "+
					"Cynhelir y cyfarfod nesaf yng Nghaerdydd ac ar-lein."),
		},
		decisions: []demoFollowUp{
			{
				idea: "discovery", after: demoAge(1, 1), status: StatusInProgress,
				response: "In progress. The panel agreed to recommend to the Minister that a published discovery becomes a condition of " +
					"funding for new digital projects, and the Chair is writing to the Minister (action {discovery-letter}).",
				responseCy: "Ar y gweill. Cytunodd y panel i argymell i'r Gweinidog y dylai cyfnod darganfod wedi'i gyhoeddi fod yn amod " +
					"cyllido ar gyfer prosiectau digidol newydd, ac mae'r Cadeirydd yn ysgrifennu at y Gweinidog (cam gweithredu {discovery-letter}).",
			},
			{
				idea: "glossary", after: demoAge(1, 1) + 10*time.Minute, status: StatusInProgress,
				response: "In progress. The panel has decided not to start a new list, and is asking the national terminology resources " +
					"to add a core set of terms for online services that every public body can use (action {terms}).",
				responseCy: "Ar y gweill. Mae'r panel wedi penderfynu peidio â dechrau rhestr newydd, ac mae'n gofyn i'r adnoddau termau " +
					"cenedlaethol ychwanegu set graidd o dermau ar gyfer gwasanaethau ar-lein y gall pob corff cyhoeddus eu defnyddio " +
					"(cam gweithredu {terms}).",
			},
		},
		minutesDrafted: 20 * time.Hour, published: demoAge(1, 6),
		minutes: `## 1. Minutes of the last meeting and review of the action log

The minutes of the last meeting had already been agreed by correspondence and published. The meeting planned for Aberystwyth
was postponed so that the panel could discuss the consultation's shortlist.

The panel reviewed the action log:

- **{open-consultation}** is done: the consultation opened in Welsh and English.
- **{commissioner}** is in progress.
- **{letter}** is overdue. It was carried forward so that the letter can draw on the consultation's shortlist.

## 2. Presentation: what the consultation has heard so far

Elin Thomas presented the ideas received so far, from members here and from social media. Most came from people who already
work in or around digital services.

It was decided to take the consultation to libraries and community centres, with paper forms, so that people who are not
online can take part.

- **{paper-forms}**: Elin Thomas to take the consultation to three libraries and community centres.

## 3. The crowdsourced ideas: the panel's shortlist

Huw Jenkins introduced the two ideas ranked highest on the shortlist.

*Start every project by meeting the people who will use the service.* It was decided that the panel will recommend to the
Minister that a published discovery, carried out with the people who will use a service, becomes a condition of funding for
new digital projects.

*Every digital service should be available in Welsh from the first day.* Members agreed to wait for the Welsh Language
Commissioner's advice and to bring a recommendation to the next meeting.

- **{discovery-letter}**: Catrin Lewis to write to the Minister.
- **{welsh-advice}**: Huw Jenkins to bring the Commissioner's advice and a draft recommendation to the next meeting.

## 4. A shared Welsh-English glossary for public-sector websites

It was decided not to start a new list, but to ask the national terminology resources to add a core set of terms for online
services.

- **{terms}**: Huw Jenkins to write to the national terminology resources.

## 5. Any other business

Members asked that agendas be published at least a week before each meeting, and minutes within a fortnight of it. The next
meeting will be held in Cardiff and online.
`,
		minutesCy: `## 1. Cofnodion y cyfarfod diwethaf ac adolygu'r log gweithredu

Roedd cofnodion y cyfarfod diwethaf eisoes wedi'u cytuno drwy ohebiaeth a'u cyhoeddi. Gohiriwyd y cyfarfod a drefnwyd yn
Aberystwyth er mwyn i'r panel allu trafod rhestr fer yr ymgynghoriad.

Adolygodd y panel y log gweithredu:

- Mae **{open-consultation}** wedi'i gwblhau: agorodd yr ymgynghoriad yn Gymraeg ac yn Saesneg.
- Mae **{commissioner}** ar y gweill.
- Mae **{letter}** yn hwyr. Fe'i cariwyd ymlaen fel bod y llythyr yn gallu defnyddio rhestr fer yr ymgynghoriad.

## 2. Cyflwyniad: yr hyn y mae'r ymgynghoriad wedi'i glywed hyd yma

Cyflwynodd Elin Thomas y syniadau a ddaeth i law hyd yma, gan aelodau yma ac o'r cyfryngau cymdeithasol. Daeth y rhan fwyaf
gan bobl sydd eisoes yn gweithio ym maes gwasanaethau digidol neu'n agos ato.

Penderfynwyd mynd â'r ymgynghoriad i lyfrgelloedd a chanolfannau cymunedol, gyda ffurflenni papur, er mwyn i bobl nad ydynt
ar-lein allu cymryd rhan.

- **{paper-forms}**: Elin Thomas i fynd â'r ymgynghoriad i dair llyfrgell a chanolfan gymunedol.

## 3. Y syniadau a gasglwyd gan y cyhoedd: rhestr fer y panel

Cyflwynodd Huw Jenkins y ddau syniad sydd ar frig y rhestr fer.

*Dechrau pob prosiect drwy gwrdd â'r bobl a fydd yn defnyddio'r gwasanaeth.* Penderfynwyd y bydd y panel yn argymell i'r
Gweinidog y dylai cyfnod darganfod wedi'i gyhoeddi, a gynhelir gyda'r bobl a fydd yn defnyddio gwasanaeth, fod yn amod cyllido
ar gyfer prosiectau digidol newydd.

*Dylai pob gwasanaeth digidol fod ar gael yn Gymraeg o'r diwrnod cyntaf.* Cytunodd yr aelodau i aros am gyngor Comisiynydd y
Gymraeg a dod ag argymhelliad i'r cyfarfod nesaf.

- **{discovery-letter}**: Catrin Lewis i ysgrifennu at y Gweinidog.
- **{welsh-advice}**: Huw Jenkins i ddod â chyngor y Comisiynydd ac argymhelliad drafft i'r cyfarfod nesaf.

## 4. Geirfa Gymraeg-Saesneg a rennir ar gyfer gwefannau'r sector cyhoeddus

Penderfynwyd peidio â dechrau rhestr newydd, ond gofyn i'r adnoddau termau cenedlaethol ychwanegu set graidd o dermau ar gyfer
gwasanaethau ar-lein.

- **{terms}**: Huw Jenkins i ysgrifennu at yr adnoddau termau cenedlaethol.

## 5. Unrhyw fater arall

Gofynnodd yr aelodau i agendâu gael eu cyhoeddi o leiaf wythnos cyn pob cyfarfod, a'r cofnodion o fewn pythefnos iddo.
Cynhelir y cyfarfod nesaf yng Nghaerdydd ac ar-lein.
`,
	},

	// Next: the rest of the shortlist, and the Commissioner's advice.
	{
		key: "dp-shortlist-to-standards", board: demoPanelBoard, status: MeetingPlanned,
		title: "From shortlist to standards", titleCy: "O'r rhestr fer i'r safonau",
		description: "The panel takes up the rest of its shortlist and the Welsh Language Commissioner's advice. Members of the " +
			"public are welcome to attend in Cardiff or to watch online.",
		descriptionCy: "Mae'r panel yn trafod gweddill ei restr fer a chyngor Comisiynydd y Gymraeg. Mae croeso i'r cyhoedd ddod i'r " +
			"cyfarfod yng Nghaerdydd neu ei wylio ar-lein.",
		ahead: demoAge(24, 0), start: "10:00", end: "12:30",
		location: cathays, locationCy: cathaysCy, postcode: cathaysPC, onlineURL: panelVideo,
		// Arranged at the last meeting, which ended at least 1 day 9½ hours ago.
		after: "dp-what-you-told-us", scheduled: time.Hour, agendaDrawn: 22 * time.Hour,
		items: []demoItem{
			itemReviewLog,
			{
				title: "Designing services in Welsh from the start: the Commissioner's advice", titleCy: "Dylunio gwasanaethau yn Gymraeg o'r dechrau: cyngor y Comisiynydd",
				presenters: "Huw Jenkins", minutes: 25, ideas: []string{"cymraeg-day-one"},
			},
			{
				title: "Keeping a way in for people who are not online", titleCy: "Cadw ffordd i mewn i bobl nad ydynt ar-lein",
				presenters: "Sarah Mitchell", minutes: 30, ideas: []string{"offline-route"},
			},
			{
				title: "Build once, use everywhere: open code, data and methods", titleCy: "Adeiladu unwaith, defnyddio ym mhobman: cod, data a dulliau agored",
				presenters: "Iwan Prys", minutes: 30, ideas: []string{"build-once"},
			},
			itemAOB,
		},
	},

	// The standards board's last meeting: held, its minutes awaiting sign-off at the next one.
	{
		key: "wtsb-health-data", board: demoStandardsBoard, status: MeetingHeld,
		title: "Open standards for health data", titleCy: "Safonau agored ar gyfer data iechyd",
		description:   "Where NHS Wales stands on open standards for sharing health data, and how the board publishes the standards it adopts.",
		descriptionCy: "Sefyllfa GIG Cymru o ran safonau agored ar gyfer rhannu data iechyd, a sut mae'r bwrdd yn cyhoeddi'r safonau y mae'n eu mabwysiadu.",
		ago:           demoAge(30, 0), start: "14:00", end: "16:00", onlineURL: "https://meet.example.wales/wtsb",
		scheduled: demoAge(60, 0), agendaDrawn: demoAge(37, 0),
		attendees: []string{wtsbChair + chairRole, "Alun Watkins", "Dr Meera Iyer", "Tomos Griffiths", "Jess Powell", "Dylan Hughes" + secretary},
		apologies: []string{"Dr Peter Lamb"},
		items: []demoItem{
			{
				title: "Review of minutes from the last meeting and of the action log", titleCy: "Adolygu cofnodion y cyfarfod diwethaf a'r log gweithredu",
				presenters: wtsbChair, minutes: 15,
				outcome:   "The minutes of the last meeting were agreed and signed off for publication. There were no open actions.",
				outcomeCy: "Cytunwyd ar gofnodion y cyfarfod diwethaf a chawsant eu cymeradwyo i'w cyhoeddi. Nid oedd unrhyw gamau gweithredu yn agored.",
			},
			{
				title: "FHIR in NHS Wales: where we are and what comes next", titleCy: "FHIR yn GIG Cymru: ble rydyn ni arni a beth sy'n dod nesaf",
				presenters: "Tomos Griffiths", minutes: 40,
				outcome: "Tomos Griffiths described the national services that already exchange data using FHIR, and the gaps that remain. " +
					"Members found it hard to tell which standards the board has adopted. It was decided that the board will publish the " +
					"list of standards it has adopted, with the date each was adopted and a contact for each.",
				outcomeCy: "Disgrifiodd Tomos Griffiths y gwasanaethau cenedlaethol sydd eisoes yn cyfnewid data drwy FHIR, a'r bylchau " +
					"sy'n weddill. Roedd yn anodd i'r aelodau weld pa safonau y mae'r bwrdd wedi'u mabwysiadu. Penderfynwyd y bydd y bwrdd " +
					"yn cyhoeddi rhestr o'r safonau y mae wedi'u mabwysiadu, gyda dyddiad mabwysiadu pob un a chyswllt ar gyfer pob un.",
				actions: []demoBoardAction{{
					key:           "standards-list",
					description:   "Publish the list of standards the board has adopted, with the date each was adopted and a contact for each.",
					descriptionCy: "Cyhoeddi rhestr o'r safonau y mae'r bwrdd wedi'u mabwysiadu, gyda dyddiad mabwysiadu pob un a chyswllt ar gyfer pob un.",
					owner:         "Alun Watkins", due: 42,
					updates: []demoProgress{{
						ago: demoAge(10, 4), status: ActionInProgress,
						body:   "The first draft lists fourteen standards. Checking the adoption dates with the national architecture team before the list is published.",
						bodyCy: "Mae'r drafft cyntaf yn rhestru pedair safon ar ddeg. Rydym yn gwirio'r dyddiadau mabwysiadu gyda'r tîm pensaernïaeth cenedlaethol cyn cyhoeddi'r rhestr.",
					}},
				}},
			},
			{
				title: "Who writes code in NHS Wales, and what helps them?", titleCy: "Pwy sy'n ysgrifennu cod yn GIG Cymru, a beth sy'n eu helpu?",
				presenters: "Dr Meera Iyer", minutes: 30,
				outcome: "Members agreed that the board knows too little about the developers, analysts and clinicians who write code " +
					"across NHS Wales, and about what helps or hinders them. It was decided that the next meeting will focus on " +
					"developers, and that developers from health boards will be invited to present.",
				outcomeCy: "Cytunodd yr aelodau nad yw'r bwrdd yn gwybod digon am y datblygwyr, y dadansoddwyr a'r clinigwyr sy'n " +
					"ysgrifennu cod ar draws GIG Cymru, nac am yr hyn sy'n eu helpu neu'n eu rhwystro. Penderfynwyd y bydd y cyfarfod " +
					"nesaf yn canolbwyntio ar ddatblygwyr, ac y bydd datblygwyr o fyrddau iechyd yn cael eu gwahodd i gyflwyno.",
				actions: []demoBoardAction{{
					key:           "invite-developers",
					description:   "Invite developers from health boards to present at the next meeting on their tools and ways of working.",
					descriptionCy: "Gwahodd datblygwyr o fyrddau iechyd i gyflwyno yn y cyfarfod nesaf ar eu hoffer a'u ffyrdd o weithio.",
					owner:         "Dylan Hughes", due: 21,
					updates: []demoProgress{{
						ago: demoAge(14, 2), status: ActionDone,
						body:   "Invitations sent. Developers from four health boards will present at the next meeting.",
						bodyCy: "Mae'r gwahoddiadau wedi'u hanfon. Bydd datblygwyr o bedwar bwrdd iechyd yn cyflwyno yn y cyfarfod nesaf.",
					}},
				}},
			},
			{title: "Any other business", titleCy: "Unrhyw fater arall", presenters: wtsbChair, minutes: 10, outcome: "None.", outcomeCy: "Dim."},
		},
		minutesDrafted: demoAge(3, 0),
		minutes: `## 1. Review of minutes from the last meeting and of the action log

The minutes of the last meeting were agreed and signed off for publication. There were no open actions.

## 2. FHIR in NHS Wales: where we are and what comes next

Tomos Griffiths described the national services that already exchange data using FHIR, and the gaps that remain. Members
found it hard to tell which standards the board has adopted.

It was decided that the board will publish the list of standards it has adopted, with the date each was adopted and a
contact for each.

- **{standards-list}**: Alun Watkins to publish the list.

## 3. Who writes code in NHS Wales, and what helps them?

Dr Meera Iyer led a discussion on the developers, analysts and clinicians who write code across NHS Wales. Members agreed that
the board knows too little about what helps or hinders them.

It was decided that the next meeting will focus on developers, and that developers from health boards will be invited to
present.

- **{invite-developers}**: Dylan Hughes to invite developers from health boards.

## 4. Any other business

None.
`,
		minutesCy: `## 1. Adolygu cofnodion y cyfarfod diwethaf a'r log gweithredu

Cytunwyd ar gofnodion y cyfarfod diwethaf a chawsant eu cymeradwyo i'w cyhoeddi. Nid oedd unrhyw gamau gweithredu yn agored.

## 2. FHIR yn GIG Cymru: ble rydyn ni arni a beth sy'n dod nesaf

Disgrifiodd Tomos Griffiths y gwasanaethau cenedlaethol sydd eisoes yn cyfnewid data drwy FHIR, a'r bylchau sy'n weddill.
Roedd yn anodd i'r aelodau weld pa safonau y mae'r bwrdd wedi'u mabwysiadu.

Penderfynwyd y bydd y bwrdd yn cyhoeddi rhestr o'r safonau y mae wedi'u mabwysiadu, gyda dyddiad mabwysiadu pob un a
chyswllt ar gyfer pob un.

- **{standards-list}**: Alun Watkins i gyhoeddi'r rhestr.

## 3. Pwy sy'n ysgrifennu cod yn GIG Cymru, a beth sy'n eu helpu?

Arweiniodd Dr Meera Iyer drafodaeth ar y datblygwyr, y dadansoddwyr a'r clinigwyr sy'n ysgrifennu cod ar draws GIG Cymru.
Cytunodd yr aelodau nad yw'r bwrdd yn gwybod digon am yr hyn sy'n eu helpu neu'n eu rhwystro.

Penderfynwyd y bydd y cyfarfod nesaf yn canolbwyntio ar ddatblygwyr, ac y bydd datblygwyr o fyrddau iechyd yn cael eu gwahodd
i gyflwyno.

- **{invite-developers}**: Dylan Hughes i wahodd datblygwyr o fyrddau iechyd.

## 4. Unrhyw fater arall

Dim.
`,
	},

	// "Focusing on developers": the standards board's next meeting takes up ideas on how NHS Wales should build software.
	{
		key: "wtsb-developers", board: demoStandardsBoard, status: MeetingPlanned,
		title: "Focusing on developers", titleCy: "Canolbwyntio ar ddatblygwyr",
		description: "Developers, and the teams they work in, need the best tools, processes and culture to deliver technology for " +
			"health and care in Wales. We will hear what already works and what gets in the way, and ask what \"good\" looks like " +
			"for developers, whichever organisation they work for. Invited: board members, developers from four health boards and " +
			"the National Data Resource team. If you would like to comment, share an idea or comment on one of the ideas on the agenda.",
		descriptionCy: "Mae angen yr offer, y prosesau a'r diwylliant gorau ar ddatblygwyr, a'r timau y maen nhw'n gweithio ynddynt, " +
			"er mwyn darparu technoleg ar gyfer iechyd a gofal yng Nghymru. Byddwn yn clywed beth sydd eisoes yn gweithio a beth sy'n " +
			"rhwystro, ac yn gofyn sut olwg sydd ar \"da\" i ddatblygwyr, pa sefydliad bynnag y maen nhw'n gweithio iddo. Gwahoddwyd: " +
			"aelodau'r bwrdd, datblygwyr o bedwar bwrdd iechyd a thîm yr Adnodd Data Cenedlaethol. Os hoffech roi sylwadau, rhannwch " +
			"syniad neu rhowch sylw ar un o'r syniadau sydd ar yr agenda.",
		ahead: demoAge(10, 0), start: "09:30", end: "12:30", location: cathays, locationCy: cathaysCy, postcode: cathaysPC,
		after: "wtsb-health-data", scheduled: demoAge(1, 0), agendaDrawn: demoAge(23, 0),
		items: []demoItem{
			{
				title:      "Review of minutes from the last meeting and sign-off to publish on the website. Review of the action log.",
				titleCy:    "Adolygu cofnodion y cyfarfod diwethaf a'u cymeradwyo i'w cyhoeddi ar y wefan. Adolygu'r log gweithredu.",
				presenters: wtsbChair, minutes: 15,
			},
			{
				title:      "Review of the board's website and its backend technology, including its code on GitHub",
				titleCy:    "Adolygu gwefan y bwrdd a'r dechnoleg sydd y tu ôl iddi, gan gynnwys ei chod ar GitHub",
				presenters: "Alun Watkins", minutes: 20,
			},
			{
				title: "Presentation on existing development practices in Wales", titleCy: "Cyflwyniad ar arferion datblygu presennol yng Nghymru",
				presenters: "Developers from four health boards / Datblygwyr o bedwar bwrdd iechyd", minutes: 40,
			},
			{
				title: "Coding in the open: ideas from the public", titleCy: "Codio'n agored: syniadau gan y cyhoedd",
				description: "Two ideas from the consultation on how NHS Wales should build software: code that is public by default, and " +
					"peer review for the code behind clinical figures.",
				descriptionCy: "Dau syniad o'r ymgynghoriad ar sut y dylai GIG Cymru adeiladu meddalwedd: cod sy'n gyhoeddus yn ddiofyn, ac " +
					"adolygu gan gymheiriaid ar gyfer y cod sydd y tu ôl i ffigurau clinigol.",
				presenters: "Dr Meera Iyer", minutes: 30, ideas: []string{"code-in-the-open", "code-review"},
			},
			{
				title:      "National Data Resource: overview and initial plans, from a technical standards perspective",
				titleCy:    "Yr Adnodd Data Cenedlaethol: trosolwg a chynlluniau cychwynnol, o safbwynt safonau technegol",
				presenters: "Jess Powell", minutes: 30,
			},
		},
	},
}
