package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/models/modeltest"
)

func TestConsultationsCommand(t *testing.T) {
	db, _ := modeltest.NewDB(t)
	now := time.Date(2031, 6, 1, 9, 0, 0, 0, models.London)
	ctx := models.WithClock(context.Background(), func() time.Time { return now })
	if err := db.Create(&models.Board{Slug: "digital-panel", Name: "Digital Panel", RefPrefix: "DP"}).Error; err != nil {
		t.Fatal(err)
	}
	run := func(args string) (string, error) {
		var out bytes.Buffer
		err := consultations(ctx, db, strings.Fields(args), &out)
		return out.String(), err
	}
	if out, err := run("create --slug buses --title Buses --title-cy Bysiau --board digital-panel --opens 2031-06-10 --closes 2031-07-31 --publish"); err != nil ||
		!strings.Contains(out, "buses is scheduled") {
		t.Fatalf("create and publish: %q %v", out, err)
	}
	if out, err := run("create --slug trains --title Trains"); err != nil || !strings.Contains(out, "trains is draft") {
		t.Fatalf("create a draft: %q %v", out, err)
	}
	c, err := models.ConsultationBySlug(ctx, db, "buses")
	if err != nil || c.BoardID == nil || c.OpensAt == nil || !c.OpensAt.Equal(time.Date(2031, 6, 10, 0, 0, 0, 0, models.London)) {
		t.Fatalf("stored: %+v %v", c, err)
	}
	var events int64
	db.Raw(`SELECT count(*) FROM events WHERE subject_type = 'consultation' AND subject_id = ? AND actor_id IS NULL`, c.ID).Scan(&events)
	if events != 2 {
		t.Errorf("events for the created and published consultation: %d", events)
	}
	out, err := run("list")
	if err != nil || !strings.Contains(out, "buses   scheduled  2031-06-10  2031-07-31  Buses") || !strings.Contains(out, "trains  draft") {
		t.Errorf("list:\n%s %v", out, err)
	}
	for args, want := range map[string]string{
		"create --slug buses --title Again":                                "--slug: Another consultation already uses this web address",
		"create --slug x --title X --closes 2031-02-30":                    "--closes: Enter a real date",
		"create --slug y --title Y --board nowhere":                        "--board: Choose a board from the list",
		"create --title Z":                                                 "usage",
		"create --slug z --title Z --opens 2031-08-01 --closes 2031-07-01": "--closes: The closing date must be after the opening date",
		"frobnicate": "usage",
	} {
		if _, err := run(args); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", args, err, want)
		}
	}
}
