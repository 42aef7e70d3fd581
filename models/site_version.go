package models

import (
	"context"

	"gorm.io/gorm"
)

// SiteVersion is the site's version (migration 00006): it moves with every write to what pages
// show, on any instance, so a page rendered at one version is still right at the same version.
func SiteVersion(ctx context.Context, db *gorm.DB) (int64, error) {
	var v int64
	err := db.WithContext(ctx).Raw(`SELECT last_value FROM site_version`).Scan(&v).Error
	return v, err
}

// BumpSiteVersion moves the site's version on. Writes bump it by trigger as they happen; the
// web process bumps it again once a write request has committed, so a page rendered from the
// data as it was just before the commit is not kept.
func BumpSiteVersion(ctx context.Context, db *gorm.DB) error {
	return db.WithContext(ctx).Exec(`SELECT nextval('site_version')`).Error
}
