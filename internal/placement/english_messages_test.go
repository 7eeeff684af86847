package placement

import "testing"

// inEnglish checks that every message the module sent carries its English
// title, and an English body beside a Dutch body the module wrote (a
// person's own words, such as the national table's note, stay as written),
// so a reader who uses the application in English reads it in English.
func (f *fakeNotify) inEnglish(t *testing.T, ownWords ...string) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.sent) == 0 {
		t.Fatal("no messages sent to check")
	}
	for _, n := range f.sent {
		if n.TitleEN == "" || n.TitleEN == n.Title {
			t.Errorf("message %q has no English title", n.Title)
		}
		own := false
		for _, w := range ownWords {
			own = own || n.Body == w
		}
		if n.Body != "" && !own && (n.BodyEN == "" || n.BodyEN == n.Body) {
			t.Errorf("message %q has no English body", n.Title)
		}
	}
}
