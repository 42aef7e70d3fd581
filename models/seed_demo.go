package models

import (
	"context"

	"gorm.io/gorm"
)

// SeedDemo loads the demo site. It is idempotent: running it again changes nothing.
func SeedDemo(ctx context.Context, db *gorm.DB) error {
	acct := func(h, n string) ExternalAccount {
		return ExternalAccount{Provider: "dev", ProviderUserID: h, Handle: h, Name: n}
	}
	if _, err := SignIn(ctx, db, acct("demo-staff", "Staff Demo")); err != nil {
		return err
	}
	return db.WithContext(ctx).Exec(`INSERT INTO consultations (slug, title, title_cy, description, status)
		VALUES ('digital-in-wales', 'Digital in Wales: what would you do?', 'Digidol yng Nghymru: beth fyddech chi''n ei wneud?',
		'Placeholder until the full demo lands.', 'open') ON CONFLICT (slug) DO NOTHING`).Error
}
