package models

import (
	"context"

	"gorm.io/gorm"
)

// SiteVersionChannel is where a new site version is announced (NOTIFY, payload the version in
// decimal): by the web process after each signed-in write, and by the tables' triggers for
// writes from anywhere else (migration 00017). Instances LISTEN on it to learn of changes
// without asking the database on every request.
const SiteVersionChannel = "syniad_site_version"

// SiteVersionCommitted ends an announcement of a version taken after its write had committed
// (BumpSiteVersion's), so that every page rendered at that version or later shows the write.
// The triggers' versions are taken before their write commits and say nothing more.
const SiteVersionCommitted = " committed"

// WebApplicationName is the application_name of the web process's pool. The triggers do not
// announce its writes: it announces them itself once they have committed (BumpSiteVersion),
// outside the write's transaction, since a NOTIFY in a transaction takes a lock shared by the
// whole database at commit.
const WebApplicationName = "syniad-web"

// SiteVersion is the site's version (migration 00006): it moves with every write to what pages
// show, on any instance, so a page rendered at one version is still right at the same version.
func SiteVersion(ctx context.Context, db *gorm.DB) (int64, error) {
	var v int64
	err := db.WithContext(ctx).Raw(`SELECT last_value FROM site_version`).Scan(&v).Error
	return v, err
}

// BumpSiteVersion moves the site's version on and announces it, returning the new version.
// Writes bump it by trigger as they happen; the web process bumps it again once a write
// request has committed, so a page rendered from the data as it was just before the commit is
// not kept, and every instance listening hears of the write (see SiteVersionCommitted).
func BumpSiteVersion(ctx context.Context, db *gorm.DB) (int64, error) {
	var v int64
	err := db.WithContext(ctx).Raw(`SELECT v FROM nextval('site_version') v, pg_notify(?, v || ?)`,
		SiteVersionChannel, SiteVersionCommitted).Scan(&v).Error
	return v, err
}
