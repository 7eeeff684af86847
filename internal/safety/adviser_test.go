package safety

import (
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/web"
)

// TestAdviserScope: only the confidential adviser of the provider
// concerned reads a report; the adviser of another provider and a
// provider account without the duty get not-found for its id (and the
// refusal is audited), on the page, the API and every change.
func TestAdviserScope(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.submit(t, nil, report("melding", "client"))
		id := itoa(int(f.lastReport(t)))
		if rec := f.get(t, f.adviser, "/meldingen/behandelen/"+id); rec.Code != 200 || !strings.Contains(rec.Body.String(), "Een begeleider raakt mij aan") {
			t.Fatalf("adviser: %d", rec.Code)
		}
		for _, who := range []string{"adviser2", "manager"} {
			p := f.adviser2
			if who == "manager" {
				p = f.manager
			}
			for _, path := range []string{"/meldingen/behandelen/" + id, "/api/v1/safety/reports/" + id, "/api/v1/safety/reports/" + id + "/inspectorate", "/meldingen/behandelen/" + id + "/igj.pdf"} {
				if rec := f.get(t, p, path); rec.Code != 404 || strings.Contains(rec.Body.String(), "raakt mij aan") {
					t.Errorf("%s GET %s: %d, want 404", who, path, rec.Code)
				}
			}
			for _, action := range []string{"stap", "igj", "bericht", "afsluiten"} {
				rec := f.post(t, p, "/meldingen/behandelen/"+id+"/"+action, url.Values{"stap": {"1"}, "uitkomst": {"x"}, "igj_datum": {"01-03-2026"}, "bericht": {"x"}, "besluit": {"x"}})
				if rec.Code != 404 {
					t.Errorf("%s POST %s: %d, want 404", who, action, rec.Code)
				}
			}
			if rec := f.get(t, p, "/meldingen/behandelen"); rec.Code != 200 || strings.Contains(rec.Body.String(), "/meldingen/behandelen/"+id) {
				t.Errorf("%s sees the report on the list", who)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM safety_steps`) + f.count(t, `SELECT COUNT(*) FROM safety_messages`); n != 0 {
			t.Errorf("refused changes wrote %d rows", n)
		}
		denied := 0
		for _, e := range f.entries(t, "safety_report") {
			if e.Outcome == "denied" {
				denied++
			}
		}
		if denied == 0 {
			t.Error("refused reads are not audited")
		}
	})
}

// TestListsKeptApart: reports of professionals are on their own list, not
// with those of clients and relatives, on the pages and in the API.
func TestListsKeptApart(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.submit(t, nil, report("melding", "client"))
		client := itoa(int(f.lastReport(t)))
		pro := report("melding", "medewerker")
		pro.Set("wat", "Ik zag een collega een cliënt duwen.")
		f.submit(t, nil, pro)
		prof := itoa(int(f.lastReport(t)))
		list := f.get(t, f.adviser, "/meldingen/behandelen").Body.String()
		if !strings.Contains(list, "/meldingen/behandelen/"+client+`"`) || strings.Contains(list, "/meldingen/behandelen/"+prof+`"`) {
			t.Error("the clients' list does not hold exactly the client's report")
		}
		// On a phone each report stacks as a block with its cells named.
		if !strings.Contains(list, `<table class="table--stack">`) || !strings.Contains(list, `data-label="Melder"`) {
			t.Error("the adviser's list does not stack on a phone")
		}
		list = f.get(t, f.adviser, "/meldingen/behandelen/medewerkers").Body.String()
		if strings.Contains(list, "/meldingen/behandelen/"+client+`"`) || !strings.Contains(list, "/meldingen/behandelen/"+prof+`"`) {
			t.Error("the professionals' list does not hold exactly the professional's report")
		}
		api := f.get(t, f.adviser, "/api/v1/safety/reports?group=professionals").Body.String()
		if !strings.Contains(api, "een collega") || strings.Contains(api, "raakt mij aan") {
			t.Errorf("API professionals list: %s", api)
		}
	})
}

// TestMeldcodeSteps: steps are recorded in order with time, outcome and
// who; a step cannot be skipped; a step with choices needs one; all errors
// of the form at once; the IGJ date is recorded for a report and refused
// for an advice request.
func TestMeldcodeSteps(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.submit(t, nil, report("melding", "client"))
		id := f.lastReport(t)
		path := "/meldingen/behandelen/" + itoa(int(id))
		rec := f.post(t, f.adviser, path+"/stap", url.Values{"stap": {"2"}, "keuze": {""}, "uitkomst": {""}})
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), `href="#uitkomst"`) || !strings.Contains(rec.Body.String(), `href="#keuze"`) {
			t.Fatalf("empty step 2: %d, want both errors", rec.Code)
		}
		if i, j := strings.Index(rec.Body.String(), `href="#keuze"`), strings.Index(rec.Body.String(), `href="#uitkomst"`); j < i {
			t.Errorf("empty step 2: the summary is not in the form's order (choice at %d, outcome at %d)", i, j)
		}
		// Step 2 stays chosen after the mistake, and the choice is not
		// called optional while step 2 requires it.
		if b := rec.Body.String(); !strings.Contains(b, `<option value="2" selected>`) || !strings.Contains(b, `<label for="keuze">Uitkomst om te kiezen (verplicht bij stap 2, 4 en 5)</label>`) {
			t.Errorf("empty step 2: the step chosen is not kept, or the choice's label says it is optional")
		}
		// An unknown step and an empty outcome: both at once.
		rec = f.post(t, f.adviser, path+"/stap", url.Values{"stap": {"9"}, "uitkomst": {""}})
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), `href="#stap"`) || !strings.Contains(rec.Body.String(), `href="#uitkomst"`) {
			t.Errorf("unknown step without an outcome: %d, want both errors", rec.Code)
		}
		err := f.s.RecordStep(t.Context(), f.adviser, id, StepInput{Step: 2, Choice: "collega", Outcome: "Overlegd"})
		if fe, _ := web.FieldErrorsOf(err); len(fe) != 1 || fe[0].Field != "stap" {
			t.Fatalf("skipping step 1: %v", err)
		}
		rec = f.post(t, f.adviser, path+"/stap", url.Values{"stap": {"1"}, "uitkomst": {"Signalen vastgelegd."}})
		if rec.Code != 303 {
			t.Fatalf("step 1: %d %s", rec.Code, rec.Body.String())
		}
		if err := f.s.RecordStep(t.Context(), f.adviser, id, StepInput{Step: 2, Choice: "veilig_thuis", Outcome: "Advies gevraagd"}); err != nil {
			t.Fatal(err)
		}
		rep, err := f.s.ForAdviser(t.Context(), f.adviser, id)
		if err != nil {
			t.Fatal(err)
		}
		if rep.LastStep() != 2 || rep.Status != StatusInProgress || rep.FirstContactAt.IsZero() || rep.Steps[0].ByName != "Naam vp" {
			t.Errorf("after two steps: %+v", rep)
		}
		if list := f.get(t, f.adviser, "/meldingen/behandelen").Body.String(); !strings.Contains(list, `<td data-label="Stap meldcode">2 van 5</td>`) {
			t.Error("the list does not show the meldcode step reached")
		}
		page := f.get(t, f.adviser, path).Body.String()
		if !strings.Contains(page, "Meldplicht bij de Inspectie") || !strings.Contains(page, "Nog niet gemeld bij de IGJ.") {
			t.Error("the IGJ duty is not shown to the handler")
		}
		if rec := f.post(t, f.adviser, path+"/igj", url.Values{"igj_datum": {"31-02-2026"}}); rec.Code != 422 {
			t.Errorf("impossible IGJ date: %d", rec.Code)
		}
		if rec := f.post(t, f.adviser, path+"/igj", url.Values{"igj_datum": {"01-03-2026"}}); rec.Code != 303 {
			t.Errorf("IGJ date: %d", rec.Code)
		}
		if page := f.get(t, f.adviser, path).Body.String(); !strings.Contains(page, "Gemeld bij de IGJ op 01-03-2026") {
			t.Error("the IGJ date is not shown")
		}
		f.submit(t, nil, report("advies", "client"))
		advice := f.lastReport(t)
		if err := f.s.RecordIGJ(t.Context(), f.adviser, advice, "01-03-2026"); err == nil {
			t.Error("an advice request took an IGJ date")
		}
	})
}

// TestInspectoratePDF: the adviser prints the fields the inspectorate asks
// for as a PDF in Dutch (the report page links it; JSON alone is no help
// to a person), with the meldcode steps; an advice request has none.
func TestInspectoratePDF(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.submit(t, nil, report("melding", "client"))
		id := itoa(int(f.lastReport(t)))
		if err := f.s.RecordStep(t.Context(), f.adviser, f.lastReport(t), StepInput{Step: 1, Outcome: "Signalen van de begeleider vastgelegd"}); err != nil {
			t.Fatal(err)
		}
		page := f.get(t, f.adviser, "/meldingen/behandelen/"+id).Body.String()
		if !strings.Contains(page, `href="/meldingen/behandelen/`+id+`/igj.pdf"`) {
			t.Errorf("the report page does not link the PDF")
		}
		// The page is for a person: the JSON for systems is in the API's
		// description, not a link here; the heading's date stays whole.
		main := page[strings.Index(page, "<main"):strings.Index(page, "</main>")]
		if strings.Contains(main, `href="/api/`) {
			t.Errorf("the adviser's report page links the API")
		}
		if !regexp.MustCompile(`<h1>Melding van <span class="moment">\d\d-\d\d-\d{4} \d\d:\d\d</span></h1>`).MatchString(page) {
			t.Errorf("the report's heading does not keep its date whole")
		}
		rec := f.get(t, f.adviser, "/meldingen/behandelen/"+id+"/igj.pdf")
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/pdf" {
			t.Fatalf("PDF: %d %s", rec.Code, rec.Header().Get("Content-Type"))
		}
		text := pdfText(t, rec.Body.Bytes())
		flat := strings.Join(strings.Fields(text), " ")
		for _, want := range []string{"Zorg Utrecht", "Een begeleider raakt mij aan", "Signalen van de begeleider vastgelegd", "Gemeld bij de IGJ op Nog niet gemeld", "Is de cliënt nu veilig? Ja"} {
			if text != "" && !strings.Contains(flat, want) {
				t.Errorf("the PDF lacks %q:\n%s", want, text)
			}
		}
		f.submit(t, nil, report("advies", "client"))
		if rec := f.get(t, f.adviser, "/meldingen/behandelen/"+itoa(int(f.lastReport(t)))+"/igj.pdf"); rec.Code != 404 {
			t.Errorf("an advice request's IGJ PDF: %d", rec.Code)
		}
	})
}

// pdfText is the text of a PDF as poppler's pdftotext reads it, or "" when
// the tool is missing outside CI.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext (Debian poppler-utils) is required under CI")
		}
		t.Log("pdftotext not installed; the PDF's text is not checked")
		return ""
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestAdviserReportPage: the adviser's page of a report offers the
// inspectorate's PDF, that of an advice request does not (the PDF answers
// 404 there, so the link led nowhere); safety is asked about the client,
// whoever reported; the IGJ date field takes dashes on a phone (no numeric
// keypad, which lacks them).
func TestAdviserReportPage(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.submit(t, nil, report("advies", "naaste"))
		advice := itoa(int(f.lastReport(t)))
		f.submit(t, nil, report("melding", "naaste"))
		rep := itoa(int(f.lastReport(t)))
		page := f.get(t, f.adviser, "/meldingen/behandelen/"+advice).Body.String()
		if strings.Contains(page, "igj.pdf") || strings.Contains(page, "/inspectorate") {
			t.Error("an advice request links to the inspectorate's export")
		}
		if rec := f.get(t, f.adviser, "/meldingen/behandelen/"+advice+"/igj.pdf"); rec.Code != 404 {
			t.Errorf("advice PDF: %d", rec.Code)
		}
		page = f.get(t, f.adviser, "/meldingen/behandelen/"+rep).Body.String()
		if !strings.Contains(page, `href="/meldingen/behandelen/`+rep+`/igj.pdf"`) {
			t.Error("a report does not link to the inspectorate's PDF")
		}
		if !strings.Contains(page, "Is de cliënt nu veilig?") || strings.Contains(page, "Is de melder nu veilig?") {
			t.Error("the adviser's page asks about the reporter's safety, not the client's")
		}
		// A day that does not exist is named as such, not as a format
		// the adviser did follow.
		if rec := f.post(t, f.adviser, "/meldingen/behandelen/"+rep+"/igj", url.Values{"igj_datum": {"31-02-2026"}}); rec.Code != 422 || !strings.Contains(rec.Body.String(), "Die dag bestaat niet.") {
			t.Errorf("31-02-2026: %d", rec.Code)
		}
		if rec := f.post(t, f.adviser, "/meldingen/behandelen/"+rep+"/igj", url.Values{"igj_datum": {"gisteren"}}); rec.Code != 422 || !strings.Contains(rec.Body.String(), "dd-mm-jjjj") {
			t.Errorf("gisteren: %d", rec.Code)
		}
		if i := strings.Index(page, `id="igj_datum"`); i < 0 || strings.Contains(page[i:i+300], `inputmode="numeric"`) {
			t.Error("the IGJ date field is missing or asks for a numeric keypad without dashes")
		}
	})
}
