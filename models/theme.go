package models

import (
	"context"
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
