package testkit

import (
	"testing"

	"github.com/volwaardig/volwaardig/internal/web"
)

// fatalRecorder is a testing.TB that notes a Fatalf instead of ending
// the test, so the field checks can be seen to fail.
type fatalRecorder struct {
	testing.TB
	failed bool
}

func (r *fatalRecorder) Helper()               {}
func (r *fatalRecorder) Fatalf(string, ...any) { r.failed = true }

// The field checks pass errors at the form's fields with a message (and
// English, for the bilingual one) and fail on any other.
func TestErrorsAtFields(t *testing.T) {
	good := web.FieldError{Field: "naam", Message: "Vul een naam in.", English: "Enter a name."}
	dutchOnly := web.FieldError{Field: "naam", Message: "Vul een naam in."}
	for _, c := range []struct {
		name                string
		errs                []web.FieldError
		failPlain, failBoth bool
	}{
		{"none", nil, false, false},
		{"at a field", []web.FieldError{good}, false, false},
		{"Dutch only", []web.FieldError{dutchOnly}, false, true},
		{"another field", []web.FieldError{{Field: "adres", Message: "x", English: "x"}}, true, true},
		{"no message", []web.FieldError{{Field: "naam", English: "x"}}, true, true},
	} {
		plain, both := &fatalRecorder{TB: t}, &fatalRecorder{TB: t}
		ErrorsAtFields(plain, c.errs, "naam", "email")
		BilingualErrorsAtFields(both, c.errs, "naam", "email")
		if plain.failed != c.failPlain || both.failed != c.failBoth {
			t.Errorf("%s: ErrorsAtFields failed %v, BilingualErrorsAtFields %v", c.name, plain.failed, both.failed)
		}
	}
}
