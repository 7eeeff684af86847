package app

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestSafetyReadsHiddenFromRepresentative: the confidential adviser reads
// the reports of the home provider, among them one Sanne made with her
// account. Sanne sees that access in "wie heeft mijn gegevens bekeken";
// her representative, who may be the person reported, does not, on the
// page or in the API, and the client's export holds no report that is
// still being handled.
func TestSafetyReadsHiddenFromRepresentative(t *testing.T) {
	a, srv := testApp(t, "sqlite")
	vp := login(t, srv.URL, "vertrouwenspersoon")
	resp, page := request(t, srv, vp, "GET", "/meldingen/behandelen", nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "Sanne de Vries") {
		t.Fatalf("the confidential adviser's list: %d, Sanne's report missing", resp.StatusCode)
	}
	if err := a.Audit.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, own := request(t, srv, login(t, srv.URL, "client"), "GET", "/api/v1/clients/me/accesses", nil)
	if !strings.Contains(own, "Esther Kok") {
		t.Errorf("the client does not see the adviser's read of her report: %.400s", own)
	}
	naaste := login(t, srv.URL, "naaste")
	for _, path := range []string{"/api/v1/clients/me/accesses", "/mijn/inzage"} {
		resp, body := request(t, srv, naaste, "GET", path, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("representative %s: %d", path, resp.StatusCode)
		}
		if strings.Contains(body, "Esther Kok") || strings.Contains(body, "safety_report") || strings.Contains(body, "geweld of misbruik") {
			t.Errorf("the representative sees the reads of a report at %s", path)
		}
	}
	for _, who := range []string{"client", "naaste"} {
		_, export := request(t, srv, login(t, srv.URL, who), "GET", "/api/v1/clients/me/export", nil)
		if !strings.Contains(export, `"safety"`) || strings.Contains(export, "medebewoner komt steeds mijn kamer") {
			t.Errorf("%s: the export lacks the safety section or shows a report being handled", who)
		}
	}
}

// TestSafetyReportThroughServer finds the flow from the home page and
// walks it through the running server without a session (cross-origin protection, body limit and all)
// and finds the report on the home provider's adviser's list.
func TestSafetyReportThroughServer(t *testing.T) {
	_, srv := testApp(t, "sqlite")
	form := url.Values{"stap": {"verhaal"}, "soort": {"melding"}, "situatie": {"zorg"}, "aanbieder": {"De Zijlen"}, "wie": {"naaste"},
		"wat": {"Mijn zus wordt uitgescholden door een medebewoner."}, "waar": {"Woonkamer"}, "nog_bezig": {"ja"}, "veilig": {"ja"}}
	// An anonymous visitor finds the flow from the home page's menu, and
	// so does every logged-in role.
	if _, home := request(t, srv, nil, "GET", "/", nil); !strings.Contains(home, `href="/meldingen"`) {
		t.Error("the anonymous home page does not lead to /meldingen")
	}
	if _, home := request(t, srv, login(t, srv.URL, "client"), "GET", "/mijn", nil); !strings.Contains(home, `href="/meldingen"`) {
		t.Error("the client's start page does not lead to /meldingen")
	}
	_, start := request(t, srv, nil, "GET", "/meldingen", nil)
	if !strings.Contains(start, "Snel weg") {
		t.Fatal("the public start page has no quick exit")
	}
	resp, body := request(t, srv, nil, "POST", "/meldingen", form)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "statuscode__code") {
		t.Fatalf("report through the server: %d %.300s", resp.StatusCode, body)
	}
	_, list := request(t, srv, login(t, srv.URL, "vertrouwenspersoon"), "GET", "/meldingen/behandelen", nil)
	if !strings.Contains(list, "Familie of naaste") {
		t.Error("the report is not on the adviser's list")
	}
}
