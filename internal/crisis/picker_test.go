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
		// A C.O.T. at night meets a person nobody registered: it reports
		// the crisis and registers the person with the least data, in the
		// region it works in, audited for the purpose crisis; it gets no
		// care relation from it and still cannot use the register's form.
		if body := f.do(t, f.cot, "GET", "/crisis/melden", "", "").Body.String(); !strings.Contains(body, `id="naam"`) || !strings.Contains(body, `id="bsn"`) {
			t.Error("the C.O.T. form does not offer to register a new person")
		}
		cotForm := url.Values{"naam": {"Onbekende Nachtmelding"}, "geboortedatum": {"01-02-2001"}, "regio": {"ZK11"}, "waar": {"Thuis"}, "wat": {"Escalatie"}, "urgentie": {"hoog"}}
		rec = f.do(t, f.cot, "POST", "/crisis/melden", cotForm.Encode(), formType)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("C.O.T. new person: %d %s", rec.Code, rec.Body.String())
		}
		var cotClient int64
		if err := f.d.QueryRowContext(ctx, `SELECT client_id FROM crisis_cases WHERE reporter_id = $1`, f.cot.UserID).Scan(&cotClient); err != nil {
			t.Fatalf("no case reported by the C.O.T.: %v", err)
		}
		if c, err := f.reg.Get(ctx, cotClient); err != nil || c.Name != "Onbekende Nachtmelding" || c.Region != "ZK11" {
			t.Errorf("person registered by the C.O.T.: %+v %v", c, err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM client_care WHERE client_id = $1`, cotClient); n != 0 {
			t.Errorf("the C.O.T.'s registration gave %d care relations, want none until assignment", n)
		}
		audited := 0
		for i, e := range f.aud.Events() {
			if e.Action == audit.ActionCreate && e.Object == "client" && e.ClientID == cotClient && f.aud.Users()[i] == f.cot.UserID && e.Purpose == audit.PurposeCrisis {
				audited++
			}
		}
		if audited != 1 {
			t.Error("the C.O.T.'s registration is not audited for the purpose crisis")
		}
		if rec := f.do(t, f.cot, "GET", "/crisis/"+strconv.FormatInt(cotClientCase(t, f, cotClient), 10), "", ""); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Onbekende Nachtmelding") {
			t.Errorf("the C.O.T. does not see its own report: %d", rec.Code)
		}
		// Outside its region it is refused at the region, in the page and
		// the API alike, with every other mistake at once.
		cotForm.Set("regio", "ZK02")
		cotForm.Del("wat")
		rec = f.do(t, f.cot, "POST", "/crisis/melden", cotForm.Encode(), formType)
		if body := rec.Body.String(); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#regio"`) || !strings.Contains(body, `href="#wat"`) {
			t.Errorf("C.O.T. new person in another region: %d", rec.Code)
		}
		rec = f.do(t, f.cot, "POST", "/api/v1/crisis/cases", `{"client_name":"Ander","region":"ZK02","where":"Thuis","what_happened":"x","urgency":"hoog"}`, "application/json")
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"regio"`) {
			t.Errorf("API: C.O.T. new person in another region: %d %s", rec.Code, rec.Body.String())
		}
		if clients.MayCreate("cot") || !clients.MayRegisterAtCrisis("cot") || clients.MayRegisterAtCrisis("naaste") {
			t.Error("C.O.T. may use the register's form, or the crisis rule is wrong")
		}
	})
}

// cotClientCase is the case reported for client id.
func cotClientCase(t *testing.T, f *fixture, id int64) int64 {
	t.Helper()
	var c int64
	if err := f.d.QueryRowContext(context.Background(), `SELECT id FROM crisis_cases WHERE client_id = $1`, id).Scan(&c); err != nil {
		t.Fatal(err)
	}
	return c
}
