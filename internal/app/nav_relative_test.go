package app

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var mainNavRe = regexp.MustCompile(`(?s)<nav class="main-nav"[^>]*>(.*?)</nav>`)
var navLinkRe = regexp.MustCompile(`<a href="(/[^"]*)"[^>]*>([^<]*)</a>`)

// TestRelativeMenu: the demo naaste's menu lists only pages she may open
// (each answers 200, none refuses her), and names them about the client
// ("Wie bekeek de gegevens"), never as if she were the client ("Wie bekeek
// mijn gegevens", "Mijn gegevens", "Waar sta ik"); the client's menu keeps
// the "mijn" names (issue 11).
func TestRelativeMenu(t *testing.T) {
	_, srv := testApp(t, "sqlite")
	get := func(cookie *http.Cookie, path string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.AddCookie(cookie)
		resp, err := noRedirect().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	menu := func(body string) map[string]string {
		m := mainNavRe.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no main menu")
		}
		out := map[string]string{}
		for _, l := range navLinkRe.FindAllStringSubmatch(m[1], -1) {
			out[l[1]] = l[2]
		}
		return out
	}
	naaste := login(t, srv.URL, "naaste")
	code, body := get(naaste, "/")
	if code != http.StatusOK {
		t.Fatalf("naaste start: %d", code)
	}
	items := menu(body)
	if _, ok := items["/mijn/inzage"]; !ok {
		t.Errorf("naaste menu lacks /mijn/inzage: %v", items)
	}
	for path, label := range items {
		if c, _ := get(naaste, path); c != http.StatusOK {
			t.Errorf("naaste menu offers %s (%q), which answers %d", path, label, c)
		}
		for _, own := range []string{"mijn gegevens", "Mijn gegevens", "Waar sta ik"} {
			if strings.Contains(label, own) {
				t.Errorf("naaste menu item %s is named as if she were the client: %q", path, label)
			}
		}
	}
	if !strings.Contains(body, "Wie bekeek de gegevens") {
		t.Error("naaste start page does not name the log about the client")
	}
	client := login(t, srv.URL, "client")
	_, cbody := get(client, "/mijn")
	if c := menu(cbody); c["/mijn/inzage"] != "Wie bekeek mijn gegevens" {
		t.Errorf("client menu: %v", c)
	}
}
