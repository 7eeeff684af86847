package crisis

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/clients"
)

// TestIntakeStartsWithFindingThePerson: the crisis report form starts with
// finding the person by name (issue 11), carries the chosen client as a
// hidden field, refuses a client the reporter cannot see at that field,
// and registers a person not yet in the register with name, birth date
// and BSN when the role may; a C.O.T. member, who registers nobody,
// chooses from the register.
func TestIntakeStartsWithFindingThePerson(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := strconv.FormatInt(f.client, 10)
		rec := f.do(t, f.regie, "GET", "/crisis/melden?client_zoek="+url.QueryEscape("bestaande"), "", "")
		body := rec.Body.String()
		radio := `type="radio" id="client-` + id + `" name="client" value="` + id + `"`
		if rec.Code != http.StatusOK || !strings.Contains(body, radio) || strings.Index(body, radio) > strings.Index(body, `id="waar"`) {
			t.Fatalf("search by name: %d, radio before the report fields %v", rec.Code, strings.Contains(body, radio))
		}
		if len(f.aud.Find(func(e audit.Event) bool { return e.Action == audit.ActionSearch && e.ClientID == f.client })) != 1 {
			t.Error("the search is not audited with the client shown")
		}
		rec = f.do(t, f.regie, "GET", "/crisis/melden?client="+id, "", "")
		body = rec.Body.String()
		if !strings.Contains(body, `<input type="hidden" name="client" value="`+id+`">`) || !strings.Contains(body, "Bestaande Cliënt") || strings.Contains(body, `id="naam"`) {
			t.Fatalf("chosen client not carried: %d", rec.Code)
		}
		report := url.Values{"client": {id}, "waar": {"Thuis"}, "wat": {"Escalatie"}, "urgentie": {"hoog"}}
		rec = f.do(t, f.regie, "POST", "/crisis/melden", report.Encode(), formType)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("report for the chosen client: %d %s", rec.Code, rec.Body.String())
		}
		var n int
		if err := f.d.QueryRowContext(ctx, `SELECT COUNT(*) FROM crisis_cases WHERE client_id = $1`, f.client).Scan(&n); err != nil || n != 1 {
			t.Fatalf("%d cases for the chosen client (%v)", n, err)
		}
		// A care worker of another location does not see the client: the
		// choice is refused at the picker, with the other mistakes.
		rec = f.do(t, f.reporter, "POST", "/crisis/melden", url.Values{"client": {id}, "waar": {"Thuis"}}.Encode(), formType)
		body = rec.Body.String()
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#client"`) || !strings.Contains(body, `href="#wat"`) || strings.Contains(body, "Bestaande Cliënt") {
			t.Errorf("out-of-scope choice: %d", rec.Code)
		}
		// Not in the register: name, birth date and BSN register the person.
		newPerson := url.Values{"naam": {"Nieuwe Persoon"}, "geboortedatum": {"12-03-1999"}, "bsn": {"111222333"}, "regio": {"ZK11"}, "waar": {"Thuis"}, "wat": {"Escalatie"}, "urgentie": {"acuut"}}
		rec = f.do(t, f.regie, "POST", "/crisis/melden", newPerson.Encode(), formType)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("report for a new person: %d %s", rec.Code, rec.Body.String())
		}
		created, err := f.reg.FindByBSN(ctx, "111222333")
		if err != nil {
			t.Fatalf("the new person is not in the register by BSN: %v", err)
		}
		if c, err := f.reg.Get(ctx, created); err != nil || c.Name != "Nieuwe Persoon" || c.BirthDate.Format("02-01-2006") != "12-03-1999" {
			t.Errorf("new person: %+v %v", c, err)
		}
		// The same BSN again is named at its field, and an invalid one too.
		rec = f.do(t, f.regie, "POST", "/crisis/melden", newPerson.Encode(), formType)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `href="#bsn"`) {
			t.Errorf("duplicate BSN: %d", rec.Code)
		}
		newPerson.Set("bsn", "111222334")
		rec = f.do(t, f.regie, "POST", "/crisis/melden", newPerson.Encode(), formType)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `href="#bsn"`) {
			t.Errorf("invalid BSN: %d", rec.Code)
		}
		// A C.O.T. member registers nobody: no new-person fields, and a
		// name alone is refused at its field.
		if body := f.do(t, f.cot, "GET", "/crisis/melden", "", "").Body.String(); strings.Contains(body, `id="naam"`) {
			t.Error("the C.O.T. form offers to register a new person")
		}
		cotForm := url.Values{"naam": {"Iemand"}, "regio": {"ZK11"}, "waar": {"Thuis"}, "wat": {"Escalatie"}, "urgentie": {"hoog"}}
		rec = f.do(t, f.cot, "POST", "/crisis/melden", cotForm.Encode(), formType)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `href="#naam"`) {
			t.Errorf("C.O.T. new person: %d", rec.Code)
		}
		if clients.MayCreate("cot") {
			t.Error("C.O.T. may create clients")
		}
	})
}
