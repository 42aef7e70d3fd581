package app_test

import (
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/models/modeltest"
)

// viaPgBouncerEnv, set to PgBouncer's host:port, sends every test app's queries, its session
// store and its job queue through that PgBouncer (see TestPgBouncerHandlers).
const viaPgBouncerEnv = "SYNIAD_TEST_VIA_PGBOUNCER"

// pgBouncerSuite is a representative set of handler tests: forms and the JSON API, sign-in
// and sessions (the session store), CSRF, rate limits, the visitors' page cache, downloads,
// triage, meetings, and mail through the job queue.
var pgBouncerSuite = []string{
	"TestSubmitVoteCommentThroughForms", "TestAnonymousAndCSRF", "TestJSONAPI",
	"TestAuthSignInEndToEnd", "TestAuthOIDCPKCE", "TestAuthLogout", "TestSignInStateIsShortLivedAndPruned",
	"TestWriteRateLimit", "TestVisitorsPagesAreKeptButNeverStale", "TestOpenData", "TestThemeExportCSV",
	"TestPanelTriagesToShortlist", "TestConsultationRunByStaff", "TestMeetingJourneyThroughForms",
	"TestAccountDeleteKeepsCountsExact", "TestReportsHideUntilReviewed",
	"TestMailQueuedInTransactionIsDeliveredOnce", "TestNotifDigestJobIsWorked",
}

// TestPgBouncerHandlers runs pgBouncerSuite again, in a child test process whose apps reach
// Postgres only through PgBouncer in transaction pooling mode (Debian's 1.18, which cannot
// keep prepared statements), as DATABASE_URL would in production.
func TestPgBouncerHandlers(t *testing.T) {
	if os.Getenv(viaPgBouncerEnv) != "" {
		t.Skip("already the child process")
	}
	t.Parallel()
	through, err := url.Parse(modeltest.PgBouncerRaw(t, modeltest.ServerURL()))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^("+strings.Join(pgBouncerSuite, "|")+")$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), viaPgBouncerEnv+"="+through.Host)
	out, err := cmd.CombinedOutput()
	for _, name := range pgBouncerSuite {
		if !strings.Contains(string(out), "--- PASS: "+name+" ") {
			t.Errorf("%s did not pass through PgBouncer", name)
		}
	}
	if err != nil || t.Failed() {
		t.Fatalf("through PgBouncer: %v\n%s", err, out)
	}
}

// throughPgBouncer is the test's database reached through the PgBouncer at hostPort.
func throughPgBouncer(t *testing.T, dbURL, hostPort string) (*gorm.DB, string) {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = hostPort
	via := modeltest.WithExecMode(u.String())
	db, err := models.Open(t.Context(), via, 20)
	if err != nil {
		t.Fatalf("open through PgBouncer: %v", err)
	}
	t.Cleanup(func() {
		if sqlDB, err := db.DB(); err == nil {
			sqlDB.Close()
		}
	})
	return db, via
}
