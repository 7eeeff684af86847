package audit

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
)

// The reason given for emergency access may hold health details: the
// administrators who review it (no health data for them) see that a reason
// was given and its length, never its words; the client it is about reads
// it on "wie heeft mijn gegevens bekeken".
func TestEmergencyReasonOnlyForTheClient(t *testing.T) {
	eachDB(t, func(t *testing.T, d *db.DB) {
		f := newWebFixture(t, d)
		ctx := context.Background()
		reason := "epileptische aanval, team onbereikbaar"
		pro := professional()
		pro.Organisation = "Zorg Noord"
		if err := f.tl.Record(ctx, pro, Event{Action: ActionEmergencyAccess, ClientID: 1, Object: "dossier", Purpose: PurposeEmergency, Emergency: true, Reason: reason}); err != nil {
			t.Fatal(err)
		}
		for _, p := range []*auth.Principal{
			{UserID: 9, Username: "beheerder", Role: auth.RoleBeheerder},
			{UserID: 10, Username: "aanbieder", Role: auth.RoleAanbieder, Organisation: "Zorg Noord"},
		} {
			for _, path := range []string{EmergencyPath, EmergencyPath + "?toon=alle"} {
				code, body := f.do(t, p, "GET", path, nil)
				if code != http.StatusOK || !strings.Contains(body, "opende cliënt nummer 1") {
					t.Fatalf("%s %s: %d", p.Role, path, code)
				}
				if strings.Contains(body, "epileptische") {
					t.Errorf("%s sees the reason's words on %s", p.Role, path)
				}
				if !strings.Contains(body, "opgegeven (38 tekens). Alleen de cliënt kan de reden lezen") {
					t.Errorf("%s is not told that a reason of 38 characters was given", p.Role)
				}
			}
		}
		client := &auth.Principal{UserID: 500, Username: "client", Role: auth.RoleClient, Scope: auth.Scope{ClientID: 1}}
		if code, body := f.do(t, client, "GET", InzagePath, nil); code != http.StatusOK || !strings.Contains(body, reason) {
			t.Errorf("the client does not read the reason: %d\n%s", code, body)
		}
	})
}
