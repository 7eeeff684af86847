package clients

import (
	"context"
	"html/template"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/web"
)

// TestPickerFindsByNameBirthDateAndBSN: the picker finds a client by name,
// by birth date, by both and by BSN, shows the name, birth date and region
// (never the number), keeps to the scope and each role's BSN rule, and
// records every client it showed as searched.
func TestPickerFindsByNameBirthDateAndBSN(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		ctx := context.Background()
		id := h.seed()
		other, err := h.s.Create(ctx, nil, NewClient{Name: "Zoë Anders", BirthDate: time.Date(1985, 3, 4, 0, 0, 0, 0, time.UTC), Region: "ZK-UTR"})
		if err != nil {
			t.Fatal(err)
		}
		find := func(q string) Pick {
			t.Helper()
			k, err := h.s.Find(ctx, zk, PickRequest{Field: "client", Action: "/x", Query: q})
			if err != nil {
				t.Fatal(err)
			}
			return k
		}
		for _, q := range []string{"ëlberg", "01-02-1990", "zoe 01-02-1990", "01/02/1990 Zoë", "123456782"} {
			k := find(q)
			if len(k.Options) != 1 || k.Options[0].ID != id {
				t.Errorf("search %q: %+v, want only the client born 01-02-1990", q, k.Options)
				continue
			}
			if want := "Zoë Ëlberg — geboren 01-02-1990 — "; !strings.HasPrefix(k.Options[0].Label, want) || strings.Contains(k.Options[0].Label, "#"+itoa(id)) {
				t.Errorf("label %q, want %q and no number", k.Options[0].Label, want)
			}
		}
		if k := find("zoe"); len(k.Options) != 2 {
			t.Errorf("search by first name: %d results, want 2", len(k.Options))
		}
		if k := find("02-01-1990"); len(k.Options) != 0 {
			t.Errorf("another birth date found %+v", k.Options)
		}
		// A provider administrator has no basis for the BSN: a BSN search
		// finds nobody, so it does not learn who has that BSN.
		k, err := h.s.Find(ctx, ab, PickRequest{Field: "client", Query: "123456782"})
		if err != nil || len(k.Options) != 0 || k.BSNSearch {
			t.Errorf("aanbieder BSN search: %+v %v", k, err)
		}
		// Out of scope: found by nobody, and a forged choice is refused and
		// audited as denied.
		k, err = h.s.Find(ctx, zvElse, PickRequest{Field: "client", Query: "zoe", Chosen: id})
		if err != nil || len(k.Options) != 0 || k.Picked.ID != 0 || !k.Refused {
			t.Errorf("out of scope: %+v %v", k, err)
		}
		if ev := h.aud.Find(func(e audit.Event) bool {
			return e.Object == "client_pick" && e.Outcome == audit.OutcomeDenied && e.ClientID == id
		}); len(ev) != 1 {
			t.Errorf("refused choice audited %d times, want 1", len(ev))
		}
		// A valid choice is read and recorded; Keep narrows the results.
		k, err = h.s.Find(ctx, zk, PickRequest{Field: "client", Chosen: other})
		if err != nil || k.Picked.ID != other || !strings.HasPrefix(k.Picked.Label, "Zoë Anders — geboren 04-03-1985") {
			t.Errorf("choice: %+v %v", k, err)
		}
		k, err = h.s.Find(ctx, zk, PickRequest{Field: "client", Query: "zoe", Keep: func(_ context.Context, c int64) (bool, error) { return c == other, nil }})
		if err != nil || len(k.Options) != 1 || k.Options[0].ID != other {
			t.Errorf("keep: %+v %v", k.Options, err)
		}
		// Audit: the five searches above that showed the client each name
		// it, the query never.
		if ev := h.aud.find(audit.ActionSearch, id); len(ev) != 6 {
			t.Errorf("searches audited with the client shown: %d, want 6", len(ev))
		}
		for _, e := range h.aud.Events() {
			if strings.Contains(e.ObjectID+e.Reason, "1990") || strings.Contains(e.ObjectID+e.Reason, "zoe") {
				t.Error("search query leaked into the audit log")
			}
		}
	})
}

// TestPickerTemplate: without JavaScript the results are radio buttons in
// a GET form, the chosen client a hidden field of the module's form, and
// the error of a form without a client sits at the search field.
func TestPickerTemplate(t *testing.T) {
	h := newHarness(t, dbtest.SQLite(t, sets()...))
	id := h.seed()
	k, err := h.s.Find(context.Background(), zk, PickRequest{Field: "client", Action: "/melden", Query: "zoe"})
	if err != nil {
		t.Fatal(err)
	}
	out := renderPick(t, h, k, nil)
	for _, want := range []string{`method="get" action="/melden"`, `name="client_zoek"`, `type="radio" id="client-` + itoa(id) + `" name="client" value="` + itoa(id) + `"`, "Zoë Ëlberg — geboren 01-02-1990"} {
		if !strings.Contains(out, want) {
			t.Errorf("picker page lacks %q:\n%s", want, out)
		}
	}
	k, err = h.s.Find(context.Background(), zk, PickRequest{Field: "client", Action: "/melden", Chosen: id})
	if err != nil {
		t.Fatal(err)
	}
	out = renderPick(t, h, k, nil)
	if !strings.Contains(out, `<input type="hidden" name="client" value="`+itoa(id)+`">`) || strings.Contains(out, `type="radio"`) {
		t.Errorf("chosen client not carried as a hidden field:\n%s", out)
	}
	// In English the chosen client is named in English too (the label
	// came out of Go in Dutch before the browser walk of issue 18).
	out = renderPickIn(t, h, k, nil, "en")
	if !strings.Contains(out, "Zoë Ëlberg — born 01-02-1990") || strings.Contains(out, "geboren") {
		t.Errorf("English picker names the client in Dutch:\n%s", out)
	}
	out = renderPick(t, h, Pick{PickRequest: PickRequest{Field: "client", Action: "/melden"}}, []web.FieldError{(Pick{PickRequest: PickRequest{Field: "client"}}).Error()})
	if !strings.Contains(out, `id="client-fout"`) || !strings.Contains(out, `aria-invalid="true"`) {
		t.Errorf("error not at the search field:\n%s", out)
	}
}

func renderPick(t *testing.T, h *harness, k Pick, errs []web.FieldError) string {
	t.Helper()
	return renderPickIn(t, h, k, errs, "nl")
}

// renderPickIn renders the picker on a page in lang.
func renderPickIn(t *testing.T, h *harness, k Pick, errs []web.FieldError, lang string) string {
	t.Helper()
	tmpl := ParsePicker(h.s.rd, h.s.rd.Parse(templateFS, "templates/choose.html"))
	tmpl = template.Must(tmpl.Parse(`{{define "content"}}{{template "client-picker" (dict "P" . "Pick" .Data)}}<form method="post">{{template "client-picked" .Data}}</form>{{end}}`))
	req := httptest.NewRequest("GET", "/melden?lang="+lang, nil)
	req = req.WithContext(auth.WithPrincipal(req.Context(), zk))
	w := httptest.NewRecorder()
	h.s.rd.Render(w, req, 200, tmpl, web.Page{Title: "Test", Data: k, Errors: errs, Form: map[string]string{}})
	return w.Body.String()
}
