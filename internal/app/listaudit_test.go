package app

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"testing"
)

// TestClientListAuditsWhoWasShown: a list or search of the client register
// records which clients it showed (NEN 7513), one entry per client on the
// page, on the page and in the API, on both dialects.
func TestClientListAuditsWhoWasShown(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			a, srv := testApp(t, dialect)
			ctx := context.Background()
			zk := login(t, srv.URL, "zorgkantoor")
			zkUser, err := a.Auth.UserByName(ctx, "zorgkantoor")
			if err != nil {
				t.Fatal(err)
			}
			audited := func(action string) []int64 {
				t.Helper()
				rows, err := a.DB.QueryContext(ctx, `SELECT client_id FROM audit_accesses WHERE user_id = $1 AND object_type = 'client_list' AND action = $2 AND client_id > 0 ORDER BY client_id`, zkUser.ID, action)
				if err != nil {
					t.Fatal(err)
				}
				defer rows.Close()
				var ids []int64
				for rows.Next() {
					var id int64
					if err := rows.Scan(&id); err != nil {
						t.Fatal(err)
					}
					ids = append(ids, id)
				}
				return ids
			}

			resp, page := request(t, srv, zk, "GET", "/clienten", nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("list: %d", resp.StatusCode)
			}
			var shown []int64
			for _, m := range regexp.MustCompile(`href="/clienten/(\d+)"`).FindAllStringSubmatch(page, -1) {
				id, _ := strconv.ParseInt(m[1], 10, 64)
				if !slices.Contains(shown, id) {
					shown = append(shown, id)
				}
			}
			slices.Sort(shown)
			if len(shown) == 0 {
				t.Fatal("the list shows no clients")
			}
			if got := audited("read"); !slices.Equal(got, shown) {
				t.Errorf("list audited clients %v, the page showed %v", got, shown)
			}

			resp, body := request(t, srv, zk, "GET", "/api/v1/clients?q=de", nil)
			var out struct {
				Clients []struct {
					ID int64 `json:"id"`
				} `json:"clients"`
			}
			if err := json.Unmarshal([]byte(body), &out); err != nil || resp.StatusCode != http.StatusOK || len(out.Clients) == 0 {
				t.Fatalf("API search: %d %v", resp.StatusCode, err)
			}
			var found []int64
			for _, c := range out.Clients {
				found = append(found, c.ID)
			}
			slices.Sort(found)
			if got := audited("search"); !slices.Equal(got, found) {
				t.Errorf("API search audited clients %v, it returned %v", got, found)
			}
		})
	}
}
