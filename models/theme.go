package models

import (
	"context"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Theme groups ideas; the panel assigns them.
type Theme struct {
	ID            int64
	Slug          string
	Name          string
	NameCy        string
	Description   string
	DescriptionCy string
	CreatedAt     time.Time
}

// ThemeWithCount is a theme and how many visible ideas carry it.
type ThemeWithCount struct {
	Theme
	IdeaCount int64
}

// ListThemes returns every theme in name order with its count of visible ideas.
func ListThemes(ctx context.Context, db *gorm.DB) ([]ThemeWithCount, error) {
	var ts []ThemeWithCount
	err := db.WithContext(ctx).Raw(`
		SELECT t.*, count(i.id) AS idea_count
		FROM themes t
		LEFT JOIN idea_themes it ON it.theme_id = t.id
		LEFT JOIN ideas i ON i.id = it.idea_id AND i.hidden_at IS NULL AND i.merged_into_id IS NULL
		GROUP BY t.id ORDER BY t.name`).Scan(&ts).Error
	return ts, err
}

// AllThemes returns every theme in name order, for filters and the panel's choices.
func AllThemes(ctx context.Context, db *gorm.DB) ([]Theme, error) {
	var ts []Theme
	err := db.WithContext(ctx).Order("name, id").Find(&ts).Error
	return ts, err
}

// ThemeBySlug loads one theme.
func ThemeBySlug(ctx context.Context, db *gorm.DB, slug string) (*Theme, error) {
	var t Theme
	if err := db.WithContext(ctx).Where("slug = ?", slug).First(&t).Error; err != nil {
		return nil, notFound(err)
	}
	return &t, nil
}

// themesForIdeas loads the themes of many ideas in one query.
func themesForIdeas(ctx context.Context, db *gorm.DB, ids []int64) (map[int64][]Theme, error) {
	out := make(map[int64][]Theme, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		IdeaID int64
		Theme
	}
	err := db.WithContext(ctx).Raw(`
		SELECT it.idea_id, t.* FROM idea_themes it JOIN themes t ON t.id = it.theme_id
		WHERE it.idea_id IN ? ORDER BY t.name`, ids).Scan(&rows).Error
	for _, r := range rows {
		out[r.IdeaID] = append(out[r.IdeaID], r.Theme)
	}
	return out, err
}

// ThemeInput is a theme's name and description in English and, optionally, Welsh.
type ThemeInput struct {
	Slug          string
	Name          string
	NameCy        string
	Description   string
	DescriptionCy string
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// welshLetters maps the accented letters of Welsh (circumflex, diaeresis, acute, grave) to
// their plain forms for slugs: "Storïau" is "storiau", not "stor-au".
var welshLetters = map[rune]rune{
	'â': 'a', 'ê': 'e', 'î': 'i', 'ô': 'o', 'û': 'u', 'ŵ': 'w', 'ŷ': 'y',
	'ä': 'a', 'ë': 'e', 'ï': 'i', 'ö': 'o', 'ü': 'u', 'ẅ': 'w', 'ÿ': 'y',
	'á': 'a', 'é': 'e', 'í': 'i', 'ó': 'o', 'ú': 'u', 'ẃ': 'w', 'ý': 'y',
	'à': 'a', 'è': 'e', 'ì': 'i', 'ò': 'o', 'ù': 'u', 'ẁ': 'w', 'ỳ': 'y',
}

// Slugify makes a URL slug from a name: "Open data" → "open-data".
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case welshLetters[r] != 0:
			b.WriteRune(welshLetters[r])
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if len(s) > 60 {
		s = strings.TrimSuffix(s[:60], "-")
	}
	return s
}

func (in *ThemeInput) validate(errs Errors) {
	in.Name = checkText(errs, "name", in.Name, true, 80)
	in.NameCy = checkText(errs, "name_cy", in.NameCy, false, 80)
	in.Description = checkText(errs, "description", in.Description, false, 1000)
	in.DescriptionCy = checkText(errs, "description_cy", in.DescriptionCy, false, 1000)
	in.Slug = checkSlug(errs, in.Slug, in.Name)
}

// checkSlug returns the slug as given or, when blank, made from the name; a slug is checked
// only once there is a name to make one from.
func checkSlug(errs Errors, slug, name string) string {
	slug = strings.TrimSpace(slug)
	if slug == "" {
		slug = Slugify(name)
	}
	if name != "" && !slugPattern.MatchString(slug) {
		errs.Add("slug", "error.slug.invalid")
	}
	return slug
}

// SaveTheme creates a theme (id 0) or updates one, with its event.
func SaveTheme(ctx context.Context, db *gorm.DB, actor *User, id int64, in ThemeInput) (*Theme, Errors, error) {
	errs := Errors{}
	in.validate(errs)
	if errs.Any() {
		return nil, errs, nil
	}
	theme := &Theme{ID: id, Slug: in.Slug, Name: in.Name, NameCy: in.NameCy, Description: in.Description, DescriptionCy: in.DescriptionCy}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		verb := VerbThemeCreated
		if id == 0 {
			if err := tx.Create(theme).Error; err != nil {
				return err
			}
		} else {
			verb = VerbThemeUpdated
			r := tx.Model(&Theme{}).Where("id = ?", id).Updates(map[string]any{"slug": in.Slug, "name": in.Name,
				"name_cy": in.NameCy, "description": in.Description, "description_cy": in.DescriptionCy})
			if r.Error != nil {
				return r.Error
			}
			if r.RowsAffected == 0 {
				return ErrNotFound
			}
		}
		return recordEvent(tx, Event{ActorID: &actor.ID, Verb: verb, SubjectType: "theme", SubjectID: theme.ID, ToValue: theme.Name,
			Data: EventData{ThemeID: theme.ID}})
	})
	if isUniqueViolation(err) {
		errs.Add("slug", "error.slug.taken")
		return nil, errs, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return theme, nil, nil
}

// ThemeByID loads one theme.
func ThemeByID(ctx context.Context, db *gorm.DB, id int64) (*Theme, error) {
	var t Theme
	if err := db.WithContext(ctx).First(&t, id).Error; err != nil {
		return nil, notFound(err)
	}
	return &t, nil
}
