package crisis

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

var emojiRe = regexp.MustCompile(`[\x{1F000}-\x{1FFFF}\x{2600}-\x{27BF}\x{FE0F}]`)

// TestMineAddressesRelativeAboutClient: on "Wat gebeurt er nu?" a relative
// reads about the client by name ("Er komt een team om te helpen. Dat team
// helpt ook de begeleiders van Noor."), never as if she were in crisis
// herself ("uw begeleiders", "U blijft waar u woont"); the client still
// reads "u". Pictograms are the product's SVG files, never emoji.
func TestMineAddressesRelativeAboutClient(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, nil)
		ctx := context.Background()
		id := f.report(t, "Noor", UrgencyHigh)
		if err := f.s.AssignTeam(ctx, f.regie, id, f.team1, false, ""); err != nil {
			t.Fatal(err)
		}
		clientID := mustCase(t, f, id).ClientID
		const naasteUser = 902
		if _, err := f.reg.AddRepresentative(ctx, nil, clients.Representative{ClientID: clientID, UserID: naasteUser, Name: "Naaste", Relation: clients.RelNaaste,
			MayAct: true, ValidFrom: start.AddDate(-1, 0, 0), GrantedBy: f.regie.UserID}); err != nil {
			t.Fatal(err)
		}
		naaste := &auth.Principal{UserID: naasteUser, Role: auth.RoleNaaste, Scope: auth.Scope{Represents: []int64{clientID}}}
		client := &auth.Principal{UserID: 903, Role: auth.RoleClient, Scope: auth.Scope{ClientID: clientID}}
		for _, q := range []string{"", "?eenvoudig=1"} {
			rec := f.do(t, naaste, "GET", "/mijn/crisis"+q, "", "")
			body := rec.Body.String()
			if rec.Code != http.StatusOK {
				t.Fatalf("naaste /mijn/crisis%s: %d", q, rec.Code)
			}
			for _, want := range []string{"Crisis van Noor", "Dat team helpt ook de begeleiders van Noor.", "Noor blijft thuis wonen.", "Vragen? Bel de begeleider van Noor."} {
				if !strings.Contains(body, want) {
					t.Errorf("naaste%s: missing %q", q, want)
				}
			}
			for _, never := range []string{"uw begeleiders", "U blijft waar u woont", "Bel uw begeleider"} {
				if strings.Contains(body, never) {
					t.Errorf("naaste%s: addressed as the client: %q", q, never)
				}
			}
			cb := f.do(t, client, "GET", "/mijn/crisis"+q, "", "").Body.String()
			if !strings.Contains(cb, "Dat team helpt ook uw begeleiders.") || !strings.Contains(cb, "Vragen? Bel uw begeleider.") {
				t.Errorf("client%s: not addressed as u", q)
			}
			for _, b := range []string{body, cb} {
				if emojiRe.MatchString(b) {
					t.Errorf("%s: emoji on the page: %q", q, emojiRe.FindString(b))
				}
				if !strings.Contains(b, `src="/static/picto/samen.svg" alt=""`) {
					t.Errorf("%s: no SVG pictogram with empty alt", q)
				}
			}
		}
	})
}

// The client's crisis page names whom to call with a tel: link (issue 11:
// it said "Bel uw begeleider" without a number): with no crisis now the
// region's on-call crisis director, during a crisis the director on the
// case; a relative reads it about the client; in Dutch and English and
// on the easy-read page.
func TestMineNamesWhomToCall(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, nil)
		ctx := context.Background()
		if _, err := d.ExecContext(ctx, `UPDATE users SET phone = '030 299 0102', organisation = 'Crisisregie Utrecht' WHERE id = $1`, f.regie.UserID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.SetSettings(ctx, f.regie, Settings{Region: "ZK11", NormHours: 48, AcuteNormHours: 24, StayLimitDays: 28, OnCallUserID: f.regie.UserID}); err != nil {
			t.Fatal(err)
		}
		tel := `<a href="tel:&#43;31302990102">030 299 0102</a>`
		who := "Naam regie (Crisisregie Utrecht)"
		quiet := &auth.Principal{UserID: 904, Role: auth.RoleClient, Scope: auth.Scope{ClientID: f.client}}
		for q, want := range map[string]string{"": "Is het een crisis? Bel " + who + ": " + tel, "?eenvoudig=1": "Is het een crisis? Bel " + who + ": " + tel,
			"?lang=en": "Is it a crisis? Call " + who + ": " + tel} {
			if body := f.do(t, quiet, "GET", "/mijn/crisis"+q, "", "").Body.String(); !strings.Contains(body, want) {
				t.Errorf("no crisis%s: page lacks %q", q, want)
			}
		}
		id := f.report(t, "Noor", UrgencyHigh)
		clientID := mustCase(t, f, id).ClientID
		if _, err := f.reg.AddRepresentative(ctx, nil, clients.Representative{ClientID: clientID, UserID: 902, Name: "Naaste", Relation: clients.RelNaaste,
			MayAct: true, ValidFrom: start.AddDate(-1, 0, 0), GrantedBy: f.regie.UserID}); err != nil {
			t.Fatal(err)
		}
		client := &auth.Principal{UserID: 903, Role: auth.RoleClient, Scope: auth.Scope{ClientID: clientID}}
		naaste := &auth.Principal{UserID: 902, Role: auth.RoleNaaste, Scope: auth.Scope{Represents: []int64{clientID}}}
		for _, tc := range []struct {
			p       *auth.Principal
			q, want string
		}{
			{client, "", "Vragen? Bel " + who + ": " + tel},
			{client, "?eenvoudig=1", "Vragen? Bel " + who + ": " + tel},
			{client, "?lang=en", "Questions? Call " + who + ": " + tel},
			{naaste, "?eenvoudig=1", "Vragen over Noor? Bel " + who + ": " + tel},
		} {
			body := f.do(t, tc.p, "GET", "/mijn/crisis"+tc.q, "", "").Body.String()
			if !strings.Contains(body, tc.want) || strings.Contains(body, "Bel uw begeleider.") {
				t.Errorf("%s%s: page lacks %q", tc.p.Role, tc.q, tc.want)
			}
		}
		// The API names the same person and number.
		if body := f.do(t, client, "GET", "/api/v1/crisis/mine", "", "").Body.String(); !strings.Contains(body, `"tel": "tel:+31302990102"`) || !strings.Contains(body, who) {
			t.Errorf("the API's call: %s", body)
		}
	})
}
