package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// BenchSizes are how much a bench site holds. The defaults are a national-scale consultation
// platform: DefaultBenchSizes.
type BenchSizes struct {
	Ideas, Users, Votes, Comments, Themes, Meetings int
}

// DefaultBenchSizes is what `syniad seed --bench` loads unless told otherwise.
var DefaultBenchSizes = BenchSizes{Ideas: 100_000, Users: 50_000, Votes: 1_000_000, Comments: 300_000, Themes: 30, Meetings: 100}

// BenchHotComments is how many comments the bench site's first idea has: the idea page that
// benchmarks read is one with a long thread.
const BenchHotComments = 100

// benchMarkerSlug is the consultation whose presence means a bench site is loaded.
const benchMarkerSlug = "bench"

// benchBatch is how many ideas each step of the load covers: one progress report per batch.
const benchBatch = 10_000

// Validate says what is wrong with the sizes, if anything.
func (b BenchSizes) Validate() error {
	switch {
	case b.Ideas < 1 || b.Users < 1 || b.Themes < 1:
		return errors.New("a bench site needs at least one idea, one user and one theme")
	case b.Votes < 0 || b.Comments < 0 || b.Meetings < 0:
		return errors.New("sizes cannot be negative")
	case int64(b.Votes) > int64(b.Ideas)*int64(b.Users):
		return fmt.Errorf("%d votes cannot fit: each of %d users votes at most once for each of %d ideas", b.Votes, b.Users, b.Ideas)
	case b.Users%104729 == 0:
		return errors.New("the number of users must not be a multiple of 104729") // the stride that spreads votes
	}
	return nil
}

// BenchProgress hears how the load is going: a stage, and how far through it.
type BenchProgress func(stage string, done, total int)

// SeedBench loads a bench site of the given sizes in one transaction, with set-based SQL (a
// hundred thousand ideas take seconds, not the minutes of one insert each). Counts kept beside
// the rows (votes and comments on each idea) are exact. It does nothing when a bench site is
// already there, and reports whether it loaded one.
func SeedBench(ctx context.Context, db *gorm.DB, sizes BenchSizes, progress BenchProgress) (bool, error) {
	if err := sizes.Validate(); err != nil {
		return false, err
	}
	if progress == nil {
		progress = func(string, int, int) {}
	}
	loaded := false
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`SELECT pg_advisory_xact_lock(hashtext('syniad.seed_bench'))`).Error; err != nil {
			return err
		}
		var exists bool
		if err := tx.Raw(`SELECT EXISTS (SELECT 1 FROM consultations WHERE slug = ?)`, benchMarkerSlug).Scan(&exists).Error; err != nil || exists {
			return err
		}
		b := &benchSeeder{tx: tx, now: Now(ctx), sizes: sizes, progress: progress}
		if err := b.load(); err != nil {
			return err
		}
		loaded = true
		return nil
	})
	if err != nil || !loaded {
		return loaded, err
	}
	// Fresh statistics, so the planner uses the indexes from the first request.
	progress("analyse", 0, 1)
	if err := db.WithContext(ctx).Exec(`ANALYZE users, ideas, votes, comments, idea_themes, themes, meetings, agenda_items, agenda_item_ideas`).Error; err != nil {
		return true, err
	}
	progress("analyse", 1, 1)
	return true, nil
}

// benchNow is the models' clock as the bench seeder's SQL reads it (set_config in load).
const benchNow = "current_setting('syniad.bench_now')::timestamptz"

type benchSeeder struct {
	tx       *gorm.DB
	now      time.Time
	sizes    BenchSizes
	progress BenchProgress

	firstUser, firstIdea, firstTheme int64
	consultations                    []int64
}

func (b *benchSeeder) load() error {
	if err := b.tx.Exec(`SELECT set_config('syniad.bench_now', ?, true)`, b.now.Format(time.RFC3339Nano)).Error; err != nil {
		return err
	}
	for _, step := range []struct {
		name string
		run  func() error
	}{
		{"users", b.users}, {"consultations", b.consultationsAndThemes}, {"ideas", b.ideas},
		{"votes", b.votes}, {"comments", b.comments}, {"meetings", b.meetings},
	} {
		if err := step.run(); err != nil {
			return fmt.Errorf("%s: %w", step.name, err)
		}
	}
	return nil
}

// nextID takes the next id of a table's sequence, for the first of the rows the load writes
// with ids of its own; setval then moves the sequence past the last of them.
func (b *benchSeeder) nextID(table string) (int64, error) {
	var id int64
	err := b.tx.Raw(`SELECT nextval(pg_get_serial_sequence(?, 'id'))`, table).Scan(&id).Error
	return id, err
}

func (b *benchSeeder) users() error {
	var err error
	if b.firstUser, err = b.nextID("users"); err != nil {
		return err
	}
	n := b.sizes.Users
	for from := 0; from < n; from += benchBatch * 5 {
		to := min(from+benchBatch*5, n)
		err := b.tx.Exec(`INSERT INTO users (id, handle, name, locale, created_at, updated_at)
			SELECT ?::bigint + g, 'bench-' || g, 'Bench person ' || g, CASE WHEN g % 5 = 0 THEN 'cy' ELSE '' END,
			       `+benchNow+` - make_interval(days => g % 400), `+benchNow+`
			FROM generate_series(?::int, ?::int) g`, b.firstUser, from, to-1).Error
		if err != nil {
			return err
		}
		b.progress("users", to, n)
	}
	return b.tx.Exec(`SELECT setval(pg_get_serial_sequence('users', 'id'), ?)`, b.firstUser+int64(n)-1).Error
}

// benchWords are the words titles and bodies are made of, so searches find some ideas and
// not others; one idea in five is in Welsh.
const benchWords = `ARRAY['bus','library','data','open','service','digital','housing','school','health','park',
	'road','recycling','energy','water','transport','app','website','form','payment','parking',
	'community','youth','care','surgery','hospital','waste','planning','cycle','train','council']`
const benchWordsCy = `ARRAY['bws','llyfrgell','data','agored','gwasanaeth','digidol','tai','ysgol','iechyd','parc',
	'ffordd','ailgylchu','ynni','dŵr','trafnidiaeth','ap','gwefan','ffurflen','taliad','parcio',
	'cymuned','ieuenctid','gofal','meddygfa','ysbyty','gwastraff','cynllunio','beicio','trên','cyngor']`

// benchPlaces makes 900 place names from the usual parts of Welsh ones (Aber-, Llan-, -fawr…):
// each idea names one, as real ideas name where they are about, so a search for a place
// finds about a hundred ideas where a search for a topic word finds thousands.
const benchPlaces = `(ARRAY['Aber','Llan','Pen','Caer','Maes','Bryn','Cwm','Tre','Pont','Nant','Rhos','Glyn','Coed',
	'Llwyn','Bron','Pant','Tal','Bod','Cefn','Dol','Ystrad','Blaen','Gwaun','Hen','Mynydd','Porth','Castell','Abermaw','Bettws','Crug'])[1 + (k * 7919) % 900 / 30]
	|| (ARRAY['dare','arth','coed','glas','gwyn','fawr','fach','ddu','rhos','teg','y-bont','celyn','wen','hir','isaf',
	'uchaf','ithon','garth','wern','dwr','gele','ffos','llyn','onnen','faen','elli','esgob','heol','meurig','nedd'])[1 + (k * 7919) % 900 % 30]`

func (b *benchSeeder) consultationsAndThemes() error {
	for n, slug := range []string{benchMarkerSlug, "bench-services", "bench-places"} {
		c := Consultation{Slug: slug, Title: fmt.Sprintf("Bench consultation %d", n+1), TitleCy: fmt.Sprintf("Ymgynghoriad mainc %d", n+1),
			Description: "Ideas generated for benchmarks.", DescriptionCy: "Syniadau a gynhyrchwyd ar gyfer meincnodau.", Status: "open"}
		if err := b.tx.Create(&c).Error; err != nil {
			return err
		}
		b.consultations = append(b.consultations, c.ID)
	}
	var err error
	if b.firstTheme, err = b.nextID("themes"); err != nil {
		return err
	}
	err = b.tx.Exec(`INSERT INTO themes (id, slug, name, name_cy)
		SELECT ?::bigint + g, 'bench-theme-' || g, 'Bench theme ' || g, 'Thema mainc ' || g FROM generate_series(0, ?::int - 1) g`,
		b.firstTheme, b.sizes.Themes).Error
	if err != nil {
		return err
	}
	return b.tx.Exec(`SELECT setval(pg_get_serial_sequence('themes', 'id'), ?)`, b.firstTheme+int64(b.sizes.Themes)-1).Error
}

// votesFor and commentsFor are SQL for how many votes and comments idea number k (from 0) has:
// the totals shared out evenly, the remainder to the first ideas, and the first idea's long
// thread before the rest are shared.
func (b *benchSeeder) votesFor(k string) string {
	s := b.sizes
	return fmt.Sprintf(`(%d + CASE WHEN %s < %d THEN 1 ELSE 0 END)`, s.Votes/s.Ideas, k, s.Votes%s.Ideas)
}

func (b *benchSeeder) commentsFor(k string) string {
	hot := min(BenchHotComments, b.sizes.Comments)
	rest := b.sizes.Comments - hot
	return fmt.Sprintf(`(CASE WHEN %s = 0 THEN %d ELSE 0 END + %d + CASE WHEN %s < %d THEN 1 ELSE 0 END)`,
		k, hot, rest/b.sizes.Ideas, k, rest%b.sizes.Ideas)
}

func (b *benchSeeder) ideas() error {
	var err error
	if b.firstIdea, err = b.nextID("ideas"); err != nil {
		return err
	}
	n := b.sizes.Ideas
	for from := 0; from < n; from += benchBatch {
		to := min(from+benchBatch, n)
		err := b.tx.Exec(`INSERT INTO ideas (id, consultation_id, author_id, title, body, body_html, lang, status,
				vote_count, comment_count, created_at, updated_at)
			SELECT ?::bigint + k, (?::bigint[])[1 + k % 3], ? + (k * 7919) % ?, t.title, t.body, '<p>' || t.body || '</p>', t.lang,
			       CASE WHEN k % 10 = 3 THEN 'under_review' WHEN k % 50 = 7 THEN 'declined' WHEN k % 97 = 5 THEN 'done' ELSE 'new' END,
			       `+b.votesFor("k")+`, `+b.commentsFor("k")+`,
			       `+benchNow+` - make_interval(days => k % 365, secs => (k * 37) % 86400), `+benchNow+`
			FROM generate_series(?::int, ?::int) k,
			LATERAL (SELECT CASE WHEN k % 5 = 4 THEN 'cy' ELSE 'en' END AS lang,
			                CASE WHEN k % 5 = 4 THEN `+benchWordsCy+` ELSE `+benchWords+` END AS w) l,
			LATERAL (SELECT `+benchPlaces+` AS place) p,
			LATERAL (SELECT
				initcap(l.w[1 + k % 30]) || ' ' || l.w[1 + (k / 30) % 30] || ' ' || l.w[1 + (k / 900) % 30] || ' ' ||
				CASE WHEN l.lang = 'cy' THEN 'yn ' ELSE 'in ' END || p.place || ' ' || k AS title,
				p.place || ': ' || repeat(l.w[1 + k % 30] || ' ' || l.w[1 + (k / 7) % 30] || ' ' || l.w[1 + (k / 11) % 30] || ' ' ||
				       l.w[1 + (k / 13) % 30] || ' ' || l.w[1 + (k / 17) % 30] || '. ', 8) AS body,
				l.lang) t`,
			b.firstIdea, int64Array(b.consultations), b.firstUser, b.sizes.Users, from, to-1).Error
		if err != nil {
			return err
		}
		// Eight ideas in nine have a theme.
		err = b.tx.Exec(`INSERT INTO idea_themes (idea_id, theme_id)
			SELECT ?::bigint + k, ? + k % ? FROM generate_series(?::int, ?::int) k WHERE k % 9 <> 8`,
			b.firstIdea, b.firstTheme, b.sizes.Themes, from, to-1).Error
		if err != nil {
			return err
		}
		b.progress("ideas", to, n)
	}
	return b.tx.Exec(`SELECT setval(pg_get_serial_sequence('ideas', 'id'), ?)`, b.firstIdea+int64(n)-1).Error
}

// votes gives idea k its votesFor(k) votes, from users k·7919 + j·104729 (mod the number of
// users) for j = 0, 1, …: distinct for each idea, as 104729 is prime and no factor of it.
func (b *benchSeeder) votes() error {
	n, done := b.sizes.Ideas, 0
	for from := 0; from < n; from += benchBatch {
		to := min(from+benchBatch, n)
		res := b.tx.Exec(`INSERT INTO votes (idea_id, user_id, created_at)
			SELECT ?::bigint + k, ? + (k::bigint * 7919 + j::bigint * 104729) % ?, `+benchNow+` - make_interval(days => (k + j) % 365)
			FROM generate_series(?::int, ?::int) k, generate_series(0, `+b.votesFor("k")+` - 1) j`,
			b.firstIdea, b.firstUser, b.sizes.Users, from, to-1)
		if res.Error != nil {
			return res.Error
		}
		done += int(res.RowsAffected)
		b.progress("votes", done, b.sizes.Votes)
	}
	return nil
}

// comments writes commentsFor(k) comments on idea k; every fourth one answers the comment
// before it.
func (b *benchSeeder) comments() error {
	first, err := b.nextID("comments")
	if err != nil {
		return err
	}
	n, done := b.sizes.Ideas, 0
	var next int64 = first
	for from := 0; from < n; from += benchBatch {
		to := min(from+benchBatch, n)
		res := b.tx.Exec(`INSERT INTO comments (id, idea_id, author_id, parent_id, body, body_html, lang, created_at, updated_at)
			SELECT ?::bigint + row_number() OVER (ORDER BY k, j) - 1, ? + k, ? + (k * 31 + j * 7) % ?,
			       CASE WHEN j % 4 = 3 THEN ? + row_number() OVER (ORDER BY k, j) - 2 END,
			       'Comment ' || j || ' on idea ' || k || ': I agree, and the council should act on it.',
			       '<p>Comment ' || j || ' on idea ' || k || ': I agree, and the council should act on it.</p>', 'en',
			       `+benchNow+` - make_interval(days => k % 365) + make_interval(mins => j), `+benchNow+`
			FROM generate_series(?::int, ?::int) k, generate_series(0, `+b.commentsFor("k")+` - 1) j`,
			next, b.firstIdea, b.firstUser, b.sizes.Users, next, from, to-1)
		if res.Error != nil {
			return res.Error
		}
		next += res.RowsAffected
		done += int(res.RowsAffected)
		b.progress("comments", done, b.sizes.Comments)
	}
	return b.tx.Exec(`SELECT setval(pg_get_serial_sequence('comments', 'id'), ?)`, next-1).Error
}

// meetings gives two boards their meetings, half held, each with five agenda items that take
// three ideas each.
func (b *benchSeeder) meetings() error {
	if b.sizes.Meetings == 0 {
		return nil
	}
	var boards []int64
	for n, prefix := range []string{"BA", "BB"} {
		board := Board{Slug: fmt.Sprintf("bench-board-%d", n+1), Name: fmt.Sprintf("Bench board %d", n+1),
			NameCy: fmt.Sprintf("Bwrdd mainc %d", n+1), RefPrefix: prefix}
		if err := b.tx.Create(&board).Error; err != nil {
			return err
		}
		boards = append(boards, board.ID)
	}
	first, err := b.nextID("meetings")
	if err != nil {
		return err
	}
	m := b.sizes.Meetings
	// Weekly meetings around today, none within three days of it, so which are upcoming and
	// which are past does not depend on the hour the site is loaded or looked at.
	today := Today(b.now)
	err = b.tx.Exec(`INSERT INTO meetings (id, board_id, title, title_cy, starts_at, ends_at, location, status)
		SELECT ?::bigint + g, (?::bigint[])[1 + g % 2], 'Bench meeting ' || g, 'Cyfarfod mainc ' || g,
		       ?::timestamptz + make_interval(days => (g - ? / 2) * 7 + 3, hours => 10),
		       ?::timestamptz + make_interval(days => (g - ? / 2) * 7 + 3, hours => 12),
		       'Cardiff', CASE WHEN g < ? / 2 THEN 'held' ELSE 'planned' END
		FROM generate_series(0, ?::int - 1) g`, first, int64Array(boards), today, m, today, m, m, m).Error
	if err != nil {
		return err
	}
	if err := b.tx.Exec(`SELECT setval(pg_get_serial_sequence('meetings', 'id'), ?)`, first+int64(m)-1).Error; err != nil {
		return err
	}
	err = b.tx.Exec(`INSERT INTO agenda_items (meeting_id, position, title, title_cy, duration_minutes)
		SELECT ?::bigint + g, p, 'Item ' || p, 'Eitem ' || p, 20 FROM generate_series(0, ?::int - 1) g, generate_series(1, 5) p`, first, m).Error
	if err != nil {
		return err
	}
	err = b.tx.Exec(`INSERT INTO agenda_item_ideas (agenda_item_id, idea_id)
		SELECT a.id, ? + ((a.id * 3 + x) * 7919) % ? FROM agenda_items a, generate_series(0, 2) x
		WHERE a.meeting_id BETWEEN ? AND ? ON CONFLICT DO NOTHING`, b.firstIdea, b.sizes.Ideas, first, first+int64(m)-1).Error
	if err != nil {
		return err
	}
	b.progress("meetings", m, m)
	return nil
}
