package app

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestRightOfAccessDutchFormats: the right-of-access page showed
// Nachtrust's note dates as 2026-11-25 and its stored minutes as 33600
// (issue 11: dd-mm-jjjj and thousands separators everywhere); the demo
// relative reads the client's record, which has both.
func TestRightOfAccessDutchFormats(t *testing.T) {
	_, srv := testApp(t, "sqlite")
	req, _ := http.NewRequest("GET", srv.URL+"/mijn/gegevens", nil)
	req.AddCookie(login(t, srv.URL, "naaste"))
	resp, err := noRedirect().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /mijn/gegevens: %d", resp.StatusCode)
	}
	page := string(body)
	i := strings.Index(page, "<main")
	if i < 0 {
		t.Fatal("no main")
	}
	text := tagRe.ReplaceAllString(page[i:], " ")
	if !strings.Contains(text, "Opgeslagen minuten") {
		t.Fatal("the demo relative's client has no Nachtrust section: the test checks nothing")
	}
	if iso := regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`).FindAllString(text, -1); len(iso) > 0 {
		t.Errorf("dates not as dd-mm-jjjj: %q", iso)
	}
	m := regexp.MustCompile(`Opgeslagen minuten\s+([\d.]+)`).FindStringSubmatch(text)
	if m == nil || (len(m[1]) > 3 && !strings.Contains(m[1], ".")) {
		t.Errorf("stored minutes shown as %q, want thousands separated", m)
	}
}
