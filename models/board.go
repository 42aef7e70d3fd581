package models

import (
	"context"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Board is a body that meets and keeps an action log.
type Board struct {
	ID            int64
	Slug          string
	Name          string
	NameCy        string
	Description   string
	DescriptionCy string
	// RefPrefix starts the board's action references: "DP" makes DP-2026-004.
	RefPrefix string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// BoardInput is a board as staff write it.
type BoardInput struct {
	Slug, Name, NameCy, Description, DescriptionCy, RefPrefix string
}

var refPrefixPattern = regexp.MustCompile(`^[A-Z][A-Z0-9]{0,7}$`)

func (in *BoardInput) validate(errs Errors) {
	in.Name = checkTextAs(errs, "name", "board_name", in.Name, true, 120)
	in.NameCy = checkTextAs(errs, "name_cy", "board_name_cy", in.NameCy, false, 120)
	in.Description = checkTextAs(errs, "description", "board_description", in.Description, false, 2000)
	in.DescriptionCy = checkTextAs(errs, "description_cy", "board_description_cy", in.DescriptionCy, false, 2000)
	in.Slug = checkSlug(errs, in.Slug, in.Name)
	in.RefPrefix = strings.ToUpper(strings.TrimSpace(in.RefPrefix))
	if in.RefPrefix == "" {
		errs.Add("ref_prefix", "error.ref_prefix.required")
	} else if !refPrefixPattern.MatchString(in.RefPrefix) {
		errs.Add("ref_prefix", "error.ref_prefix.invalid")
	}
}

// SaveBoard creates a board (id 0) or updates one, with its event.
func SaveBoard(ctx context.Context, db *gorm.DB, actor *User, id int64, in BoardInput) (*Board, Errors, error) {
	errs := Errors{}
	in.validate(errs)
	if errs.Any() {
		return nil, errs, nil
	}
	board := &Board{ID: id, Slug: in.Slug, Name: in.Name, NameCy: in.NameCy, Description: in.Description,
		DescriptionCy: in.DescriptionCy, RefPrefix: in.RefPrefix}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		verb := VerbBoardCreated
		if id == 0 {
			if err := tx.Omit("CreatedAt", "UpdatedAt").Create(board).Error; err != nil {
				return err
			}
		} else {
			verb = VerbBoardUpdated
			var old Board
			if err := tx.Clauses(lockForUpdate).First(&old, id).Error; err != nil {
				return notFound(err)
			}
			// Action references are unique for good: once a board has raised actions its prefix
			// stays, or its numbering would restart under the new prefix and the old prefix, freed,
			// could be taken by another board whose first action then collides with DP-2026-001.
			if in.RefPrefix != old.RefPrefix {
				var used bool
				if err := tx.Raw(`SELECT EXISTS (SELECT 1 FROM actions WHERE board_id = ?)`, id).Scan(&used).Error; err != nil {
					return err
				}
				if used {
					errs.Add("ref_prefix", "error.ref_prefix.in_use")
					return nil
				}
			}
			r := tx.Model(&Board{}).Where("id = ?", id).Updates(map[string]any{"slug": in.Slug, "name": in.Name,
				"name_cy": in.NameCy, "description": in.Description, "description_cy": in.DescriptionCy,
				"ref_prefix": in.RefPrefix, "updated_at": gorm.Expr("now()")})
			if r.Error != nil {
				return r.Error
			}
			if r.RowsAffected == 0 {
				return ErrNotFound
			}
			if err := tx.First(board, id).Error; err != nil {
				return err
			}
		}
		return recordEvent(tx, Event{ActorID: &actor.ID, Verb: verb, SubjectType: "board", SubjectID: board.ID, ToValue: board.Name,
			Data: EventData{BoardID: board.ID}})
	})
	if isUniqueViolation(err) {
		if strings.Contains(err.Error(), "ref_prefix") {
			errs.Add("ref_prefix", "error.ref_prefix.taken")
		} else {
			errs.Add("slug", "error.board_slug.taken")
		}
		return nil, errs, nil
	}
	if err != nil || errs.Any() {
		return nil, errs, err
	}
	return board, nil, nil
}

// ListBoards returns every board by name.
func ListBoards(ctx context.Context, db *gorm.DB) ([]Board, error) {
	var boards []Board
	err := db.WithContext(ctx).Order("name, id").Find(&boards).Error
	return boards, err
}

// BoardBySlug loads one board.
func BoardBySlug(ctx context.Context, db *gorm.DB, slug string) (*Board, error) {
	var b Board
	if err := db.WithContext(ctx).Where("slug = ?", slug).First(&b).Error; err != nil {
		return nil, notFound(err)
	}
	return &b, nil
}

// BoardByID loads one board.
func BoardByID(ctx context.Context, db *gorm.DB, id int64) (*Board, error) {
	var b Board
	if err := db.WithContext(ctx).First(&b, id).Error; err != nil {
		return nil, notFound(err)
	}
	return &b, nil
}
