package app

import (
	"context"
	"errors"
	"slices"

	"github.com/volwaardig/volwaardig/internal/auth"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var taskRe = regexp.MustCompile(`(?s)<li class="task( task--urgent)?">(.*?)</li>`)
var tagRe = regexp.MustCompile(`<[^>]+>`)

// startTasks opens a role's start page and returns its task lines as
// text, urgent ones marked "!".
func startTasks(t *testing.T, base, role, path string) []string {
	t.Helper()
	req, _ := http.NewRequest("GET", base+path, nil)
	req.AddCookie(login(t, base, role))
	resp, err := noRedirect().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: GET %s answered %d", role, path, resp.StatusCode)
	}
	var out []string
	for _, m := range taskRe.FindAllStringSubmatch(string(body), -1) {
		item := strings.Replace(m[2], `<span class="tag tag--urgent">Urgent</span>`, "", 1)
		line := strings.Join(strings.Fields(tagRe.ReplaceAllString(item, " ")), " ")
		if m[1] != "" {
			line = "! " + line
		}
		out = append(out, line)
	}
	return out
}

// TestStartPagePerRole checks that each role's start page lists what
// waits for that person today (issue 11, "Every page"), from the demo's
// own cases, on both databases: before, every start page was the same
// row of tiles. Each role must see its own kind of work and nothing of
// another role's, and the crisis cases a director's start page names are
// recorded in the audit log as the crisis list records them.
func TestStartPagePerRole(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			if dialect == "postgres" && testing.Short() {
				t.Skip("short")
			}
			a, srv := testApp(t, dialect)
			cases := []struct {
				role, path string
				want       []*regexp.Regexp // every one must match some task
				urgent     bool             // at least one task is urgent
			}{
				{"zorgkantoor", "/", []*regexp.Regexp{
					regexp.MustCompile(`^! \d+ (persoon|personen) met een verstreken termijn$`),
					regexp.MustCompile(`^\d+ (punt|punten) op de agenda van de regiotafel$`)}, true},
				{"landelijketafel", "/", []*regexp.Regexp{
					regexp.MustCompile(`^\d+ (punt|punten) op de agenda van de landelijke tafel$`)}, false},
				{"aanbieder", "/", []*regexp.Regexp{
					regexp.MustCompile(`^1 voorstel wacht op uw antwoord$|^\d+ voorstellen wachten op uw antwoord$`)}, false},
				{"crisisregisseur", "/", []*regexp.Regexp{
					regexp.MustCompile(`^(! )?Crisis: [A-Z][a-z]+ .+\(.+\) .*(Tijd over tot de norm|Norm overschreden met): \d`)}, true},
				{"cot", "/", []*regexp.Regexp{regexp.MustCompile(`^! Bevestig dat uw team .+ ondersteunt$`)}, true},
				{"zorgverlener", "/", []*regexp.Regexp{regexp.MustCompile(`^Afwijkende nacht: [A-Z]\w+ .+ (korter|langer|vaker|sensor)`)}, false},
				{"client", "/mijn", []*regexp.Regexp{regexp.MustCompile(`^Er is een plek voor u gevonden\. Wilt u antwoorden\?$`),
					regexp.MustCompile(`^Uw crisismelding: Er komt een team om te helpen\.$`)}, false},
				{"naaste", "/", []*regexp.Regexp{regexp.MustCompile(`^Er is een plek gevonden voor [A-Z]\w+ .+\.$`),
					regexp.MustCompile(`^Crisismelding over Sanne de Vries: Er komt een team om te helpen\.$`),
					regexp.MustCompile(`^Afgelopen nacht van [A-Z]\w+ .+: (\d+ uur( en \d+ (minuut|minuten))? geslapen|geen meting)`)}, false},
				{"programma", "/", []*regexp.Regexp{
					regexp.MustCompile(`^Maatwerkplekken: \d+$`),
					regexp.MustCompile(`^Crisismeldingen in de afgelopen twaalf maanden: (\d{1,3}(\.\d{3})*|minder dan 5)$`)}, false},
			}
			for _, c := range cases {
				tasks := startTasks(t, srv.URL, c.role, c.path)
				t.Logf("%s: %q", c.role, tasks)
				for _, re := range c.want {
					found := false
					for _, line := range tasks {
						found = found || re.MatchString(line)
					}
					if !found {
						t.Errorf("%s's start page has no task matching %s; tasks: %q", c.role, re, tasks)
					}
				}
				urgent := false
				for _, line := range tasks {
					urgent = urgent || strings.HasPrefix(line, "! ")
				}
				if urgent != c.urgent && c.urgent {
					t.Errorf("%s's start page marks nothing urgent; tasks: %q", c.role, tasks)
				}
				for i := 1; i < len(tasks); i++ {
					if strings.HasPrefix(tasks[i], "! ") && !strings.HasPrefix(tasks[i-1], "! ") {
						t.Errorf("%s: urgent task %q comes after a non-urgent one", c.role, tasks[i])
					}
				}
			}
			// The director's start page named open crises: each named case
			// is an audited read by the crisisregisseur.
			n := auditCount(t, a, `object_type = 'crisis_case' AND role = 'crisisregisseur'`)
			var pending int
			if err := a.DB.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_pending WHERE object_type = 'crisis_case' AND role = 'crisisregisseur'`).Scan(&pending); err != nil {
				t.Fatal(err)
			}
			if n+pending == 0 {
				t.Error("the crisisregisseur's start page named crises but recorded no read of them")
			}
		})
	}
}

// TestAdminStartPage: the administrator's start page lists the background
// jobs whose last round failed (urgent) and the accounts to look after,
// and forgets a job once a round succeeds again (issue 11: the start page
// was empty for the beheerder).
func TestAdminStartPage(t *testing.T) {
	a, srv := testApp(t, "sqlite")
	ctx := context.Background()
	if got := startTasks(t, srv.URL, "beheerder", "/"); len(got) != 0 {
		t.Fatalf("a fresh demo has nothing for the administrator, got %q", got)
	}
	done := a.jobStats.report("crisis_deadlines")
	done(errors.New("database gone"))
	for _, nu := range []auth.NewUser{
		{Username: "jvos", DisplayName: "Joris Vos", Role: auth.RoleZorgkantoor, Password: "een-lang-en-sterk-wachtwoord-2026"},
		{Username: "kvos", DisplayName: "Karin Vos", Role: auth.RoleCOT, Password: "een-lang-en-sterk-wachtwoord-2026"},
	} {
		id, err := a.Auth.CreateUser(ctx, nu)
		if err != nil {
			t.Fatal(err)
		}
		if nu.Username == "kvos" {
			if err := a.Auth.SetDisabled(ctx, id, true); err != nil {
				t.Fatal(err)
			}
		}
	}
	got := startTasks(t, srv.URL, "beheerder", "/")
	want := []*regexp.Regexp{
		regexp.MustCompile(`^! Achtergrondtaak crisis_deadlines mislukte bij de laatste ronde om \d\d-\d\d-\d{4} \d\d:\d\d; zie het serverlog$`),
		regexp.MustCompile(`^1 professional heeft nog geen tweede factor`),
		regexp.MustCompile(`^1 account is geblokkeerd$`),
	}
	for _, re := range want {
		if !slices.ContainsFunc(got, re.MatchString) {
			t.Errorf("no task matching %s in %q", re, got)
		}
	}
	done(nil)
	if got := startTasks(t, srv.URL, "beheerder", "/"); slices.ContainsFunc(got, want[0].MatchString) {
		t.Errorf("a job that succeeded again is still listed: %q", got)
	}
}
