package models

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"gorm.io/gorm"
)

// Idea statuses. Voting is closed on done, declined, duplicate and withdrawn (by its author).
const (
	StatusNew         = "new"
	StatusUnderReview = "under_review"
	StatusShortlisted = "shortlisted"
	StatusOnAgenda    = "on_agenda"
	StatusInProgress  = "in_progress"
	StatusDone        = "done"
	StatusDeclined    = "declined"
	StatusDuplicate   = "duplicate"
	StatusWithdrawn   = "withdrawn"
)

// IdeaStatuses lists every status in the order a person would expect to see them.
var IdeaStatuses = []string{StatusNew, StatusUnderReview, StatusShortlisted, StatusOnAgenda,
	StatusInProgress, StatusDone, StatusDeclined, StatusDuplicate, StatusWithdrawn}

// ValidIdeaStatus reports whether s is an idea status.
func ValidIdeaStatus(s string) bool {
	for _, st := range IdeaStatuses {
		if st == s {
			return true
		}
	}
	return false
}

// VotingClosedStatus reports whether an idea in status s accepts no votes.
func VotingClosedStatus(s string) bool { return slices.Contains(votingClosedStatuses, s) }

// Idea is a suggestion made in answer to a consultation.
type Idea struct {
	ID             int64
	ConsultationID int64
	AuthorID       *int64
	SourceName     string
	SourceURL      string
	Title          string
	Body           string
	BodyHTML       string
	Lang           string `gorm:"default:en"` // the language it is written in: en or cy
	Status         string `gorm:"default:new"`
	Response       string
	ResponseCy     string
	ResponseByID   *int64
	RespondedAt    *time.Time
	MergedIntoID   *int64
	VoteCount      int
	CommentCount   int
	HiddenAt       *time.Time
	HiddenReason   string
	RecordedByID   *int64
	EditedAt       *time.Time // when its author last changed its words
	WithdrawnAt    *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// IdeaSummary is an idea as lists and the API show it: with its consultation, author and
// themes, and whether the person looking has voted for it.
type IdeaSummary struct {
	Idea
	ConsultationSlug    string
	ConsultationTitle   string
	ConsultationTitleCy string
	ConsultationOpen    bool
	// ConsultationOutcomeAt is when its consultation's outcome report was published, if it was.
	ConsultationOutcomeAt *time.Time
	AuthorHandle          string
	AuthorName            string
	Voted                 bool
	Themes                []Theme `gorm:"-"`
}

// VotingOpen reports whether the idea accepts votes now.
func (i *IdeaSummary) VotingOpen() bool {
	return i.ConsultationOpen && !VotingClosedStatus(i.Status) && i.HiddenAt == nil && i.MergedIntoID == nil
}

// Sort orders for idea lists.
const (
	SortTop       = "top"
	SortNew       = "new"
	SortTrending  = "trending"
	SortDiscussed = "discussed"
	SortRelevance = "relevance"
)

var ideaOrder = map[string]string{
	SortTop:       "i.vote_count DESC, i.id DESC",
	SortNew:       "i.created_at DESC, i.id DESC",
	SortDiscussed: "i.comment_count DESC, i.id DESC",
	// Support counts in tenfolds against age (idea_trend, migration 00006), so a newer idea
	// gathering votes rises above an old favourite: each three days of age cost a tenfold.
	SortTrending: "idea_trend(i.vote_count, i.created_at) DESC, i.id DESC",
}

// IdeaQuery selects and orders a page of ideas.
type IdeaQuery struct {
	Sort         string
	Status       string
	Theme        string // theme slug
	Consultation string // consultation slug
	Q            string
	Page         int
	PerPage      int
	ViewerID     int64 // the signed-in user, to mark the ideas they voted for; 0 for nobody
	// Counts remembers totals between requests (see ListCounts); nil counts every time.
	Counts *ListCounts
}

// Normalise fills defaults and clamps the page size.
func (q *IdeaQuery) Normalise() {
	q.Q = cleanQuery(q.Q)
	q.Theme = cleanQuery(q.Theme)
	q.Consultation = cleanQuery(q.Consultation)
	if _, ok := ideaOrder[q.Sort]; !ok && q.Sort != SortRelevance {
		q.Sort = ""
	}
	if q.Sort == "" || (q.Sort == SortRelevance && q.Q == "") {
		q.Sort = SortTop
		if q.Q != "" {
			q.Sort = SortRelevance
		}
	}
	if !ValidIdeaStatus(q.Status) {
		q.Status = ""
	}
	if q.Page < 1 {
		q.Page = 1
	}
	if q.Page > 100000 {
		q.Page = 100000
	}
	if q.PerPage < 1 {
		q.PerPage = 20
	}
	if q.PerPage > 100 {
		q.PerPage = 100
	}
}

// IdeaPage is one page of ideas and the total that match.
type IdeaPage struct {
	Ideas   []IdeaSummary
	Total   int64
	Page    int
	PerPage int
	// More says a search matched more than SearchWindow ideas: Total is then SearchWindow,
	// the ideas the list holds, and more exist.
	More bool
}

// Pages is the number of pages the total fills.
func (p IdeaPage) Pages() int { return pageCount(p.Total, p.PerPage) }

// SearchWindow is how many matches a search lists: for relevance, the most supported
// SearchWindow matches ranked by their words; for another sort, the first SearchWindow in
// that order. Ranking and counting every match is what made a common word slow (34 ms at
// 20,000 ideas, 300 ms at 100,000): the window comes from an index walk that stops once it is
// full, or for a rare word from the bitmap of its few matches, so a search costs about the
// same whether a hundred ideas match or thirty thousand. The worst case is a word in a few
// percent of ideas, where the walk reads SearchWindow/share rows: on the 100,000-idea bench
// site "bws" (3%) took 10.8 ms with a window of 200 and 3.8 ms with 100, "park" (26%) 1.3 and
// 0.8 ms. Past the window the page says "More than 100 ideas" and asks for more words.
// Extensions were weighed and not used: RUM orders by its own rank from the index but took
// 25-40 ms for "park" (it still ranks every match) and cannot order the English and Welsh
// vectors together or break ties by support.
const SearchWindow = 100

// pageCount is how many pages of perPage a total fills; an empty list is one (empty) page.
func pageCount(total int64, perPage int) int {
	if total == 0 || perPage < 1 {
		return 1
	}
	return int((total + int64(perPage) - 1) / int64(perPage))
}

// pageBounds makes a requested page and page size safe: page 1 at least, the default size
// when none is asked for, and at most 100 a page.
func pageBounds(page, perPage, defaultPerPage int) (int, int) {
	if perPage < 1 {
		perPage = defaultPerPage
	}
	return max(page, 1), min(perPage, 100)
}

const ideaSummarySelect = `i.*, c.slug AS consultation_slug, c.title AS consultation_title,
	c.title_cy AS consultation_title_cy, (` + openConsultationSQL + `) AS consultation_open,
	c.outcome_published_at AS consultation_outcome_at,
	coalesce(u.handle, '') AS author_handle, coalesce(u.name, '') AS author_name`

// ListIdeas returns one page of visible ideas and the number that match. The page is an
// index walk; the total comes from q.Counts when nothing has changed since it was counted.
func ListIdeas(ctx context.Context, db *gorm.DB, q IdeaQuery) (IdeaPage, error) {
	q.Normalise()
	pq := pageQuery{voted: "false", order: ideaOrder[q.Sort], page: q.Page, perPage: q.PerPage}
	pq.where, pq.whereArgs = ideaFilter(q)
	if q.ViewerID != 0 {
		pq.voted = "EXISTS (SELECT 1 FROM votes v WHERE v.idea_id = i.id AND v.user_id = ?)"
		pq.votedArgs = []any{q.ViewerID}
	}
	if q.Q == "" {
		return pq.run(ctx, db, q.Counts)
	}
	pq.window = pq.order
	if q.Sort == SortRelevance {
		// The words first: matches as written and by English stem, then matches only through a
		// Welsh mutation (welsh_tsquery, migration 00012) after them; then support, then the
		// newest. The window is the most supported matches, the order the top list walks.
		pq.window = ideaOrder[SortTop]
		pq.order = `ts_rank(i.search, websearch_to_tsquery('english', ?) || websearch_to_tsquery('simple', ?))
			+ 0.1 * ts_rank(i.search_cy, welsh_tsquery(?)) DESC, i.vote_count DESC, i.id DESC`
		pq.orderArgs = []any{q.Q, q.Q, q.Q}
	}
	return pq.runWindow(ctx, db, SearchWindow)
}

// pageQuery is one page of an idea list over ideas i, consultations c and authors u: whether
// the viewer voted, the filter and the order, each with the arguments of its placeholders.
type pageQuery struct {
	voted, where, order             string
	votedArgs, whereArgs, orderArgs []any
	page, perPage                   int
	// window, for runWindow, orders the matches the window takes (no arguments).
	window string
}

// run reads the page, with the lists' version in the same query, then the total: from lc
// when the filter was counted at that version, else counted.
func (pq pageQuery) run(ctx context.Context, db *gorm.DB, lc *ListCounts) (IdeaPage, error) {
	page := IdeaPage{Page: pq.page, PerPage: pq.perPage}
	args := append(append(append(openArgs(ctx, pq.votedArgs...), pq.whereArgs...), pq.orderArgs...),
		pq.perPage, (pq.page-1)*pq.perPage)
	var rows []struct {
		IdeaSummary
		ListVersion int64
	}
	err := db.WithContext(ctx).Raw(`SELECT `+ideaSummarySelect+`, `+pq.voted+` AS voted, `+listVersionSQL+` AS list_version
		FROM ideas i JOIN consultations c ON c.id = i.consultation_id LEFT JOIN users u ON u.id = i.author_id
		WHERE `+pq.where+` ORDER BY `+pq.order+` LIMIT ? OFFSET ?`, args...).Scan(&rows).Error
	if err != nil {
		return page, err
	}
	page.Ideas = make([]IdeaSummary, len(rows))
	var version int64
	for n, r := range rows {
		page.Ideas[n] = r.IdeaSummary
		version = r.ListVersion
	}
	if len(rows) > 0 && pq.page == 1 && len(rows) < pq.perPage {
		// A first page that is not full holds every match.
		page.Total = int64(len(rows))
	} else if page.Total, err = countIdeas(ctx, db, lc, version, pq.where, pq.whereArgs); err != nil {
		return page, err
	}
	return page, attachThemes(ctx, db, page.Ideas)
}

// runWindow reads the page from the first size matches in pq.window's order, ordered by
// pq.order, and counts the window in the same query: one index walk (or, for a rare word, one
// bitmap of its few matches) that stops at size+1 rows, then pq.order over at most size rows.
// The total is exact up to size; past it the page says More.
func (pq pageQuery) runWindow(ctx context.Context, db *gorm.DB, size int) (IdeaPage, error) {
	page := IdeaPage{Page: pq.page, PerPage: pq.perPage}
	args := append(append([]any{}, pq.whereArgs...), size+1)
	args = append(append(args, size), pq.orderArgs...)
	args = append(append(args, pq.perPage, (pq.page-1)*pq.perPage), openArgs(ctx, pq.votedArgs...)...)
	var rows []struct {
		IdeaSummary
		Matched int64
	}
	// The page's ideas are chosen from the window by id alone; only they are then joined to
	// what a summary shows and to whether the viewer voted.
	err := db.WithContext(ctx).Raw(`WITH win AS MATERIALIZED (
			SELECT i.id, row_number() OVER (ORDER BY `+pq.window+`) AS n
			FROM ideas i JOIN consultations c ON c.id = i.consultation_id
			WHERE `+pq.where+` ORDER BY `+pq.window+` LIMIT ?),
		page AS MATERIALIZED (
			SELECT * FROM unnest(ARRAY(SELECT i.id FROM win JOIN ideas i ON i.id = win.id
				WHERE win.n <= ? ORDER BY `+pq.order+` LIMIT ? OFFSET ?)) WITH ORDINALITY AS page (id, pos))
		SELECT `+ideaSummarySelect+`, `+pq.voted+` AS voted, (SELECT count(*) FROM win) AS matched
		FROM page JOIN ideas i ON i.id = page.id JOIN consultations c ON c.id = i.consultation_id
		LEFT JOIN users u ON u.id = i.author_id
		ORDER BY page.pos`, args...).Scan(&rows).Error
	if err != nil {
		return page, err
	}
	page.Ideas = make([]IdeaSummary, len(rows))
	for n, r := range rows {
		page.Ideas[n] = r.IdeaSummary
		page.Total = r.Matched
	}
	if len(rows) == 0 && pq.page > 1 {
		// Past the last page: the window still has a size.
		err := db.WithContext(ctx).Raw(`SELECT count(*) FROM (SELECT 1 FROM ideas i
			JOIN consultations c ON c.id = i.consultation_id WHERE `+pq.where+` LIMIT ?) AS win`,
			append(append([]any{}, pq.whereArgs...), size+1)...).Scan(&page.Total).Error
		if err != nil {
			return page, err
		}
	}
	if page.Total > int64(size) {
		page.Total, page.More = int64(size), true
	}
	return page, attachThemes(ctx, db, page.Ideas)
}

// ideaFilter is the WHERE clause of an idea list, over ideas i joined to consultations c.
func ideaFilter(q IdeaQuery) (string, []any) {
	where := []string{"i.hidden_at IS NULL", "c.status <> 'draft'"}
	var args []any
	if q.Status != "" {
		where = append(where, "i.status = ?")
		args = append(args, q.Status)
	}
	if q.Status != StatusDuplicate {
		where = append(where, "i.merged_into_id IS NULL")
	}
	if q.Consultation != "" {
		where = append(where, "c.slug = ?")
		args = append(args, q.Consultation)
	}
	if q.Theme != "" {
		where = append(where, "EXISTS (SELECT 1 FROM idea_themes it JOIN themes t ON t.id = it.theme_id WHERE it.idea_id = i.id AND t.slug = ?)")
		args = append(args, q.Theme)
	}
	if q.Q != "" {
		// English stems ("council" finds "councils"), and words as written with their Welsh
		// mutations and without accents ("Cymru" finds "Nghymru", "wyl" finds "ŵyl"): the
		// Welsh vector holds every word as written too, so it stands in for the simple one.
		where = append(where, "(i.search @@ websearch_to_tsquery('english', ?) OR i.search_cy @@ welsh_tsquery(?))")
		args = append(args, q.Q, q.Q)
	}
	return strings.Join(where, " AND "), args
}

func attachThemes(ctx context.Context, db *gorm.DB, ideas []IdeaSummary) error {
	ids := make([]int64, len(ideas))
	for n := range ideas {
		ids[n] = ideas[n].ID
	}
	themes, err := themesForIdeas(ctx, db, ids)
	if err != nil {
		return err
	}
	for n := range ideas {
		ideas[n].Themes = themes[ideas[n].ID]
	}
	return nil
}

// IdeaByID loads one idea as it is shown, with whether viewerID (0 for nobody) voted for it.
// Ideas in draft consultations are not found.
func IdeaByID(ctx context.Context, db *gorm.DB, id, viewerID int64) (*IdeaSummary, error) {
	var idea IdeaSummary
	err := db.WithContext(ctx).Raw(`SELECT `+ideaSummarySelect+`,
			EXISTS (SELECT 1 FROM votes v WHERE v.idea_id = i.id AND v.user_id = ?) AS voted
		FROM ideas i JOIN consultations c ON c.id = i.consultation_id LEFT JOIN users u ON u.id = i.author_id
		WHERE i.id = ? AND c.status <> 'draft'`, openArgs(ctx, viewerID, id)...).Scan(&idea).Error
	if err != nil {
		return nil, err
	}
	if idea.ID == 0 {
		return nil, ErrNotFound
	}
	ideas := []IdeaSummary{idea}
	if err := attachThemes(ctx, db, ideas); err != nil {
		return nil, err
	}
	return &ideas[0], nil
}

// SimilarIdeas returns up to five visible ideas that look like a title being typed: ideas with
// all its words or all but one (similar_tsquery, migration 00018), among the SearchWindow most
// supported of them, ordered by how alike the titles are (trigram similarity) and how well the
// words match, then support, then the newest. The window keeps a common word ("park", in a
// quarter of the bench site's ideas) from ranking every idea that has it.
func SimilarIdeas(ctx context.Context, db *gorm.DB, title, consultationSlug string) ([]IdeaSummary, error) {
	title = cleanQuery(title)
	consultationSlug = cleanQuery(consultationSlug)
	if len([]rune(title)) < 3 {
		return []IdeaSummary{}, nil
	}
	if r := []rune(title); len(r) > MaxTitle {
		title = string(r[:MaxTitle])
	}
	// The words, one space between them, for similar_tsquery(string_to_array(words, ' ')).
	words := strings.Join(strings.FieldsFunc(title, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }), " ")
	if words == "" {
		return []IdeaSummary{}, nil
	}
	var ideas []IdeaSummary
	err := db.WithContext(ctx).Raw(`WITH win AS MATERIALIZED (
			SELECT i.id FROM ideas i JOIN consultations c ON c.id = i.consultation_id
			WHERE i.hidden_at IS NULL AND i.merged_into_id IS NULL AND c.status <> 'draft'
			  AND (? = '' OR c.slug = ?) AND i.search @@ similar_tsquery(string_to_array(?, ' '))
			ORDER BY i.vote_count DESC, i.id DESC LIMIT ?),
		best AS MATERIALIZED (
			SELECT * FROM unnest(ARRAY(SELECT i.id FROM win JOIN ideas i ON i.id = win.id
				ORDER BY similarity(i.title, ?) + ts_rank(i.search, similar_tsquery(string_to_array(?, ' '))) DESC,
					i.vote_count DESC, i.id DESC
				LIMIT 5)) WITH ORDINALITY AS best (id, pos))
		SELECT `+ideaSummarySelect+`, false AS voted
		FROM best JOIN ideas i ON i.id = best.id JOIN consultations c ON c.id = i.consultation_id
		LEFT JOIN users u ON u.id = i.author_id
		ORDER BY best.pos`, append([]any{consultationSlug, consultationSlug, words, SearchWindow, title, words},
		openArgs(ctx)...)...).Scan(&ideas).Error
	if err != nil {
		return nil, err
	}
	if ideas == nil {
		ideas = []IdeaSummary{}
	}
	return ideas, attachThemes(ctx, db, ideas)
}

// ErrKeyConsultationClosed is CreateIdea's message when the consultation is not taking ideas
// (scheduled or closed): handlers answer 409, not 422, and keep what was typed.
const ErrKeyConsultationClosed = "error.consultation.closed"

// NewIdea is what a person submits.
type NewIdea struct {
	Consultation string // slug
	Title        string
	Body         string
	Lang         string // the language of the page it was written on, if its words do not say
}

// CreateIdea validates and stores an idea by authorID, with its "created" event. When the
// input is invalid it returns the problems and stores nothing.
func CreateIdea(ctx context.Context, db *gorm.DB, authorID int64, in NewIdea) (*Idea, Errors, error) {
	errs := Errors{}
	title := checkText(errs, "title", in.Title, true, MaxTitle)
	body := checkText(errs, "body", in.Body, true, MaxIdeaBody)
	var consultation Consultation
	if in.Consultation == "" {
		errs.Add("consultation", "error.consultation.required")
	} else if err := db.WithContext(ctx).Where("slug = ? AND status <> 'draft'", in.Consultation).First(&consultation).Error; err != nil {
		if notFound(err) != ErrNotFound {
			return nil, nil, err
		}
		errs.Add("consultation", "error.consultation.unknown")
	} else if !consultation.IsOpen(Now(ctx)) {
		errs.Add("consultation", ErrKeyConsultationClosed)
	}
	if errs.Any() {
		return nil, errs, nil
	}
	idea := &Idea{ConsultationID: consultation.ID, AuthorID: &authorID, Title: title, Body: body,
		BodyHTML: RenderMarkdown(body), Lang: DetectLanguage(title+"\n"+body, in.Lang), Status: StatusNew}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(idea).Error; err != nil {
			return err
		}
		if err := follow(tx, authorID, idea.ID, idea.CreatedAt); err != nil {
			return err
		}
		return recordEvent(tx, Event{ActorID: &authorID, Verb: VerbIdeaCreated, SubjectType: "idea",
			SubjectID: idea.ID, IdeaID: &idea.ID, ToValue: StatusNew})
	})
	if err != nil {
		return nil, nil, err
	}
	return idea, nil, nil
}

// TopIdeasPerConsultation returns, for each consultation, its n most-supported visible ideas,
// in one query (an index walk per consultation).
func TopIdeasPerConsultation(ctx context.Context, db *gorm.DB, consultationIDs []int64, n int, viewerID int64) (map[int64][]IdeaSummary, error) {
	out := map[int64][]IdeaSummary{}
	if len(consultationIDs) == 0 {
		return out, nil
	}
	var ideas []IdeaSummary
	err := db.WithContext(ctx).Raw(`SELECT `+ideaSummarySelect+`,
			EXISTS (SELECT 1 FROM votes v WHERE v.idea_id = i.id AND v.user_id = ?) AS voted
		FROM unnest(?::bigint[]) AS wanted(id)
		JOIN consultations c ON c.id = wanted.id
		CROSS JOIN LATERAL (
			SELECT * FROM ideas WHERE consultation_id = wanted.id AND hidden_at IS NULL AND merged_into_id IS NULL
			ORDER BY vote_count DESC, id DESC LIMIT ?) i
		LEFT JOIN users u ON u.id = i.author_id
		ORDER BY c.id, i.vote_count DESC, i.id DESC`, openArgs(ctx, viewerID, int64Array(consultationIDs), n)...).Scan(&ideas).Error
	if err != nil {
		return nil, err
	}
	if err := attachThemes(ctx, db, ideas); err != nil {
		return nil, err
	}
	for _, idea := range ideas {
		out[idea.ConsultationID] = append(out[idea.ConsultationID], idea)
	}
	return out, nil
}

// int64Array formats ids as a Postgres array literal.
func int64Array(ids []int64) string {
	var b strings.Builder
	b.WriteByte('{')
	for n, id := range ids {
		if n > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	b.WriteByte('}')
	return b.String()
}
