package models

import (
	"context"
	"strings"
	"testing"
)

func TestNotifMessageInRecipientsLanguage(t *testing.T) {
	ctx := WithSiteURL(context.Background(), "https://ideas.example.gov.wales/")
	idea := int64(7)
	n := noticeLine{Notification: Notification{Kind: NotifyStatus, Verb: noticeStatus, IdeaID: &idea, Status: StatusShortlisted,
		Detail: "A good idea", DetailCy: "Syniad da"}, IdeaTitle: "Wifi <am ddim>"}
	cases := []struct {
		locale, subject, detail, see, lang string
	}{
		{"", "New status for “Wifi <am ddim>”: Shortlisted", "A good idea", "See the idea", "en"},
		{"cy", "Statws newydd i “Wifi <am ddim>”: Ar y rhestr fer", "Syniad da", "Gweld y syniad", "cy"},
	}
	for _, c := range cases {
		m := composeNotice(ctx, recipient{Email: "a@example.org", Locale: c.locale, Handle: "a"}, "TOKEN", n)
		if m.Subject != c.subject {
			t.Errorf("%q subject %q, want %q", c.locale, m.Subject, c.subject)
		}
		for _, want := range []string{c.detail, c.see + ": https://ideas.example.gov.wales/ideas/7?lang=" + c.lang + "\n",
			"https://ideas.example.gov.wales/unsubscribe/status.TOKEN", "https://ideas.example.gov.wales/notifications/TOKEN"} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("%q text lacks %q:\n%s", c.locale, want, m.Text)
			}
		}
		if !strings.Contains(m.HTML, "Wifi &lt;am ddim&gt;") || !strings.Contains(m.HTML, `href="https://ideas.example.gov.wales/ideas/7?lang=`+c.lang+`"`) {
			t.Errorf("%q HTML not escaped or lacks its link:\n%s", c.locale, m.HTML)
		}
		if m.Headers["List-Unsubscribe"] != "<https://ideas.example.gov.wales/unsubscribe/status.TOKEN>" ||
			m.Headers["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click" {
			t.Errorf("headers %v", m.Headers)
		}
	}
}
